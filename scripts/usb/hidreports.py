"""Independent encoders for USB HID barcode scanner reports, written from docs/scanners.md.

They turn scan bytes into the interrupt-IN reports a scanner sends (keyboard wedge: 8-byte boot reports in US, DE or
FR layout; HID POS: 64-byte reports in the Honeywell or Newland layout), and build the USB descriptors and umockdev
device descriptions of the emulated scanners. The Swift decoders are tested against what these produce, so this
file must not be derived from the Swift code.
"""

GS = 0x1D
SHIFT, ALTGR, LCTRL, LALT = 0x02, 0x40, 0x01, 0x04


def _letters(table, layout):
    for i, c in enumerate("abcdefghijklmnopqrstuvwxyz"):
        usage = 0x04 + i
        if layout == "de":
            usage = {"y": 0x1D, "z": 0x1C}.get(c, usage)
        if layout == "fr":
            usage = {"a": 0x14, "q": 0x04, "z": 0x1A, "w": 0x1D, "m": 0x33}.get(c, usage)
        table[c] = (usage, 0)
        table[c.upper()] = (usage, SHIFT)


def _us():
    t = {}
    _letters(t, "us")
    for i, (plain, shifted) in enumerate(zip("1234567890", "!@#$%^&*()")):
        t[plain] = (0x1E + i, 0)
        t[shifted] = (0x1E + i, SHIFT)
    for usage, plain, shifted in [(0x2D, "-", "_"), (0x2E, "=", "+"), (0x2F, "[", "{"), (0x30, "]", "}"),
                                  (0x31, "\\", "|"), (0x33, ";", ":"), (0x34, "'", '"'), (0x35, "`", "~"),
                                  (0x36, ",", "<"), (0x37, ".", ">"), (0x38, "/", "?")]:
        t[plain] = (usage, 0)
        t[shifted] = (usage, SHIFT)
    t[" "] = (0x2C, 0)
    return t


def _de():
    t = {}
    _letters(t, "de")
    for i, (plain, shifted) in enumerate(zip("1234567890", '!"§$%&/()=')):
        t[plain] = (0x1E + i, 0)
        t[shifted] = (0x1E + i, SHIFT)
    for usage, plain, shifted in [(0x2D, "ß", "?"), (0x30, "+", "*"), (0x32, "#", "'"), (0x36, ",", ";"),
                                  (0x37, ".", ":"), (0x38, "-", "_"), (0x64, "<", ">")]:
        t[plain] = (usage, 0)
        t[shifted] = (usage, SHIFT)
    for usage, altgr in [(0x24, "{"), (0x25, "["), (0x26, "]"), (0x27, "}"), (0x2D, "\\"), (0x14, "@"),
                         (0x30, "~"), (0x64, "|")]:
        t[altgr] = (usage, ALTGR)
    t[" "] = (0x2C, 0)
    return t


def _fr():
    t = {}
    _letters(t, "fr")
    for i, plain in enumerate("&é\"'(-è_çà"):
        t[plain] = (0x1E + i, 0)
        t["1234567890"[i]] = (0x1E + i, SHIFT)
    for usage, plain, shifted in [(0x2D, ")", "°"), (0x2E, "=", "+"), (0x30, "$", "£"), (0x32, "*", "µ"),
                                  (0x34, "ù", "%"), (0x10, ",", "?"), (0x36, ";", "."), (0x37, ":", "/"),
                                  (0x38, "!", "§"), (0x64, "<", ">")]:
        t[plain] = (usage, 0)
        t[shifted] = (usage, SHIFT)
    for usage, altgr in [(0x20, "#"), (0x21, "{"), (0x22, "["), (0x23, "|"), (0x25, "\\"), (0x27, "@"),
                         (0x2D, "]"), (0x2E, "}")]:
        t[altgr] = (usage, ALTGR)
    t[" "] = (0x2C, 0)
    return t


LAYOUTS = {"us": _us(), "de": _de(), "fr": _fr()}
KEYPAD = {"0": 0x62, **{str(d): 0x58 + d for d in range(1, 10)}}


