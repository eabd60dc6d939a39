#!/usr/bin/env bash
# Runs every test of Switchboard: the Rust unit tests, the black-box API tests on SQLite
# and again on PostgreSQL, and — when the console exists — its type check, unit tests and
# browser tests in Chromium against the real binary.
set -euo pipefail
cd "$(dirname "$0")/.."

with_web=false
[ -f web/package.json ] && with_web=true
if $with_web; then scripts/setup.sh --postgres --browser; else scripts/setup.sh --postgres; fi

export RUST_BACKTRACE=0
echo "== Rust: formatting and lints (a warning fails)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== Rust: unit tests and API tests on SQLite"
cargo test --workspace --locked

echo "== Rust: API tests on PostgreSQL"
TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
  cargo test --locked -p switchboard --test api

if $with_web; then
  echo "== Web console: type check and ESLint, unit tests, build, browser tests"
  cargo build --locked -p switchboard
  (
    cd web
    npm ci --no-audit --no-fund --loglevel=error
    npm run check
    npm test
    npm run build
    npm run test:e2e
  )
fi
echo "== All tests passed"
