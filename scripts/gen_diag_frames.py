#!/usr/bin/env python3
"""Writes the golden frames of tests/data/frames/err/ that show the diagnostics no capture
showed (codec/diagnostics.rs lists every check; tests/golden.rs wants a frame for each).
Each frame is built byte by byte here, with correct checksums except where the point is a
wrong one. Run from the repository root; then `UPDATE_GOLDEN=1 cargo test --test golden`
writes their .tree files and scripts/gen-expected.sh their tshark witnesses."""
import struct

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF

def mac_for(ip):
    return bytes([0x01, 0x00, 0x5E, ip[1] & 0x7F, ip[2], ip[3]])

SRC_MAC = bytes.fromhex("020000000001")
SRC = bytes([192, 168, 1, 10])

def eth(dst_mac, ethertype, payload):
    return dst_mac + SRC_MAC + struct.pack("!H", ethertype) + payload

def ipv4(proto, dst, payload, ttl=1, options=b"", ver_ihl=None, total=None, fix_sum=True):
    ihl = 5 + len(options) // 4
    vi = ver_ihl if ver_ihl is not None else (0x40 | ihl)
    tl = total if total is not None else 20 + len(options) + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", vi, 0xC0, tl, 0, 0x4000, ttl, proto, 0, SRC, dst) + options
    if fix_sum:
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload

RA = bytes([0x94, 0x04, 0x00, 0x00])

def igmp(t, code, group, extra=b""):
    m = struct.pack("!BBH4s", t, code, 0, group) + extra
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]

def udp(sport, dport, payload):
    # The UDP checksum is left 0 (none), as RFC 768 allows over IPv4.
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload

G = bytes([224, 10, 10, 10])
ALL_ROUTERS = bytes([224, 0, 0, 2])

def report_frame(ip_bytes, dst=G):
    return eth(mac_for(dst), 0x0800, ip_bytes)

def vxlan(inner, flags=0x08):
    return struct.pack("!B3sI", flags, b"\0\0\0", 4242 << 8) + inner

def vxlan_frame(inner, flags=0x08):
    dst = bytes([10, 0, 0, 2])
    return eth(bytes.fromhex("020000000002"), 0x0800,
               ipv4(17, dst, udp(49152, 4789, vxlan(inner, flags)), ttl=64))

v2 = igmp(0x16, 0, G)
frames = {
    "ip-version-6": ("IPv4 EtherType, but the header's version nibble says 6",
                     report_frame(ipv4(2, G, v2, options=RA, ver_ihl=0x66))),
    "ip-ihl-4": ("IPv4 header length 4 words (16 bytes): below the minimum 5",
                 report_frame(ipv4(2, G, v2, ver_ihl=0x44))),
    "ip-total-length-16": ("IPv4 Total Length 16: shorter than its own 20-byte header",
                           report_frame(ipv4(2, G, v2, total=16))),
    "tcp-header-length-16": ("TCP data offset 4 (16 bytes): below the minimum 20",
                             eth(bytes.fromhex("020000000002"), 0x0800,
                                 ipv4(6, bytes([10, 0, 0, 2]), struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 0x40, 0x02, 1024, 0, 0), ttl=64))),
    "ip-option-overruns": ("IPv4 option 7 (record route) claims 40 bytes in a 4-byte option area",
                           report_frame(ipv4(2, G, v2, options=bytes([0x07, 0x28, 0x04, 0x00])))),
    "router-alert-value-1": ("Router Alert option with value 1 (RFC 2113 defines only 0)",
                             report_frame(ipv4(2, G, v2, options=bytes([0x94, 0x04, 0x00, 0x01])))),
    "udp-to-a-group": ("UDP data to a group: IP protocol 17, not IGMP",
                       report_frame(ipv4(17, bytes([239, 1, 1, 1]), udp(40000, 5000, b"hello, group"), ttl=16),
                                    dst=bytes([239, 1, 1, 1]))),
    "bytes-after-datagram": ("v2 report followed by 14 non-zero bytes (not Ethernet's zero padding) in a 60-byte frame",
                             report_frame(ipv4(2, G, v2, options=RA) + bytes(range(1, 15)))),
    "leave-max-resp-set": ("v2 Leave with Max Resp Time 100: unused in a Leave, sent as zero",
                           report_frame(ipv4(2, ALL_ROUTERS, igmp(0x17, 100, G), options=RA), dst=ALL_ROUTERS)),
    "lldp-ethertype": ("LLDP (EtherType 0x88cc): not IPv4, IPv6 or ARP",
                       eth(bytes.fromhex("0180c200000e"), 0x88CC,
                           bytes.fromhex("0207040200000000010403020001060200780000") + bytes(26))),
    "vxlan-i-flag-clear": ("VXLAN (UDP 4789) with its I flag clear, around a v2 report",
                           vxlan_frame(report_frame(ipv4(2, G, v2, options=RA)), flags=0x00)),
}
inner = report_frame(ipv4(2, G, v2, options=RA))
for _ in range(9):
    inner = vxlan_frame(inner)
frames["vxlan-nine-deep"] = ("a v2 report inside nine VXLAN tunnels: the workbench opens eight", inner)

for name, (what, b) in frames.items():
    with open(f"tests/data/frames/err/{name}.hex", "w") as f:
        f.write(f"# {what} (crafted by scripts/gen_diag_frames.py)\n{b.hex()}\n")
print(len(frames), "frames")