def _report(modifiers, *keys):
    keys = list(keys)[:6]
    return bytes([modifiers, 0] + keys + [0] * (6 - len(keys)))


def wedge_reports(data, layout="us", gs="ctrl", suffix="enter", releases=True, capslock=False):
    """The boot-keyboard reports a scanner in keyboard-wedge mode sends for `data` (bytes).

    gs: "ctrl" (Ctrl+] by position, usage 0x30), "alt" (Alt held, keypad 0 0 2 9) or "f12".
    suffix: "enter", "kpenter", "tab" or "none". releases=False omits the all-up report between two different
    keys (fast scanners); a repeated key still gets its release. capslock=True types upper-case letters with
    CapsLock toggled around each run instead of Shift.
    """
    table = LAYOUTS[layout]
    reports = []
    down = None  # the key still held down (releases=False leaves it down until the next key)

    def release():
        nonlocal down
        if down is not None:
            reports.append(_report(0))
            down = None

    def press(modifiers, usage):
        nonlocal down
        if down == usage:
            release()  # a repeated key needs its release in between, even on fast scanners
        reports.append(_report(modifiers, usage))
        down = usage
        if releases:
            release()

    caps = False
    for byte in data:
        if byte == GS:
            if gs == "ctrl":
                press(LCTRL, 0x30)
            elif gs == "f12":
                press(0, 0x45)
            else:
                release()
                for digit in "0029":
                    reports += [_report(LALT, KEYPAD[digit]), _report(LALT)]
                reports.append(_report(0))
            continue
        char = chr(byte) if byte < 0x80 else None
        if char is None or char not in table:
            raise ValueError(f"byte 0x{byte:02x} cannot be typed on the {layout} layout")
        usage, modifiers = table[char]
        if capslock and char.isalpha():
            if char.isupper() != caps:
                press(0, 0x39)
                caps = not caps
            modifiers = 0
        press(modifiers, usage)
    if caps:
        press(0, 0x39)
    if suffix != "none":
        press(0, {"enter": 0x28, "kpenter": 0x58, "tab": 0x2B}[suffix])
    release()
    return reports


HONEYWELL_CODE_IDS = {"]d2": b"w", "]d1": b"w", "]C1": b"I", "]C0": b"j", "]Q1": b"s", "]E0": b"d"}


def honeywell_reports(data, aim="]d2"):
    """Honeywell layout: ID 2, count, AIM (3), 56 data bytes, code ID, 0, continuation bit."""
    chunks = [data[i:i + 56] for i in range(0, len(data), 56)] or [b""]
    out = []
    for n, chunk in enumerate(chunks):
        more = 1 if n < len(chunks) - 1 else 0
        body = bytes([0x02, len(chunk)]) + aim.encode() + chunk.ljust(56, b"\0")
        out.append(body + HONEYWELL_CODE_IDS.get(aim, b"X") + bytes([0, more]))
    return out


def newland_reports(data, symbology=0x32):
    """Newland layout: ID 2, count, 56 data bytes, 4 reserved, symbology byte, continuation bit."""
    chunks = [data[i:i + 56] for i in range(0, len(data), 56)] or [b""]
    out = []
    for n, chunk in enumerate(chunks):
        more = 1 if n < len(chunks) - 1 else 0
        out.append(bytes([0x02, len(chunk)]) + chunk.ljust(56, b"\0") + bytes([0, 0, 0, 0, symbology, more]))
    return out


BOOT_KEYBOARD_DESCRIPTOR = bytes.fromhex(
    "05010906a101050719e029e71500250175019508810295017508810195057501050819012905910295017503910195067508"
    "150025650507190029658100c0")

# HID POS descriptors synthesized from the usage tables (page 0x8C) to describe the two vendor layouts exactly.
HONEYWELL_POS_DESCRIPTOR = bytes.fromhex("".join([
    "058c 0902 a101",                 # Usage Page (Bar Code Scanner), Usage (Bar Code Scanner), Application
    "8502 0912 a102",                 # Report ID 2, Usage (Scanned Data Report), Logical collection
    "0501 093b 1500 2538 7508 9501 8102",  # byte 1: Byte Count (0..56)
    "058c 09fb 09fc 09fd 26ff00 9503 8102",  # bytes 2-4: Symbology Identifier 1-3 (the AIM identifier)
    "09fe 9538 820201",               # bytes 5-60: Decoded Data, buffered bytes
    "9502 8103",                      # bytes 61-62: constant (Honeywell code ID, reserved)
    "09ff 2501 7501 9501 8102",       # byte 63 bit 0: Decode Data Continued
    "7507 9501 8103 c0 c0",           # padding; end of both collections
]).replace(" ", ""))

