"""Crafts the parity captures in tests/data/parity (deterministic: same bytes every run).

  vlan.pcap   IGMP in 802.1Q, QinQ (88a8 + 8100), 9100 + 8100, a priority tag, ARP in a tag,
              a frame cut inside its tag
  sll.pcap    Linux cooked v1 (DLT 113): every packet type, an IGMP v2 report and v3 report
  sll2.pcap   Linux cooked v2 (DLT 276): the same frames
  raw.pcap    raw IPv4 (DLT 101): reports, UDP, a report shorter on the wire than its IP length
  igmp-cut.pcap  frames of every IGMP type in tcpdump's own captures and the Linux/FRR corpus,
              whole and cut after every IGMP byte (caplen < len)
  pimv1.pcap  PIMv1 inside IGMP (type 0x14), every message type print-pim.c knows (and two it
              does not), each whole and then cut after every byte (caplen < len)

tcpdump's output for each (plain, -v, -e, -e -v) is committed beside them by gen-expected.sh.
"""
import struct
import sys

out = sys.argv[1]


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip(src, dst, payload, ttl=1, ra=True, total=None):
    opts = b"\x94\x04\x00\x00" if ra else b""
    ihl = (20 + len(opts)) // 4
    total = total if total is not None else 20 + len(opts) + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0xC0, total, 0, 0x4000, ttl, 2, 0,
                      bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + opts
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def igmp(msg):
    return msg[:2] + struct.pack("!H", csum(msg[:2] + b"\0\0" + msg[4:])) + msg[4:]


def a(s):
    return bytes(map(int, s.split(".")))


def mac_for(group):
    g = a(group)
    return bytes([1, 0, 0x5E, g[1] & 0x7F, g[2], g[3]])


SRC_MAC = bytes.fromhex("020000000011")
V2_REPORT = igmp(b"\x16\x00\0\0" + a("239.1.2.3"))
V3_REPORT = igmp(b"\x22\x00\0\0\0\0\0\x01" + b"\x04\x00\x00\x00" + a("232.1.1.1"))


def pcap(name, linktype, records):
    with open(f"{out}/{name}", "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype))
        for i, rec in enumerate(records):
            data, wire = rec if isinstance(rec, tuple) else (rec, len(rec))
            f.write(struct.pack("<IIII", 1700000000 + i, 1000 * i, len(data), wire))
            f.write(data)


# ---- VLAN -------------------------------------------------------------------------------------
def eth(dst, ethertype, payload, tags=()):
    head = dst + SRC_MAC
    for tpid, tci in tags:
        head += struct.pack("!HH", tpid, tci)
    return head + struct.pack("!H", ethertype) + payload


report = ip("10.0.0.11", "239.1.2.3", V2_REPORT)
v3 = ip("10.0.0.11", "224.0.0.22", V3_REPORT)
arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + SRC_MAC + a("10.0.0.11") + bytes(6) + a("10.0.0.1")
vlan = [
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x8100, 100)]),
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x8100, (5 << 13) | 4000)]),
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x88A8, 200), (0x8100, 100)]),
    eth(mac_for("224.0.0.22"), 0x0800, v3, [(0x9100, 300), (0x8100, 10)]),
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x8100, (3 << 13) | 0)]),
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x8100, (6 << 13) | (1 << 12) | 100)]),
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x88A8, 200), (0x8100, 100)])[:20],
    eth(b"\xff" * 6, 0x0806, arp, [(0x8100, 100)]),
    eth(mac_for("239.1.2.3"), 0x0800, report, [(0x8100, 100)])[:16],
    eth(mac_for("239.1.2.3"), 0x0800, report),
]
pcap("vlan.pcap", 1, vlan)


# ---- Linux cooked -----------------------------------------------------------------------------
def sll(pkttype, payload, proto=0x0800):
    return struct.pack("!HHH", pkttype, 1, 6) + SRC_MAC + b"\0\0" + struct.pack("!H", proto) + payload


