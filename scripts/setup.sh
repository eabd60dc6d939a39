#!/usr/bin/env bash
# Installs what building and testing Switchboard needs on a fresh Debian machine, when it
# is missing: libpq (the PostgreSQL client library diesel links), Node.js for the console,
# Chromium for the browser tests (`--browser`), and a running PostgreSQL (`--postgres`).
# Safe to run again: it only installs what is not there.
set -euo pipefail

want_browser=false
want_postgres=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
    --postgres) want_postgres=true ;;
    *) echo "usage: $0 [--browser] [--postgres]" >&2; exit 2 ;;
  esac
done

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if $want_browser && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
# Chinese glyphs for the zh-CN screens (screenshots show boxes without them).
if $want_browser && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then missing+=(fonts-noto-cjk); fi
if $want_postgres && ! command -v pg_ctlcluster >/dev/null 2>&1; then missing+=(postgresql); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if $want_postgres; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "setup: starting PostgreSQL"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { echo "setup: PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
  # Tests connect as `postgres` without a password (trust auth on these machines).
  psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null || {
    echo "setup: cannot connect as postgres@127.0.0.1 without a password (trust auth expected)" >&2; exit 1; }
fi
