#!/usr/bin/python3
"""An emulated USB barcode scanner for umockdev: scans on a timeline, hotplug, unplug mid-scan.

Usage (the harness must itself run under umockdev-wrapper, see docs/scanners.md):
    umockdev-wrapper /usr/bin/python3 scripts/usb/fake_scanner.py PLAN.json -- CLIENT [ARGS...]

PLAN.json: {"devices": {NAME: DEVICE}, "steps": [STEP, ...], "clientTimeout": SECONDS}
DEVICE: {"fixture": DIR} (a fixtures/usb folder: `device`, `capture.ioctl`, optional `report-descriptor.hex`) or
        {"vid": "0c2e", "pid": "0b87", "kind": "wedge"|"pos", "serial": "...", "port": "1-3",
         "encoding": {"layout": "us", "gs": "ctrl", "suffix": "enter", "releases": true} | {"pos": "honeywell"}}
STEP:   {"startClient": true} (default: the client starts before the first step)
        {"plug": NAME} | {"unplug": NAME} | {"sleep": SECONDS}
        {"waitOpen": NAME, "timeout": S}       until the client has an interrupt transfer pending
        {"scan": NAME, "hex": DATA, "aim": "]d2", "cutAfter": K}  encode DATA; send all reports or the first K
        {"scan": NAME, "hexFile": PATH, ...}   the same, DATA read from PATH when the step runs (a test hands over
                                               a payload it printed while the client runs)
        {"waitFile": PATH, "timeout": S}       until PATH exists (the test writes it, e.g. after it printed)
        {"fixtureReports": NAME}               send every interrupt-IN report recorded in the fixture
        {"reports": NAME, "hex": [REPORT, ...]} raw reports
        {"waitDrained": NAME, "timeout": S}    until every queued report has been reaped
        {"signalClient": "TERM"}               ask the client to stop (it should exit on its own)
The fake answers usbdevfs ioctls itself (SUBMITURB/REAPURBNDELAY/DISCARDURB, control transfers for string and report
descriptors, claim/release, disconnect-claim). It sleeps 1 ms before answering EAGAIN so that libusb, which sees the
emulated fd as always readable, does not spin. On unplug, in-flight URBs complete with -ESHUTDOWN, then every ioctl
fails with ENODEV. The exit status is the client's (124 if it had to be killed).
"""
import errno
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402

sys.dont_write_bytecode = True  # keep scripts/usb free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hidreports  # noqa: E402


def _ioc(direction, number, size):
    return (direction << 30) | (size << 16) | (ord("U") << 8) | number


NONE, WRITE, READ = 0, 1, 2
SUBMITURB = _ioc(READ, 10, 56)
DISCARDURB = _ioc(NONE, 11, 0)
REAPURB = _ioc(WRITE, 12, 8)
REAPURBNDELAY = _ioc(WRITE, 13, 8)
GETDRIVER = _ioc(WRITE, 8, 260)
CLAIMINTERFACE = _ioc(READ, 15, 4)
RELEASEINTERFACE = _ioc(READ, 16, 4)
SETINTERFACE = _ioc(READ, 4, 8)
SETCONFIGURATION = _ioc(READ, 5, 4)
CLEAR_HALT = _ioc(READ, 21, 4)
RESET = _ioc(NONE, 20, 0)
GET_CAPABILITIES = _ioc(READ, 26, 4)
DISCONNECT_CLAIM = _ioc(READ, 27, 264)
IOCTL = _ioc(READ | WRITE, 18, 16)
URB_INTERRUPT, URB_CONTROL = 1, 2
DEBUG = bool(os.environ.get("FAKE_SCANNER_DEBUG"))


def log(*args):
    if DEBUG:
        print("fake:", *args, file=sys.stderr, flush=True)


def raw(data):
    """The bytes of an IoctlData (its `data` field does not marshal from Python; retrieve() does)."""
    return bytes(data.retrieve())


def recorded_reports(path):
    """Interrupt-IN data of every REAPURB(NDELAY) line of a umockdev ioctl tree, in order."""
    out = []
    for line in open(path):
        parts = line.split()
        if len(parts) >= 10 and parts[0] in ("USBDEVFS_REAPURB", "USBDEVFS_REAPURBNDELAY") \
                and parts[2] == str(URB_INTERRUPT) and int(parts[3]) & 0x80:
            out.append(bytes.fromhex(parts[9])[: int(parts[7])])
    return out


