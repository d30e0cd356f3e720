#!/usr/bin/env bash
# Regenerates the committed oracle outputs under tests/data/expected from the corpus, using the
# real tcpdump 4.99, tshark 4.0 and editcap (Debian 12: apt-get install tcpdump tshark).
# The tests never need these tools; run this only when the corpus or the export format changes.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=tests/data/corpus
out=tests/data/expected
mkdir -p "$out" tests/data/pcapng tests/data/exported
cargo build --quiet --bin igmpwb
for f in "$corpus"/tcpdump/*.pcap "$corpus"/linux-frr/*.pcap; do
  name=$(basename "$f" .pcap)
  TZ=GMT tcpdump -# -n -tttt -r "$f" > "$out/$name.tcpdump.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -v -r "$f" > "$out/$name.tcpdump-v.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -vv -r "$f" > "$out/$name.tcpdump-vv.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -e -r "$f" > "$out/$name.tcpdump-e.txt" 2>/dev/null
  python3 scripts/pdml_fields.py "$f" > "$out/$name.tshark.tsv"
  editcap -F pcapng "$f" "tests/data/pcapng/$name.pcapng"
  ./target/debug/igmpwb convert "$f" "tests/data/exported/$name.pcap" 2>/dev/null
  ./target/debug/igmpwb convert "$f" "tests/data/exported/$name.pcapng" 2>/dev/null
  for ext in pcap pcapng; do
    tshark -r "tests/data/exported/$name.$ext" -x > "$out/$name.export-$ext.tshark-x.txt"
    tshark -r "tests/data/exported/$name.$ext" 2>&1 | grep -ci 'malformed\|bad checksum' > "$out/$name.export-$ext.warnings" || true
  done
done
echo "regenerated $(ls "$out" | wc -l) files"

# Golden frames: tshark's PDML positions and sizes for each, the outside witness that
# tests/golden.rs compares our spans with (NAME.tshark.tsv beside NAME.hex).
for hex in tests/data/frames/ok/*.hex tests/data/frames/err/*.hex; do
  p=$(mktemp --suffix=.pcap)
  # A paste- case holds a typo on purpose: convert says so (exit 1) and writes what it read.
  ./target/debug/igmpwb convert "$hex" "$p" 2>/dev/null || [ "${hex##*/paste-}" != "$hex" ]
  python3 scripts/pdml_fields.py "$p" > "${hex%.hex}.tshark.tsv"
  rm -f "$p"
done
echo "golden witnesses: $(ls tests/data/frames/*/*.tshark.tsv | wc -l)"