NEWLAND_POS_DESCRIPTOR = bytes.fromhex("".join([
    "058c 0902 a101 8502 0912 a102",
    "0501 093b 1500 2538 7508 9501 8102",  # byte 1: Byte Count
    "058c 09fe 26ff00 9538 820201",   # bytes 2-57: Decoded Data
    "9504 8103",                      # bytes 58-61: reserved
    "09fb 9501 8102",                 # byte 62: Symbology Identifier 1 (Newland's own code)
    "09ff 2501 7501 9501 8102",       # byte 63 bit 0: Decode Data Continued
    "7507 9501 8103 c0 c0",
]).replace(" ", ""))


def descriptors(vid, pid, kind, report_descriptor_length, packet_size):
    """Device + configuration descriptors (what sysfs `descriptors` holds) for a one-interface HID scanner."""
    device = bytes([18, 1, 0x00, 0x02, 0, 0, 0, 64]) + vid.to_bytes(2, "little") + pid.to_bytes(2, "little") \
        + bytes([0x00, 0x01, 1, 2, 3, 1])
    sub, proto = (1, 1) if kind == "wedge" else (0, 0)
    interface = bytes([9, 4, 0, 0, 1, 3, sub, proto, 0])
    hid = bytes([9, 0x21, 0x11, 0x01, 0, 1, 0x22]) + report_descriptor_length.to_bytes(2, "little")
    endpoint = bytes([7, 5, 0x81, 0x03]) + packet_size.to_bytes(2, "little") + bytes([1 if kind == "wedge" else 2])
    total = 9 + len(interface) + len(hid) + len(endpoint)
    config = bytes([9, 2]) + total.to_bytes(2, "little") + bytes([1, 1, 0, 0x80, 50])
    return device + config + interface + hid + endpoint


def device_description(vid, pid, kind, bus=1, dev=5, port="1-3", manufacturer="", product="", serial="",
                       report_descriptor_length=63, packet_size=8):
    """A umockdev device description (the text umockdev-record writes) of an emulated USB scanner."""
    node = f"bus/usb/{bus:03d}/{dev:03d}"
    lines = [
        f"P: /devices/pci0000:00/0000:00:14.0/usb{bus}/{port}",
        f"N: {node}",
        f"E: DEVNAME=/dev/{node}",
        "E: DEVTYPE=usb_device",
        "E: DRIVER=usb",
        f"E: PRODUCT={vid:x}/{pid:x}/100",
        "E: TYPE=0/0/0",
        f"E: BUSNUM={bus:03d}",
        f"E: DEVNUM={dev:03d}",
        "E: SUBSYSTEM=usb",
        f"E: ID_VENDOR_ID={vid:04x}",
        f"E: ID_MODEL_ID={pid:04x}",
        "A: bConfigurationValue=1\\n",
        "A: bDeviceClass=00\\n",
        "A: bNumConfigurations=1\\n",
        "A: bNumInterfaces= 1\\n",
        f"A: busnum={bus}\\n",
        f"A: devnum={dev}\\n",
        f"A: devpath={port.split('-', 1)[1]}\\n",
        f"A: idProduct={pid:04x}\\n",
        f"A: idVendor={vid:04x}\\n",
        f"A: manufacturer={manufacturer}\\n",
        f"A: product={product}\\n",
        f"A: serial={serial}\\n",
        "A: speed=12\\n",
        "H: descriptors=" + descriptors(vid, pid, kind, report_descriptor_length, packet_size).hex().upper(),
        "L: driver=../../../../../bus/usb/drivers/usb",
    ]
    return "\n".join(lines) + "\n"
