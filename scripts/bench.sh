#!/usr/bin/env bash
# Benchmarks (figures go in the README and the issue notes). Ratios, not claims:
#  1. `igmpwb summary` beside `TZ=GMT tcpdump -# -n -tttt` (the same output format), plain and
#     -v, in one run with alternating runs, on
#       - "realistic": bench/gen-big-pcap.py, N frames of every IGMP message type, random hosts
#         and groups (the mix the team measures with);
#       - "many-groups": examples/make_bench_pcap, N frames over many distinct groups, a file
#         that sends tcpdump into a slow path;
#     (tcpdump is installed from Debian if missing);
#  2. import + summarise natively (the browser's packet-list path: the import worker's batches
#     appended by the page's model, `igmpwb bench-import`), with its peak RSS;
#  3. the release wasm bundle size, raw and gzipped;
#  4. the simulator; 5. the import in headless Chromium (tests/bench/browser-import.mjs): time,
#     longest main-thread task, memory per listed frame; BROWSER_10M=1 adds the 10M-frame,
#     800 MB capture; the Inspector's answer to a hover and to a selection with 100 000 frames
#     loaded (tests/bench/inspector-interaction.mjs); the Analysis view on the realistic file and a
#     2 MB tcpdump -xx paste, each with its longest main-thread task
#     (tests/bench/analysis-paste.mjs); 6. peak RSS of the summary runs.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
{ command -v tcpdump && command -v bc && [ -x /usr/bin/time ]; } >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq tcpdump bc time; }
cargo build --profile bench-native --bin igmpwb --example make_bench_pcap --quiet
bin=target/bench-native
f=$(mktemp --suffix=.pcap)
real=$(mktemp --suffix=.pcap)
trap 'rm -f "$f" "$real"' EXIT
$bin/examples/make_bench_pcap "$f" "$N"
python3 bench/gen-big-pcap.py "$N" "$real"
echo "summary of $N frames, median of ${RUNS:-3} alternating runs (tcpdump $(tcpdump --version 2>&1 | head -n1 | awk '{print $3}')):"
python3 scripts/bench_compare.py "$bin/igmpwb" "realistic=$real" "many-groups=$f"
# Peak memory (maximum resident set size) of the same summary runs, and of tcpdump beside it.
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1; }
for file in "realistic=$real" "many-groups=$f"; do
  name=${file%%=*}; path=${file#*=}
  printf 'peak RSS, summary of %s (%d MB file): igmpwb %d KB, -v %d KB; tcpdump %d KB\n' "$name" \
    "$(( $(stat -c %s "$path") / 1048576 ))" "$(rss $bin/igmpwb summary "$path")" \
    "$(rss $bin/igmpwb summary -v "$path")" "$(TZ=GMT rss tcpdump -# -n -tttt -r "$path")"
done
t() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); echo "$e - $s" | bc; }
importer() { $bin/igmpwb bench-import "$real" > /dev/null; }
c=$(t importer)
printf "import + packet-list summaries of %d frames (native, realistic file): %.2f s, peak RSS %d KB\n" "$N" "$c" "$(rss $bin/igmpwb bench-import "$real")"
for name in realistic many-groups; do
  file=$real; [ "$name" = many-groups ] && file=$f
  analyser() { $bin/igmpwb analyze "$file" > /dev/null; }
  c=$(t analyser)
  printf "igmpwb analyze of %d frames (%s): %.2f s, peak RSS %d KB\n" "$N" "$name" "$c" "$(rss $bin/igmpwb analyze "$file")"
done
if ls dist/*.wasm >/dev/null 2>&1; then
  w=$(ls dist/*.wasm | head -n1)
  printf 'wasm bundle: %d bytes, %d bytes gzipped (-9)\n' "$(stat -c %s "$w")" "$(gzip -9 -c "$w" | wc -c)"
  # What the page loads: index.html, the glue, the wasm, the hashed styles and the logo (the
  # service worker, sw.js, is fetched after the page has loaded and is counted apart).
  app=0
  for f in dist/index.html dist/igmp-workbench-*.js dist/*.wasm dist/style-*.css dist/static/logo.svg; do
    [ -f "$f" ] && app=$((app + $(gzip -9 -c "$f" | wc -c)))
  done
  printf 'whole app as loaded (html, js, wasm, css, logo): %d bytes gzipped (-9), budget 600 000\n' "$app"
  if [ -f dist/sw.js ]; then
    printf 'service worker sw.js: %d bytes gzipped (-9)\n' "$(gzip -9 -c dist/sw.js | wc -c)"
  fi
  if [ -f dist/igmp-workbench.html ]; then
    printf 'single-file build dist/igmp-workbench.html: %d bytes\n' "$(stat -c %s dist/igmp-workbench.html)"
  fi
fi
s=$(date +%s.%N); line=$($bin/igmpwb bench-sim); e=$(date +%s.%N)
ev=${line%% events*}
printf 'simulator, 1000 hosts in 20 groups over one simulated hour: %s events in %.2f s (%.0f events/s)\n' "$ev" "$(echo "$e - $s" | bc)" "$(echo "$ev / ($e - $s)" | bc -l)"
# In headless Chromium (needs scripts/setup.sh test and a release build in dist/).
if [ -x /usr/bin/chromium ] && ls dist/*.wasm >/dev/null 2>&1; then
  python3 -m http.server 8093 --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
  server=$!
  sleep 1
  WORKBENCH_URL=http://127.0.0.1:8093/ N="$N" node tests/bench/browser-import.mjs || true
  WORKBENCH_URL=http://127.0.0.1:8093/ N=100000 node tests/bench/inspector-interaction.mjs || true
  WORKBENCH_URL=http://127.0.0.1:8093/ FILE="$real" node tests/bench/analysis-paste.mjs || true
  if [ "${BROWSER_10M:-0}" = 1 ]; then
    WORKBENCH_URL=http://127.0.0.1:8093/ N=10000000 FRAME_BYTES=64 node tests/bench/browser-import.mjs || true
  fi
  kill $server 2>/dev/null || true
fi