def sll2(pkttype, payload, proto=0x0800):
    return struct.pack("!HHIHBB", proto, 0, 4242, 1, pkttype, 6) + SRC_MAC + b"\0\0" + payload


cooked = [(0, report), (1, report), (2, v3), (3, report), (4, v3)]
pcap("sll.pcap", 113, [sll(t, p) for t, p in cooked] + [sll(2, arp, 0x0806)])
pcap("sll2.pcap", 276, [sll2(t, p) for t, p in cooked] + [sll2(2, arp, 0x0806)])


# ---- PIMv1 ------------------------------------------------------------------------------------
def pim(code, body, version=0x10):
    return igmp(bytes([0x14, code, 0, 0, version, 0, 0, 0]) + body)


inner = ip("10.9.9.1", "239.5.5.5", b"", ttl=64, ra=False)
jp_one = (a("10.0.0.1") + b"\0\0" + struct.pack("!H", 210) + b"\0\x04\x04\x01"
          + a("239.5.5.5") + a("255.255.255.255") + struct.pack("!HH", 1, 0)
          + bytes([0x01, 0xC0 | 32]) + a("10.9.9.1"))
jp_many = (a("10.0.0.1") + b"\0\0" + struct.pack("!H", 180) + b"\0\x04\x04\x02"
           + a("239.5.5.5") + a("255.255.255.0") + struct.pack("!HH", 1, 1)
           + bytes([0x01, 0x80 | 24]) + a("10.9.9.0") + bytes([0x00, 32]) + a("10.9.9.2")
           + a("239.6.6.6") + a("255.255.255.255") + struct.pack("!HH", 0, 1)
           + bytes([0x00, 0x40 | 32]) + a("10.9.9.3"))
messages = [
    pim(0, bytes([0x10, 0, 0, 105])),
    pim(0, bytes([0x00, 0, 0, 0])),
    pim(0, bytes([0x20, 0, 0x0E, 0x10])),
    pim(0, bytes([0x70, 0, 0, 30])),
    pim(1, inner + b"data"),
    pim(2, a("239.5.5.5") + a("10.9.9.1")),
    pim(3, jp_one),
    pim(3, jp_many),
    pim(4, a("239.123.123.123") + a("255.255.255.255") + a("1.1.1.1") + b"\0\0" + struct.pack("!H", 270)),
    pim(4, a("239.0.0.0") + a("255.0.0.0") + a("1.1.1.1") + b"\0\0" + struct.pack("!H", 65535)),
    pim(5, a("239.5.5.5") + a("255.255.255.255") + a("10.9.9.1") + struct.pack("!II", 0x80000064, 20)),
    pim(5, a("239.5.5.5") + a("255.255.0.0") + a("10.9.9.1") + struct.pack("!II", 110, 7)),
    pim(6, jp_one),
    pim(7, jp_many),
    pim(8, b""),
    pim(9, b""),
    pim(0, bytes([0x10, 0, 0, 105]), version=0x20),
]
records = []
for m in messages:
    packet = ip("10.0.0.1", "224.0.0.2", m, ttl=1, ra=False)
    frame = eth(mac_for("224.0.0.2"), 0x0800, packet)
    records.append(frame)
    head = len(frame) - len(m)
    for cut in range(1, len(m)):
        records.append((frame[: head + cut], len(frame)))
pcap("pimv1.pcap", 1, records)
print(f"vlan {len(vlan)}, sll/sll2 {len(cooked) + 1}, pimv1 {len(records)} frames")


# ---- Frames that are not IGMP -----------------------------------------------------------------
def ipv4(src, dst, proto, payload, ttl=64, frag=0x4000):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, frag, ttl, proto, 0,
                      a(src), a(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def tcp(sport, dport, flags, data=b"", seq=1000, ack=0):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 0x50, flags, 64240, 0, 0) + data


HOST_MAC = bytes.fromhex("020000000022")
arp_reply = (struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + HOST_MAC + a("10.0.0.1") + SRC_MAC
             + a("10.0.0.11"))