# Simulator pcaps: tshark's expert verdict on each built-in scenario's traffic, tied to the
# exact bytes by an FNV-1a 64 digest (tests/sim.rs recomputes it).
fnv() { python3 -c 'import sys
h=0xcbf29ce484222325
for b in open(sys.argv[1],"rb").read():
    h^=b; h=(h*0x100000001b3)&0xffffffffffffffff
print("%016x"%h)' "$1"; }
for name in $(./target/debug/igmpwb simulate --list | cut -f1); do
  p=$(mktemp --suffix=.pcap)
  ./target/debug/igmpwb simulate --builtin "$name" --pcap "$p" > /dev/null
  {
    echo "fnv64 $(fnv "$p")"
    echo "frames $(tshark -r "$p" 2>/dev/null | wc -l)"
    echo "expert-items $(tshark -r "$p" -q -z expert 2>/dev/null | grep -cE '^ +[0-9]+ ')"
    echo "malformed $(tshark -r "$p" 2>/dev/null | grep -ci malformed)"
  } > "$out/sim-$name.tshark.txt"
  rm -f "$p"
done
echo "simulator verdicts: $(ls "$out"/sim-*.tshark.txt | wc -l)"

# Builder presets: tshark's verdict on every preset frame.
p=$(mktemp --suffix=.pcap)
./target/debug/igmpwb build --presets "$p"
{
  echo "fnv64 $(fnv "$p")"
  echo "frames $(tshark -r "$p" 2>/dev/null | wc -l)"
  echo "expert-items $(tshark -r "$p" -q -z expert 2>/dev/null | grep -cE '^ +[0-9]+ ')"
  echo "malformed $(tshark -r "$p" 2>/dev/null | grep -ci malformed)"
  tshark -r "$p" 2>/dev/null | sed 's/^ *[0-9]* *[0-9.]* *//'
} > "$out/builder-presets.tshark.txt"
rm -f "$p"

# Paste forms as the real tools print them (tests/data/paste, read by tests/paste.rs): Python 3
# and Scapy (installed into a throwaway venv under target/), and tcpdump -v with each hex flag.
paste=tests/data/paste
paste_sources="$corpus/linux-frr/host-v3-source-specific.pcap $corpus/linux-frr/router-querier-frr-v2.pcap $corpus/tcpdump/mtrace.pcap $corpus/tcpdump/igmpv3-queries.pcap"
mkdir -p "$paste"
[ -x target/gen-venv/bin/python ] || { python3 -m venv target/gen-venv && target/gen-venv/bin/pip install -q scapy; }
target/gen-venv/bin/python scripts/gen_paste.py "$paste" $paste_sources
for f in $paste_sources; do
  name=$(basename "$f" .pcap)
  for flag in x xx X XX; do
    TZ=GMT tcpdump -n -c 6 -v -$flag -r "$f" > "$paste/$name.tcpdump-v-$flag.txt" 2>/dev/null
  done
  TZ=GMT tcpdump -n -c 6 -tttt -e -v -XX -r "$f" > "$paste/$name.tcpdump-tttt-e-v-XX.txt" 2>/dev/null
done
echo "paste forms: $(ls "$paste" | wc -l)"

# Parity captures (tests/data/parity, read by tests/parity.rs): VLAN/QinQ, Linux cooked v1/v2,
# PIMv1 whole and cut after every byte, and the non-IGMP frames of real captures; tcpdump's
# output in all four styles. -S (absolute TCP sequence numbers) because igmpwb keeps no
# per-connection state; it changes nothing for the other protocols.
python3 scripts/gen_parity_pcaps.py tests/data/parity
for f in tests/data/parity/*.pcap; do
  name=${f%.pcap}
  TZ=GMT tcpdump -# -n -tttt -S -r "$f" > "$name.tcpdump.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -S -v -r "$f" > "$name.tcpdump-v.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -S -e -r "$f" > "$name.tcpdump-e.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -S -e -v -r "$f" > "$name.tcpdump-e-v.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -S -vv -r "$f" > "$name.tcpdump-vv.txt" 2>/dev/null
  TZ=GMT tcpdump -# -n -tttt -S -e -vv -r "$f" > "$name.tcpdump-e-vv.txt" 2>/dev/null
  python3 scripts/pdml_fields.py "$f" > "$name.tshark.tsv"
done
echo "parity captures: $(ls tests/data/parity/*.pcap | wc -l)"

# tshark's values of the MLD and Hop-by-Hop fields (tests/parity.rs compares ours with them).
bash scripts/mld-values.sh

# Display filters: the frames tshark -Y keeps for each filter of tests/data/filters/filters.tsv
# (capture, filter), compared with the workbench's filter by tests/filters.rs.
while IFS=$'\t' read -r capture filter; do
  frames=$(tshark -r "tests/data/$capture" -Y "$filter" -T fields -e frame.number 2>/dev/null | paste -sd, -)
  printf '%s\t%s\t%s\n' "$capture" "$filter" "$frames"
done < tests/data/filters/filters.tsv > tests/data/filters/tshark.tsv
echo "filters: $(wc -l < tests/data/filters/tshark.tsv)"

# Filters tshark refuses: each line of tests/data/filters/refused.tsv is a filter and the exit
# status of tshark -Y with it (2: the filter does not compile); tests/filters.rs checks that the
# workbench refuses them too.
cut -f1 tests/data/filters/refused.tsv | while IFS= read -r filter; do
  tshark -r tests/data/corpus/linux-frr/bridge-querier-v2.pcap -Y "$filter" -c 1 > /dev/null 2>&1
  printf '%s\t%s\n' "$filter" "$?"
done > tests/data/filters/refused.tsv.new && mv tests/data/filters/refused.tsv.new tests/data/filters/refused.tsv
echo "refused filters: $(wc -l < tests/data/filters/refused.tsv)"
