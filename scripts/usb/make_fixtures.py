#!/usr/bin/python3
"""Writes fixtures/usb/<vendor-model-mode>/ from the report formats in docs/scanners.md (hand-written, no hardware).

Each folder gets: `device` (umockdev device description, as umockdev-record writes it), `capture.ioctl` (umockdev
ioctl tree: one USBDEVFS_REAPURBNDELAY per interrupt-IN report, in order), `report-descriptor.hex` for HID POS,
`expected.json` (the scans a decoder must produce, byte-exact, as hex) and README.md (where the data came from).
Run from the repository root: /usr/bin/python3 scripts/usb/make_fixtures.py. The Swift tests check that the
files regenerate unchanged, and replay them.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # keep scripts/usb free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hidreports as h  # noqa: E402

GS = b"\x1d"
# The example payloads of docs/label-payload.md (identity-hash vector "basic": flags 01, serial 42).
ISBT = b"=A99992600000101=<S1234100&/CHA999926AB12CD&h10000000042IC2GZEEICJ6N7E6IAZKFFFQELFWJPBQS"
GS1 = b"0109506000134352" + b"10A99992600000101" + GS + b"210000000042" + GS + b"240S1234100" + GS \
    + b"92CHA999926AB12CD" + GS + b"911IC2GZEEICJ6N7E6IAZKFFFQELFWJPBQS"

FIXTURES = [
    {
        "name": "zebra-ls2208-wedge-us", "vid": 0x05E0, "pid": 0x1200, "kind": "wedge",
        "manufacturer": "Symbol Technologies", "product": "Symbol Bar Code Scanner", "serial": "S-LS2208-0001",
        "encoding": {"layout": "us", "gs": "ctrl", "suffix": "enter", "releases": True},
        "scans": [{"data": b"]d2" + GS1}, {"data": ISBT}, {"data": b"]C0ABC-123"}],
        "note": "key-down and release report per character; GS as Ctrl+] (modifier 0x01, usage 0x30); Enter suffix",
    },
    {
        "name": "datalogic-gryphon-wedge-de", "vid": 0x05F9, "pid": 0x2206, "kind": "wedge",
        "manufacturer": "Datalogic", "product": "Gryphon GD4430", "serial": "DL-GD4430-0001",
        "encoding": {"layout": "de", "gs": "alt", "suffix": "tab", "releases": False},
        "scans": [{"data": GS1}, {"data": b"]d1" + ISBT}],
        "note": "German layout; fast mode without the all-up report between different keys; GS as Alt+0029 on "
                "the keypad; Tab suffix",
    },
    {
        "name": "newland-hr22-wedge-fr", "vid": 0x1EAB, "pid": 0x1A03, "kind": "wedge",
        "manufacturer": "Newland", "product": "HR22 Dorada", "serial": "NL-HR22-0001",
        "encoding": {"layout": "fr", "gs": "ctrl", "suffix": "kpenter", "releases": True, "capslock": True},
        "scans": [{"data": ISBT}, {"data": b"]d2" + GS1}],
        "note": "French layout (digits on Shift); upper-case letters typed with CapsLock toggled around them; "
                "GS as Ctrl+]; keypad Enter suffix",
    },
    {
        "name": "honeywell-voyager1400g-hidpos", "vid": 0x0C2E, "pid": 0x0B87, "kind": "pos", "layout": "honeywell",
        "manufacturer": "Honeywell Imaging & Mobility", "product": "Voyager 1400g", "serial": "HW-1400G-0001",
        "scans": [{"data": GS1, "aim": "]d2"}, {"data": ISBT, "aim": "]d1"}, {"data": b"0950600013435", "aim": "]E0"}],
        "note": "Honeywell layout: ID 2, count, AIM, 56 data bytes, Code ID, 0, continuation bit (payloads over 56 "
                "bytes span two reports)",
    },
    {
        "name": "newland-fr20-hidpos", "vid": 0x1EAB, "pid": 0x8210, "kind": "pos", "layout": "newland",
        "manufacturer": "Newland", "product": "FR20", "serial": "NL-FR20-0001",
        "scans": [{"data": b"]d2" + GS1}, {"data": b"]d1" + ISBT}],
        "note": "Newland layout: ID 2, count, 56 data bytes, 4 reserved, symbology byte, continuation bit; the "
                "scanner is programmed to prefix the AIM identifier to the data",
    },
]


def reports_for(fixture, scan):
    if fixture["kind"] == "wedge":
        e = fixture["encoding"]
        return h.wedge_reports(scan["data"], e["layout"], e["gs"], e["suffix"], e["releases"], e.get("capslock", False))
    if fixture["layout"] == "honeywell":
        return h.honeywell_reports(scan["data"], scan["aim"])
    return h.newland_reports(scan["data"])


def write(root, fixture):
    folder = os.path.join(root, fixture["name"])
    os.makedirs(folder, exist_ok=True)
    wedge = fixture["kind"] == "wedge"
    descriptor = h.BOOT_KEYBOARD_DESCRIPTOR if wedge else \
        {"honeywell": h.HONEYWELL_POS_DESCRIPTOR, "newland": h.NEWLAND_POS_DESCRIPTOR}[fixture["layout"]]
    packet = 8 if wedge else 64
    with open(os.path.join(folder, "device"), "w") as out:
        out.write(h.device_description(
            fixture["vid"], fixture["pid"], fixture["kind"], manufacturer=fixture["manufacturer"],
            product=fixture["product"], serial=fixture["serial"], report_descriptor_length=len(descriptor),
            packet_size=packet))
    if not wedge:
        with open(os.path.join(folder, "report-descriptor.hex"), "w") as out:
            out.write(descriptor.hex() + "\n")
    lines = ["@DEV /dev/bus/usb/001/005"]
    for scan in fixture["scans"]:
        for report in reports_for(fixture, scan):
            lines.append(f"USBDEVFS_REAPURBNDELAY 0 1 129 0 0 {packet} {len(report)} 0 {report.hex().upper()}")
    with open(os.path.join(folder, "capture.ioctl"), "w") as out:
        out.write("\n".join(lines) + "\n")
    expected = {
        "vendorID": f"{fixture['vid']:04x}", "productID": f"{fixture['pid']:04x}", "serial": fixture["serial"],
        "mode": "keyboardWedge" if wedge else "hidPOS",
        "settings": fixture.get("encoding", {"layout": fixture.get("layout")}),
        "reports": len(lines) - 1,
        "scans": [{"aim": s.get("aim"), "hex": s["data"].hex()} for s in fixture["scans"]],
    }
    with open(os.path.join(folder, "expected.json"), "w") as out:
        json.dump(expected, out, indent=1, sort_keys=True)
        out.write("\n")
    with open(os.path.join(folder, "README.md"), "w") as out:
        out.write(f"Hand-written (no hardware) by scripts/usb/make_fixtures.py from the report formats in "
                  f"docs/scanners.md: {fixture['note']}. IDs {fixture['vid']:04x}:{fixture['pid']:04x} from the "
                  f"built-in catalog; payloads from docs/label-payload.md.\n")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "fixtures/usb"
    for fixture in FIXTURES:
        write(root, fixture)


if __name__ == "__main__":
    main()
