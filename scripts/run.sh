#!/usr/bin/env bash
# Runs Switchboard on one machine: builds the console and the release binary, then serves
# both at http://127.0.0.1:8080 on an SQLite database in ./data. On the first start it
# prints the password of the `admin` user (or uses SWITCHBOARD_ADMIN_PASSWORD).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -f web/package.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi
cargo build --release --locked -p switchboard
exec ./target/release/switchboard serve