class FakeScanner(UMockdev.IoctlBase):
    """One plugged-in scanner: answers the usbdevfs ioctls of its device node."""

    def __init__(self, spec, descriptor):
        super().__init__()
        self.spec = spec
        self.report_descriptor = descriptor
        self.lock = threading.Lock()
        self.pending = []  # submitted interrupt-IN URBs (IoctlData, its buffer) waiting for a report
        self.done = []  # completed URBs waiting to be reaped
        self.queue = []  # reports the scanner still has to send
        self.in_flight = 0  # reports written into URBs not yet reaped
        self.gone = False
        self.opened = threading.Event()

    # --- device behaviour --------------------------------------------------------------------------------------
    def strings(self, index):
        return {1: self.spec.get("manufacturer", "labelgate test"), 2: self.spec.get("product", "fake scanner"),
                3: self.spec.get("serial", "")}.get(index)

    def control(self, setup, length):
        request_type, request, value, index, _ = struct.unpack("<BBHHH", setup)
        kind, number = value >> 8, value & 0xFF
        if request == 6 and request_type in (0x80, 0x81):  # GET_DESCRIPTOR
            if kind == 3:
                if number == 0:
                    return bytes([4, 3, 0x09, 0x04])
                text = self.strings(number)
                if not text:
                    return None
                body = text.encode("utf-16-le")
                return bytes([2 + len(body), 3]) + body
            if kind == 0x22:
                return self.report_descriptor
            return None
        if request_type == 0x21 and request in (0x09, 0x0A, 0x0B):  # SET_REPORT, SET_IDLE, SET_PROTOCOL
            return b""
        if request_type == 0xA1 and request == 0x01:  # GET_REPORT
            return bytes(length)
        return None

    # The plan runs on the main thread; IoctlData may only be touched from the ioctl handler (umockdev's worker
    # thread), whose client stream it uses. So the main thread only queues, and `pump` (called at the start of every
    # ioctl, under the lock) fills URBs. libusb polls REAPURBNDELAY continually, so a queued report goes out at once.
    def enqueue(self, reports):
        with self.lock:
            self.queue.extend(reports)

    def pump(self):
        while self.pending and self.queue and not self.gone:
            urb, buffer = self.pending.pop(0)
            report = self.queue.pop(0)
            length = struct.unpack_from("<i", raw(urb), 24)[0]
            status = 0
            if len(report) > length:
                report, status = report[:length], -errno.EOVERFLOW
            if report:
                buffer.update(0, list(report))
            urb.update(28, list(struct.pack("<i", len(report))))
            urb.update(4, list(struct.pack("<i", status)))
            self.done.append(urb)
            self.in_flight += 1
        if self.gone:
            for urb, _ in self.pending:
                urb.update(28, list(struct.pack("<i", 0)))
                urb.update(4, list(struct.pack("<i", -errno.ESHUTDOWN)))
                self.done.append(urb)
            self.pending = []

    def drained(self):
        with self.lock:
            return not self.queue and self.in_flight == 0

    def unplug(self):
        with self.lock:
            self.gone = True
            self.queue = []

    # --- usbdevfs -------------------------------------------------------------------------------------------------
    def do_handle_ioctl(self, client):
        request = client.get_request() & 0xFFFFFFFF
        arg = client.get_arg()
        with self.lock:
            self.pump()
            if request in (REAPURB, REAPURBNDELAY):
                if self.done:
                    urb = self.done.pop(0)
                    if struct.unpack_from("<B", raw(urb), 0)[0] == URB_INTERRUPT and self.in_flight:
                        if struct.unpack_from("<i", raw(urb), 4)[0] == 0:
                            self.in_flight -= 1
                    arg.resolve(0, 8).set_ptr(0, urb)
                    client.complete(0, 0)
                    return True
                if self.gone:
                    client.complete(-1, errno.ENODEV)
                    return True
            elif self.gone:
                client.complete(-1, errno.ENODEV)
                return True
        if request in (REAPURB, REAPURBNDELAY):
            time.sleep(0.001)  # libusb sees the emulated fd as always readable; do not let it spin
            client.complete(-1, errno.EAGAIN)
            return True
        if request == SUBMITURB:
            return self.submit(client, arg)
        if request == DISCARDURB:
            address = int.from_bytes(raw(arg)[:8], "little")
            with self.lock:
                for entry in self.pending:
                    urb = entry[0]
                    if urb.client_addr == address:
                        self.pending.remove(entry)
                        urb.update(28, list(struct.pack("<i", 0)))
                        urb.update(4, list(struct.pack("<i", -errno.ENOENT)))
                        self.done.append(urb)
                        client.complete(0, 0)
                        return True
            client.complete(-1, errno.EINVAL)
            return True
        if request == GET_CAPABILITIES:
            arg.resolve(0, 4).update(0, list(struct.pack("<I", 0x01 | 0x04 | 0x08 | 0x10)))
            client.complete(0, 0)
            return True
        if request == GETDRIVER:
            client.complete(-1, errno.ENODATA)
            return True
        if request in (CLAIMINTERFACE, RELEASEINTERFACE, DISCONNECT_CLAIM, SETINTERFACE, SETCONFIGURATION,
                       CLEAR_HALT, RESET):
            client.complete(0, 0)
            return True
        if request == IOCTL:  # USBDEVFS_IOCTL (connect/disconnect a kernel driver): none is bound
            client.complete(-1, errno.ENODATA)
            return True
        log("unhandled ioctl", hex(request))
        client.complete(-1, errno.ENOTTY)
        return True

    def submit(self, client, arg):
        urb = arg.resolve(0, 56)
        kind, endpoint = struct.unpack_from("<BB", raw(urb), 0)
        length = struct.unpack_from("<i", raw(urb), 24)[0]
        with self.lock:
            if kind == URB_CONTROL:
                buffer = urb.resolve(16, length)
                answer = self.control(raw(buffer)[:8], length - 8)
                if answer is None:
                    urb.update(28, list(struct.pack("<i", 0)))
                    urb.update(4, list(struct.pack("<i", -errno.EPIPE)))
                else:
                    answer = answer[: length - 8]
                    if answer:
                        buffer.update(8, list(answer))
                    urb.update(28, list(struct.pack("<i", len(answer))))
                    urb.update(4, list(struct.pack("<i", 0)))
                self.done.append(urb)
            elif kind == URB_INTERRUPT and endpoint & 0x80:
                self.pending.append((urb, urb.resolve(16, length)))
                self.opened.set()
                self.pump()
            else:
                urb.update(28, list(struct.pack("<i", length)))
                urb.update(4, list(struct.pack("<i", 0)))
                self.done.append(urb)
        client.complete(0, 0)
        return True


