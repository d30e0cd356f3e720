#!/usr/bin/env python3
"""Print `frame<TAB>field<TAB>pos<TAB>size` for every named field tshark's PDML gives.

Used once to generate tests/data/expected/*.tshark.tsv (tshark is not needed to run the tests):
    python3 scripts/pdml_fields.py CAPTURE > tests/data/expected/NAME.tshark.tsv
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

SKIP_PROTOS = {"geninfo", "frame", "fake-field-wrapper"}
# Expert pseudo-layers: their fields are kept, their own line is not a layer.
NOT_LAYERS = {"_ws.short", "_ws.malformed"}

def main(path):
    xml = subprocess.run(["tshark", "-T", "pdml", "-r", path], check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    for number, packet in enumerate(root.findall("packet"), start=1):
        for proto in packet.findall("proto"):
            if proto.get("name") in SKIP_PROTOS:
                continue
            # Every layer too (eth, vlan, ieee8021ad, ip, udp, vxlan, igmp, …): the layers
            # themselves are compared, not only their fields.
            if proto.get("pos") is not None and proto.get("name") not in NOT_LAYERS:
                print(f"{number}\t{proto.get('name')}\t{proto.get('pos')}\t{proto.get('size')}")
            for field in proto.iter("field"):
                name = field.get("name")
                if not name or field.get("hide") == "yes":
                    continue
                print(f"{number}\t{name}\t{field.get('pos')}\t{field.get('size')}")

if __name__ == "__main__":
    main(sys.argv[1])