pim_hello = bytes([0x20, 0, 0, 0]) + struct.pack("!HHH", 1, 2, 105)
ip6 = (struct.pack("!IHBB", 0x60000000, 8, 17, 1) + bytes.fromhex("fe800000000000000000000000000001")
       + bytes.fromhex("ff020000000000000000000000000001") + udp(5000, 5001, b""))
mixed = [
    eth(b"\xff" * 6, 0x0806, arp + bytes(18)),
    eth(SRC_MAC, 0x0806, arp_reply + bytes(18)),
    eth(mac_for("239.1.2.3"), 0x0800, ipv4("10.0.0.11", "239.1.2.3", 17, udp(5000, 5001, bytes(100)), ttl=8)),
    eth(HOST_MAC, 0x0800, ipv4("10.0.0.11", "10.0.0.1", 6, tcp(40000, 80, 0x02))),
    eth(HOST_MAC, 0x0800, ipv4("10.0.0.11", "10.0.0.1", 6, tcp(40000, 80, 0x18, b"GET", 1001, 5000))),
    eth(HOST_MAC, 0x0800, ipv4("10.0.0.11", "10.0.0.1", 6, tcp(40000, 80, 0x11, b"", 1004, 5000))),
    eth(mac_for("224.0.0.13"), 0x0800, ipv4("10.0.0.1", "224.0.0.13", 103, pim_hello, ttl=1)),
    eth(bytes.fromhex("333300000001"), 0x86DD, ip6),
    eth(HOST_MAC, 0x0800, ipv4("10.0.0.11", "10.0.0.1", 17, udp(5000, 5001, bytes(40)), frag=0x2000)),
    eth(HOST_MAC, 0x88B5, bytes(46)),
    eth(mac_for("239.1.2.3"), 0x0800, report),
]
pcap("mixed.pcap", 1, mixed)

# ---- Raw IPv4 (DLT 101) -----------------------------------------------------------------------
pcap("raw.pcap", 101, [report, v3, ipv4("10.0.0.11", "10.0.0.1", 17, udp(5000, 5001, bytes(8))), report[:30]])


