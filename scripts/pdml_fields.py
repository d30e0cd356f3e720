#!/usr/bin/env python3
"""Print `frame<TAB>field<TAB>pos<TAB>size` for every named field tshark's PDML gives.

Used once to generate tests/data/expected/*.tshark.tsv (tshark is not needed to run the tests):
    python3 scripts/pdml_fields.py CAPTURE > tests/data/expected/NAME.tshark.tsv
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

SKIP_PROTOS = {"geninfo", "frame", "fake-field-wrapper"}

def main(path):
    xml = subprocess.run(["tshark", "-T", "pdml", "-r", path], check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    for number, packet in enumerate(root.findall("packet"), start=1):
        for proto in packet.findall("proto"):
            if proto.get("name") in SKIP_PROTOS:
                continue
            if proto.get("name") in ("eth", "ip", "igmp"):
                print(f"{number}\t{proto.get('name')}\t{proto.get('pos')}\t{proto.get('size')}")
            for field in proto.iter("field"):
                name = field.get("name")
                if not name or field.get("hide") == "yes":
                    continue
                print(f"{number}\t{name}\t{field.get('pos')}\t{field.get('size')}")

if __name__ == "__main__":
    main(sys.argv[1])
