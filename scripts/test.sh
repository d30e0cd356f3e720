#!/usr/bin/env bash
# Command two: install what the tests need, then run every test:
#   formatting, clippy (native and wasm32), native tests, in-browser wasm tests (headless
#   Chromium), end-to-end tests (playwright-core + Debian's Chromium against the release build
#   served on 127.0.0.1). Logs and screenshots go to test-output/.
# Ends with one line "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
out=test-output
rm -rf "$out"; mkdir -p "$out/screenshots"
passed=0; failed=0

# A stage that is one check: passes or fails as a whole.
check() {
  local name=$1; shift
  echo "== $name"
  if "$@" > "$out/$name.log" 2>&1; then
    passed=$((passed + 1)); echo "   ok"
  else
    failed=$((failed + 1)); echo "   FAILED (see $out/$name.log)"; tail -n 40 "$out/$name.log"
  fi
}

# A stage that runs cargo's test harness: count its tests.
cargo_tests() {
  local name=$1; shift
  echo "== $name"
  "$@" > "$out/$name.log" 2>&1
  local status=$?
  local p f
  p=$(grep -Eo '[0-9]+ passed' "$out/$name.log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$out/$name.log" | awk '{s+=$1} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  echo "   $p passed, $f failed"
  [ "$f" -eq 0 ] || grep -E "panicked|FAILED|error(\[|:)" "$out/$name.log" | head -n 40
}

check fmt cargo fmt --all -- --check
check clippy cargo clippy --all-targets -- -D warnings
check clippy-wasm cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
cargo_tests native-tests cargo test
cargo_tests wasm-tests cargo test --target wasm32-unknown-unknown --test web --test core_props

echo "== release build"
if trunk build --release > "$out/trunk.log" 2>&1 && node scripts/build-single.mjs dist >> "$out/trunk.log" 2>&1; then
  passed=$((passed + 1)); echo "   ok"
  # The whole app as the page loads it (html, js glue, wasm, css, logo), gzipped: within
  # 600 000 bytes (the service worker, fetched after the page loads, is apart).
  app=0
  for f in dist/index.html dist/igmp-workbench-*.js dist/*.wasm dist/style-*.css dist/static/logo.svg; do
    [ -f "$f" ] && app=$((app + $(gzip -9 -c "$f" | wc -c)))
  done
  echo "== size: the whole app is $app bytes gzipped (budget 600 000)"
  if [ "$app" -le 600000 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "   FAILED: over budget"; fi
  port=${E2E_PORT:-8089}
  python3 -m http.server "$port" --bind 127.0.0.1 --directory dist > "$out/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null' EXIT
  for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  echo "== e2e"
  WORKBENCH_URL="http://127.0.0.1:$port/" SCREENSHOT_DIR="$out/screenshots" \
    node --test --test-reporter=tap tests/e2e/ > "$out/e2e.log" 2>&1
  p=$(grep -E '^# pass ' "$out/e2e.log" | awk '{print $3}'); f=$(grep -E '^# fail ' "$out/e2e.log" | awk '{print $3}')
  p=${p:-0}; f=${f:-1}
  passed=$((passed + p)); failed=$((failed + f))
  echo "   $p passed, $f failed"
  [ "$f" -eq 0 ] || grep -E "^not ok|error|Error" "$out/e2e.log" | head -n 40
  # The README's screenshots come from this run, so they show the app as it is.
  mkdir -p docs/screenshots
  for shot in inspector-hover-maddr builder-v3-report scenario-last-member-leaves scenario-ja hostile-scenario inspector-filter-error inspector-mixed-arp analysis analysis-ja inspector-1366x768 scenarios-presenter-1920x1080-ja scenarios-predict-1920x1080-ja-large phone-inspector phone-scenarios inspector-bare-igmp presenter-snooping-switch-1280x720-ja-large scenarios-details-glossary-1920x1080-ja-large lessons-find-error-1366x768-ja scenarios-unicast-vs-multicast-1920x1080-ja-large analysis-1m-zoomed mac-ipv6-solicited-node-ja inspector-mld2-report hex-64k-scrolled builder-mld1-done builder-mld2-report analysis-mld-ja; do
    [ -f "$out/screenshots/$shot.png" ] && cp "$out/screenshots/$shot.png" docs/screenshots/
  done
else
  failed=$((failed + 1)); echo "   FAILED"; tail -n 40 "$out/trunk.log"
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