# ---- Every IGMP type of the corpus, whole and cut after every byte -----------------------------
def read_pcap(path):
    data = open(path, "rb").read()
    big = data[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d")
    e = ">" if big else "<"
    link = struct.unpack(e + "I", data[20:24])[0]
    pos, out = 24, []
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack(e + "IIII", data[pos:pos + 16])
        out.append(data[pos + 16:pos + 16 + incl])
        pos += 16 + incl
    return link, out


corpus = sys.argv[2] if len(sys.argv) > 2 else "tests/data/corpus"
picks = [
    ("tcpdump/IGMP_V1.pcap", [0, 1]),
    ("tcpdump/IGMP_V2.pcap", [0, 1, 4]),
    ("tcpdump/igmpv3-queries.pcap", [0, 3]),
    ("tcpdump/mtrace.pcap", [0, 1]),
    ("tcpdump/mrinfo_query.pcap", [0, 1]),
    ("linux-frr/host-v3-source-specific.pcap", [0, 14]),
    ("linux-frr/bridge-querier-v2.pcap", [0]),
]
cut_records = []
for path, indices in picks:
    link, frames = read_pcap(f"{corpus}/{path}")
    assert link == 1, path
    for i in indices:
        frame = frames[i]
        cut_records.append(frame)
        ihl = (frame[14] & 0x0F) * 4
        for cut in range(14 + ihl + 1, len(frame)):
            cut_records.append((frame[:cut], len(frame)))
pcap("igmp-cut.pcap", 1, cut_records)
print(f"igmp-cut {len(cut_records)} frames")


# ---- tcpdump -vv: IGMPv3 source lists, UDP checksums over IPv4 ---------------------------------
def udp_summed(src, dst, sport, dport, data, wrong=False):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    pseudo = a(src) + a(dst) + struct.pack("!BBH", 0, 17, len(seg))
    s = csum(pseudo + seg) or 0xFFFF
    if wrong:
        s ^= 0x1111
    return seg[:6] + struct.pack("!H", s) + seg[8:]


def v3_query(group, sources, nsrcs=None):
    n = len(sources) if nsrcs is None else nsrcs
    return igmp(b"\x11\x64\0\0" + a(group) + bytes([0x02, 125]) + struct.pack("!H", n)
                + b"".join(a(s) for s in sources))


def record(rtype, group, sources):
    return bytes([rtype, 0]) + struct.pack("!H", len(sources)) + a(group) + b"".join(a(s) for s in sources)


v3_many = igmp(b"\x22\x00\0\0\0\0\0\x03" + record(1, "232.1.1.1", ["10.9.9.1", "10.9.9.2"])
               + record(4, "239.2.2.2", []) + record(6, "232.3.3.3", ["10.9.9.3"]))
vv = [
    eth(mac_for("224.0.0.1"), 0x0800, ip("10.0.0.1", "224.0.0.1", v3_query("0.0.0.0", []))),
    eth(mac_for("232.1.1.1"), 0x0800, ip("10.0.0.1", "232.1.1.1",
                                         v3_query("232.1.1.1", ["10.9.9.1", "10.9.9.2", "10.9.9.3"]))),
    eth(mac_for("232.1.1.1"), 0x0800, ip("10.0.0.1", "232.1.1.1", v3_query("232.1.1.1", ["10.9.9.1"], 5))),
    eth(mac_for("224.0.0.22"), 0x0800, ip("10.0.0.11", "224.0.0.22", v3_many)),
    eth(mac_for("239.1.2.3"), 0x0800, ipv4("10.0.0.11", "239.1.2.3", 17,
                                           udp_summed("10.0.0.11", "239.1.2.3", 5000, 5001, b"hello"), ttl=8)),
    eth(mac_for("239.1.2.3"), 0x0800, ipv4("10.0.0.11", "239.1.2.3", 17,
                                           udp_summed("10.0.0.11", "239.1.2.3", 5000, 5001, b"hello", True), ttl=8)),
    eth(mac_for("239.1.2.3"), 0x0800, ipv4("10.0.0.11", "239.1.2.3", 17, udp(5000, 5001, b"hello"), ttl=8)),
]
vv.append((vv[1][:60], len(vv[1])))
vv.append((vv[3][:52], len(vv[3])))
pcap("vv.pcap", 1, vv)


# ---- Short tagged frames: Ethernet padding and the tag's trailer, as Wireshark splits them -------
def padded(frame, to, fill=b"\0"):
    return frame + fill * (to - len(frame))


report_no_ra = ip("10.0.0.11", "239.1.2.3", V2_REPORT, ra=False)
g = mac_for("239.1.2.3")
vlan_padded = [
    padded(eth(g, 0x0800, report_no_ra, [(0x8100, 100)]), 60),
    padded(eth(g, 0x0800, report_no_ra, [(0x88A8, 200), (0x8100, 100)]), 64),
    padded(eth(g, 0x0800, report_no_ra, [(0x88A8, 200)]), 64),
    padded(eth(g, 0x0800, report_no_ra, [(0x8100, 100)]), 64, b"\xaa"),
    padded(eth(g, 0x0800, report_no_ra, [(0x8100, 100)]), 70),
    padded(eth(g, 0x0800, report_no_ra), 60),
    padded(eth(g, 0x0800, report_no_ra), 60, b"\xaa"),
]
pcap("vlan-padded.pcap", 1, vlan_padded)


# ---- Tunnels: IGMP inside VXLAN (UDP 4789) and GRE (0x0800 and 0x6558) ---------------------------
OUTER_SRC, OUTER_DST = "192.0.2.1", "192.0.2.2"
OUTER_MAC = bytes.fromhex("020000000aa1")


def vxlan(inner, vni=4242, flags=0x08):
    return struct.pack("!B3sI", flags, b"\0\0\0", vni << 8) + inner


def gre(proto, inner, checksum=False, key=None, seq=None):
    flags = (0x8000 if checksum else 0) | (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0)
    opt = b""
    if key is not None:
        opt += struct.pack("!I", key)
    if seq is not None:
        opt += struct.pack("!I", seq)
    if checksum:
        body = struct.pack("!HH", flags, proto) + b"\0\0\0\0" + opt + inner
        return body[:4] + struct.pack("!H", csum(body)) + body[6:]
    return struct.pack("!HH", flags, proto) + opt + inner


def outer(proto, payload):
    return eth(OUTER_MAC, 0x0800, ipv4(OUTER_SRC, OUTER_DST, proto, payload))


inner_report = eth(mac_for("239.1.2.3"), 0x0800, report)
inner_v3 = eth(mac_for("224.0.0.22"), 0x0800, v3)
tunnel = [
    outer(17, udp(51000, 4789, vxlan(inner_report))),
    outer(17, udp(51001, 4789, vxlan(inner_v3, vni=16777215))),
    outer(17, udp(51002, 4789, vxlan(eth(b"\xff" * 6, 0x0806, arp), vni=7))),
    outer(47, gre(0x0800, report)),
    outer(47, gre(0x6558, inner_report)),
    outer(47, gre(0x0800, v3, key=99, seq=5)),
    outer(47, gre(0x0800, report, checksum=True)),
    outer(17, udp(51003, 4789, vxlan(inner_report, vni=1, flags=0x0C))),
]
tunnel.append((tunnel[0][:70], len(tunnel[0])))
tunnel.append((tunnel[3][:44], len(tunnel[3])))
pcap("tunnel.pcap", 1, tunnel)


# ---- PIMv2 (RFC 7761 §4.9): Hello, Join/Prune, Register, Register-Stop, Assert ------------------
def pim2(kind, body, summed=True):
    msg = bytes([0x20 | kind, 0, 0, 0]) + body
    return msg[:2] + struct.pack("!H", csum(msg) if summed else 0) + msg[4:]


def enc_unicast(addr):
    return b"\x01\x00" + a(addr)


def enc_group(addr, masklen=32):
    return b"\x01\x00\x00" + bytes([masklen]) + a(addr)


def enc_source(addr, flags=0x04, masklen=32):
    return b"\x01\x00" + bytes([flags, masklen]) + a(addr)


def option(t, value):
    return struct.pack("!HH", t, len(value)) + value


hello = pim2(0, option(1, struct.pack("!H", 105)) + option(19, struct.pack("!I", 1))
             + option(20, struct.pack("!I", 0x12345678)) + option(2, struct.pack("!HH", 0x8000 | 500, 2500)))
join_prune = pim2(3, enc_unicast("10.0.0.2") + b"\x00\x02" + struct.pack("!H", 210)
                  + enc_group("239.1.2.3") + struct.pack("!HH", 1, 1)
                  + enc_source("10.9.9.1", 0x04) + enc_source("10.9.9.2", 0x04)
                  + enc_group("232.1.1.1") + struct.pack("!HH", 1, 0) + enc_source("10.9.9.3", 0x07))
inner_data = ipv4("10.9.9.1", "239.1.2.3", 17, udp(5000, 5001, b"data"), ttl=63)
register = pim2(1, b"\x00\x00\x00\x00" + inner_data)
register = register[:2] + b"\0\0" + register[4:]
register = register[:2] + struct.pack("!H", csum(register[:8])) + register[4:]
register_stop = pim2(2, enc_group("239.1.2.3") + enc_unicast("10.9.9.1"))
assert_msg = pim2(5, enc_group("239.1.2.3") + enc_unicast("10.9.9.1") + struct.pack("!II", 110, 20))
pim_frames = [
    eth(mac_for("224.0.0.13"), 0x0800, ipv4("10.0.0.1", "224.0.0.13", 103, hello, ttl=1)),
    eth(mac_for("224.0.0.13"), 0x0800, ipv4("10.0.0.1", "224.0.0.13", 103, join_prune, ttl=1)),
    eth(HOST_MAC, 0x0800, ipv4("10.0.0.1", "10.0.0.9", 103, register)),
    eth(HOST_MAC, 0x0800, ipv4("10.0.0.9", "10.0.0.1", 103, register_stop)),
    eth(mac_for("224.0.0.13"), 0x0800, ipv4("10.0.0.1", "224.0.0.13", 103, assert_msg, ttl=1)),
    eth(mac_for("224.0.0.13"), 0x0800, ipv4("10.0.0.1", "224.0.0.13", 103, pim2(0, option(1, b"\x00\x69"), False), ttl=1)),
]
pcap("pimv2.pcap", 1, pim_frames)


# ---- MLD and ICMPv6 beside IGMP (RFC 2710, RFC 3810, RFC 4443, RFC 4861) ----------------------------
def a6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


def icmp6(src, dst, msg):
    pseudo = a6(src) + a6(dst) + struct.pack("!IxxxB", len(msg), 58)
    return msg[:2] + struct.pack("!H", csum(pseudo + msg[:2] + b"\0\0" + msg[4:])) + msg[4:]


def ip6(src, dst, payload, next_header, hlim=1, hbh=False):
    if hbh:
        # Hop-by-hop options: Router Alert (MLD, RFC 2711) and a PadN.
        payload = bytes([next_header, 0, 5, 2, 0, 0, 1, 0]) + payload
        next_header = 0
    return struct.pack("!IHBB", 0x60000000, len(payload), next_header, hlim) + a6(src) + a6(dst) + payload


def eth6(dst_mac, packet):
    return dst_mac + SRC_MAC + struct.pack("!H", 0x86DD) + packet


LL = "fe80::1"
mld = [
    (LL, "ff02::1", bytes([130, 0, 0, 0]) + struct.pack("!HH", 10000, 0) + a6("::")),
    (LL, "ff02::db8:1", bytes([130, 0, 0, 0]) + struct.pack("!HH", 1000, 0) + a6("ff02::db8:1")),
    (LL, "ff02::db8:1", bytes([131, 0, 0, 0]) + struct.pack("!HH", 0, 0) + a6("ff02::db8:1")),
    (LL, "ff02::2", bytes([132, 0, 0, 0]) + struct.pack("!HH", 0, 0) + a6("ff02::db8:1")),
    (LL, "ff02::16", bytes([143, 0, 0, 0]) + struct.pack("!HH", 0, 1) + bytes([4, 0]) + struct.pack("!H", 0) + a6("ff05::1:3")),
    (LL, "ff02::1", bytes([130, 0, 0, 0]) + struct.pack("!HH", 10000, 0) + a6("::") + bytes([2, 125]) + struct.pack("!H", 0)),
]
icmp6_frames = []
for src, dst, msg in mld:
    mac = b"\x33\x33" + a6(dst)[-4:]
    icmp6_frames.append(eth6(mac, ip6(src, dst, icmp6(src, dst, msg), 58, hbh=True)))
others = [
    ("2001:db8::1", "2001:db8::2", bytes([128, 0, 0, 0]) + struct.pack("!HH", 7, 1) + b"ping", 64),
    ("2001:db8::2", "2001:db8::1", bytes([129, 0, 0, 0]) + struct.pack("!HH", 7, 1) + b"ping", 64),
    ("fe80::2", "ff02::1:ff00:1", bytes([135, 0, 0, 0]) + b"\0\0\0\0" + a6("fe80::1"), 255),
    ("fe80::1", "fe80::2", bytes([136, 0, 0, 0]) + bytes([0x60, 0, 0, 0]) + a6("fe80::1"), 255),
    ("fe80::2", "ff02::2", bytes([133, 0, 0, 0]) + b"\0\0\0\0", 255),
]
for src, dst, msg, hlim in others:
    icmp6_frames.append(eth6(b"\x33\x33\x00\x00\x00\x01", ip6(src, dst, icmp6(src, dst, msg), 58, hlim=hlim)))
pcap("icmp6.pcap", 1, icmp6_frames)