class Harness:
    """Runs a plan: plugs and unplugs emulated scanners and feeds them scans while the client runs."""

    def __init__(self, plan, client):
        self.plan = plan
        self.client_args = client
        self.client = None
        self.testbed = UMockdev.Testbed.new()
        self.devices = {}  # name -> (FakeScanner, syspath, devnode, spec)
        self.handlers = {}  # devnode -> the FakeScanner attached to it
        self.next_devnum = 5

    def spec(self, name):
        spec = dict(self.plan["devices"][name])
        if "fixture" in spec:
            folder = spec["fixture"]
            spec["description"] = open(os.path.join(folder, "device")).read()
            spec["recorded"] = recorded_reports(os.path.join(folder, "capture.ioctl"))
            path = os.path.join(folder, "report-descriptor.hex")
            spec["descriptorBytes"] = bytes.fromhex(open(path).read().split("#")[0].strip()) \
                if os.path.exists(path) else hidreports.BOOT_KEYBOARD_DESCRIPTOR
            meta = json.load(open(os.path.join(folder, "expected.json")))
            spec.setdefault("serial", meta.get("serial", ""))
            return spec
        kind = spec.get("kind", "wedge")
        encoding = spec.get("encoding", {})
        descriptor = hidreports.BOOT_KEYBOARD_DESCRIPTOR
        if kind == "pos":
            descriptor = {"honeywell": hidreports.HONEYWELL_POS_DESCRIPTOR,
                          "newland": hidreports.NEWLAND_POS_DESCRIPTOR}[encoding.get("pos", "honeywell")]
        if "descriptorHex" in spec:
            descriptor = bytes.fromhex(spec["descriptorHex"])
        spec["descriptorBytes"] = descriptor
        return spec

    def plug(self, name):
        spec = self.spec(name)
        devnum = self.next_devnum
        self.next_devnum = 5 if devnum >= 120 else devnum + 1
        if "description" in spec:
            text = spec["description"]
            devnode = "/dev/" + next(line[3:].strip() for line in text.splitlines() if line.startswith("N: "))
        else:
            kind = spec.get("kind", "wedge")
            text = hidreports.device_description(
                int(spec["vid"], 16), int(spec["pid"], 16), kind, bus=1, dev=devnum, port=spec.get("port", "1-3"),
                manufacturer=spec.get("manufacturer", "labelgate test"), product=spec.get("product", "fake scanner"),
                serial=spec.get("serial", ""), report_descriptor_length=len(spec["descriptorBytes"]),
                packet_size=8 if kind == "wedge" else 64)
            devnode = f"/dev/bus/usb/001/{devnum:03d}"
        syspath = "/sys" + next(line[3:].strip() for line in text.splitlines() if line.startswith("P: "))
        scanner = FakeScanner(spec, spec["descriptorBytes"])
        if devnode in self.handlers:  # device numbers wrap around; the node's previous emulation is long gone
            self.testbed.detach_ioctl(devnode)
        self.testbed.attach_ioctl(devnode, scanner)  # before the device exists: the client may open it at once
        self.handlers[devnode] = scanner
        self.testbed.add_from_string(text)
        self.devices[name] = (scanner, syspath, devnode, spec)
        log("plugged", name, devnode)

    def unplug(self, name):
        scanner, syspath, _, _ = self.devices.pop(name)
        scanner.unplug()
        time.sleep(0.02)  # let the client reap the -ESHUTDOWN URBs before the node goes away
        self.testbed.remove_device(syspath)
        log("unplugged", name)

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(what)
            if self.client is not None and self.client.poll() is not None:
                raise RuntimeError(f"the client exited ({self.client.returncode}) while waiting for {what}")
            time.sleep(0.002)

    def encode(self, spec, data, step):
        if spec.get("kind", "wedge") == "pos":
            layout = spec.get("encoding", {}).get("pos", "honeywell")
            if layout == "honeywell":
                return hidreports.honeywell_reports(data, step.get("aim", "]d2"))
            return hidreports.newland_reports(data)
        e = spec.get("encoding", {})
        return hidreports.wedge_reports(data, e.get("layout", "us"), e.get("gs", "ctrl"), e.get("suffix", "enter"),
                                        e.get("releases", True), e.get("capslock", False))

    def start_client(self):
        if self.client is None:
            self.client = subprocess.Popen(self.client_args)

    def run(self):
        steps = self.plan.get("steps", [])
        if not any("startClient" in step for step in steps):
            self.start_client()
        for step in steps:
            log("step", json.dumps(step)[:100])
            if "startClient" in step:
                self.start_client()
            elif "plug" in step:
                self.plug(step["plug"])
            elif "unplug" in step:
                self.unplug(step["unplug"])
            elif "sleep" in step:
                time.sleep(step["sleep"])
            elif "waitOpen" in step:
                scanner = self.devices[step["waitOpen"]][0]
                self.wait(scanner.opened.is_set, step.get("timeout", 10), f"{step['waitOpen']} to be opened")
            elif "waitDrained" in step:
                scanner = self.devices[step["waitDrained"]][0]
                self.wait(scanner.drained, step.get("timeout", 10), f"{step['waitDrained']} to be drained")
            elif "waitFile" in step:
                path = step["waitFile"]
                self.wait(lambda: os.path.exists(path), step.get("timeout", 10), f"{path} to exist")
            elif "scan" in step:
                scanner, _, _, spec = self.devices[step["scan"]]
                data = open(step["hexFile"]).read().strip() if "hexFile" in step else step["hex"]
                reports = self.encode(spec, bytes.fromhex(data), step)
                scanner.enqueue(reports[: step["cutAfter"]] if "cutAfter" in step else reports)
            elif "fixtureReports" in step:
                scanner, _, _, spec = self.devices[step["fixtureReports"]]
                scanner.enqueue(spec["recorded"])
            elif "signalClient" in step:
                self.start_client()
                self.client.send_signal(getattr(signal, "SIG" + step["signalClient"]))
            elif "reports" in step:
                scanner = self.devices[step["reports"]][0]
                scanner.enqueue([bytes.fromhex(h) for h in step["hex"]])
        self.start_client()
        try:
            return self.client.wait(timeout=self.plan.get("clientTimeout", 30))
        except subprocess.TimeoutExpired:
            self.client.kill()
            self.client.wait()
            print("fake: the client did not exit in time; killed", file=sys.stderr, flush=True)
            return 124


def main():
    if "--" not in sys.argv or len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    split = sys.argv.index("--")
    plan = json.load(open(sys.argv[1]))
    if "LD_PRELOAD" not in os.environ or "umockdev" not in os.environ.get("LD_PRELOAD", ""):
        print("fake: run me under umockdev-wrapper", file=sys.stderr)
        return 2
    harness = Harness(plan, sys.argv[split + 1:])
    try:
        return harness.run()
    except Exception as error:  # a plan that cannot be run ends the client too, so no test hangs
        print(f"fake: {error}", file=sys.stderr, flush=True)
        if harness.client is not None and harness.client.poll() is None:
            harness.client.kill()
            harness.client.wait()
        return 125


if __name__ == "__main__":
    sys.exit(main())
