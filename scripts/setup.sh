#!/usr/bin/env bash
# Installs whatever is missing, skipping what is already there at the right version.
#   scripts/setup.sh build   the wasm target, trunk, wasm-bindgen-cli, npm tooling (wasm-opt)
#   scripts/setup.sh test    the above, plus Debian's Chromium and ChromeDriver
# Works as root on a fresh Debian 12 machine that reaches only the package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-build}
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml and Trunk.toml
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 18 minutes on 2 cores, once per machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 9 minutes, once per machine)"
  # Not --locked: its lock file names a webpki-roots release the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/esbuild ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tooling (binaryen's wasm-opt, esbuild, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

if [ "$mode" = test ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends chromium chromium-driver fonts-noto-cjk
  fi
  if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    say "installing Japanese fonts for the screenshots"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk
  fi
fi
say "ready"
