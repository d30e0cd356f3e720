#!/bin/bash
# tshark's values of the MLD and Hop-by-Hop fields (#30), every occurrence, for
# tests/parity.rs: `frame<TAB>field<TAB>values` (several occurrences joined by commas).
# Run by scripts/gen-expected.sh; needs tshark.
set -euo pipefail
# tests/data/parity/mld.pcap: every MLD golden frame (tests/data/frames/{ok,err}/mld*.hex) in
# one capture, a second apart.
python3 - <<'PY'
import glob, struct
hexes = sorted(glob.glob("tests/data/frames/ok/mld*.hex")) + sorted(glob.glob("tests/data/frames/err/mld*.hex"))
out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)
for i, h in enumerate(hexes):
    frame = bytes.fromhex("".join(l.strip() for l in open(h) if not l.startswith("#")))
    out += struct.pack("<IIII", 1764800000 + i, 0, len(frame), len(frame)) + frame
open("tests/data/parity/mld.pcap", "wb").write(out)
PY
FIELDS="icmpv6.type icmpv6.code icmpv6.checksum icmpv6.mld.maximum_response_delay icmpv6.mld.maximum_response_code icmpv6.mld.multicast_address icmpv6.mld.flag.s icmpv6.mld.flag.qrv icmpv6.mld.qqi icmpv6.mld.nb_sources icmpv6.mld.source_address icmpv6.mldr.nb_mcast_records icmpv6.mldr.mar.record_type icmpv6.mldr.mar.aux_data_len icmpv6.mldr.mar.nb_sources icmpv6.mldr.mar.multicast_address icmpv6.mldr.mar.source_address ipv6.hopopts.nxt ipv6.opt.router_alert ipv6.hlim ipv6.src ipv6.dst"
for name in icmp6 mld; do
  args=()
  for f in $FIELDS; do args+=(-e "$f"); done
  tshark -r "tests/data/parity/$name.pcap" -T fields -E occurrence=a -E aggregator=, "${args[@]}" 2>/dev/null |
    awk -v fields="$FIELDS" 'BEGIN { FS = "\t"; n = split(fields, f, " ") } { for (i = 1; i <= n; i++) if ($i != "") print NR "\t" f[i] "\t" $i }' \
    > "tests/data/parity/$name.values.tsv"
done
