#!/usr/bin/env bash
# Builds the app once and writes dist/igmp-workbench.html, the whole app in one file that opens
# from file:// (no server, no network): hand it to students on a USB stick or by mail.
# Set SKIP_BUILD=1 to reuse an existing release build in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  bash scripts/setup.sh
  trunk build --release
fi
node scripts/build-single.mjs dist
