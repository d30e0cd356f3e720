"""Writes the pastes of tests/data/paste-link that come from Python itself and from tshark:
what `print([...])` of a list of frames prints, a `>>> frame.hex()` session, and `tshark -V -x`.
Deterministic; run from the repository root with python3 3.11 and tshark 4.0 on PATH."""
import struct
import subprocess

out = "tests/data/paste-link"


def frames(path, n):
    data = open(path, "rb").read()
    pos, got = 24, []
    while pos + 16 <= len(data) and len(got) < n:
        _, _, incl, _ = struct.unpack("<IIII", data[pos:pos + 16])
        got.append(data[pos + 16:pos + 16 + incl])
        pos += 16 + incl
    return got


two = frames("tests/data/corpus/linux-frr/host-v2-join-leave.pcap", 2)
with open(f"{out}/python-list.txt", "w") as f:
    f.write(repr(two) + "\n")
with open(f"{out}/python-hex-session.txt", "w") as f:
    f.write(">>> frame = rdpcap('host-v2-join-leave.pcap')[0]\n>>> bytes(frame).hex()\n")
    f.write(repr(two[0].hex()) + "\n")
with open(f"{out}/frames.txt", "w") as f:
    for b in two:
        f.write(b.hex() + "\n")
tv = subprocess.run(["tshark", "-r", "tests/data/corpus/linux-frr/host-v2-join-leave.pcap", "-c", "2", "-V", "-x"],
                    check=True, capture_output=True, text=True).stdout
with open(f"{out}/tshark-V-x.txt", "w") as f:
    f.write(tv)
