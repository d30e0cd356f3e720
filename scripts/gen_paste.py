"""Writes the paste forms of real frames as Python 3 and Scapy print them (tests/data/paste).

Run by scripts/gen-expected.sh with a Python that has Scapy. For each capture NAME it writes
  NAME.frames.txt        the truth: "<seconds>.<microseconds> <hex>" per frame, the bytes of the
                         file (Packet.original: bytes(p) would be Scapy's rebuild, which differs,
                         e.g. it adds a Router Alert option to mtrace)
  NAME.python-repr.txt   print(data) of each frame's bytes (Python's repr: printable bytes as
                         characters, \\n \\r \\t \\\\ \\' escapes)
  NAME.scapy-session.txt an interactive Scapy session: >>> pkts[i].original and its output
  NAME.scapy-ether.txt   Ether(b'...') per frame, as people rebuild a packet
  NAME.fromhex.txt       bytes.fromhex('01 00 5e ...') per frame
  NAME.scapy-hexdump.txt Scapy's hexdump(p) of each frame, a blank line between
"""
import contextlib
import io
import sys

from scapy.all import hexdump, rdpcap

out_dir = sys.argv[1]
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    packets = rdpcap(path)[:6]
    datas = [p.original for p in packets]

    def write(kind, text):
        with open(f"{out_dir}/{name}.{kind}.txt", "w") as f:
            f.write(text)

    write("frames", "".join(
        f"{int(p.time)}.{int(round((p.time - int(p.time)) * 1e6)):06d} {d.hex()}\n"
        for p, d in zip(packets, datas)))
    write("python-repr", "".join(f"{d!r}\n" for d in datas))
    write("scapy-session", "".join(
        f">>> pkts[{i}].original\n{p.original!r}\n" for i, p in enumerate(packets)))
    write("scapy-ether", "".join(f"Ether({d!r})\n" for d in datas))
    write("fromhex", "".join(f"bytes.fromhex('{d.hex(' ')}')\n" for d in datas))
    dumps = []
    for p in packets:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            hexdump(p.original)
        dumps.append(buf.getvalue())
    write("scapy-hexdump", "\n".join(dumps))
