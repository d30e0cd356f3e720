#!/usr/bin/env bash
# Command one: install what is missing, build the release app, serve it on 127.0.0.1.
#   PORT=8080 scripts/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release
port=${PORT:-8080}
echo
echo "IGMP Workbench is at http://127.0.0.1:$port/  (Ctrl-C to stop)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
