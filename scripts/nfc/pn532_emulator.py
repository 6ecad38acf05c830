#!/usr/bin/env python3
"""A PN532 (HSU frames) on a pseudo-terminal with NTAG21x / Ultralight tags, for driving the real libnfc in tests.

Usage: pn532_emulator.py --link PATH --control SOCKET [--time-limit SECONDS]

It prints `READY <slave path>` once the reader answers; libnfc connects with `LIBNFC_DEVICE=pn532_uart:PATH`
(PATH is a symlink to the current pty slave). The control socket takes one JSON object per line and answers one
JSON line:
  {"cmd": "place", "type": "ntag213", "uid": "04a1b2c3d4e5f6", "signature": "<64 hex>", "pages": "<hex>"}
  {"cmd": "remove"}                        the tag leaves the field
  {"cmd": "return"}                        the tag that left comes back, memory as it was
  {"cmd": "remove_after_writes", "n": 3}   the tag leaves the field after 3 more accepted WRITEs (mid-write)
  {"cmd": "remove_after_reads", "n": 1}    the tag leaves the field after 1 more READ/FAST_READ (mid-read)
  {"cmd": "dump"}                          answers {"pages": "<hex of all pages>"}
  {"cmd": "unplug"}                        the reader disappears (the pty closes)
  {"cmd": "replug"}                        a new pty appears and PATH points at it
  {"cmd": "stats"}                         counts of frames served
  {"cmd": "quit"}
The emulator exits by itself after --time-limit seconds so that a stuck test always ends.
"""
import argparse
import json
import os
import select
import socket
import sys
import time
import tty

TYPES = {
    # name: (pages, cc size byte, cfg0 page, version byte 6 or None for Ultralight without GET_VERSION)
    "ntag213": (45, 0x12, 0x29, 0x0F),
    "ntag215": (135, 0x3E, 0x83, 0x11),
    "ntag216": (231, 0x6D, 0xE3, 0x13),
    "ultralight": (16, 0x06, None, None),
}
ACK = bytes([0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00])
ERROR_FRAME = bytes([0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00])


def crc_a(data):
    crc = 0x6363
    for byte in data:
        byte ^= crc & 0xFF
        byte = (byte ^ (byte << 4)) & 0xFF
        crc = ((crc >> 8) ^ (byte << 8) ^ (byte << 3) ^ (byte >> 4)) & 0xFFFF
    return bytes([crc & 0xFF, crc >> 8])


class Tag:
    def __init__(self, kind, uid, signature=None, pages=None):
        self.kind = kind
        total, cc_size, cfg0, version = TYPES[kind]
        self.total = total
        self.cfg0 = cfg0
        self.version = version
        self.uid = bytes.fromhex(uid)
        assert len(self.uid) == 7
        self.signature = bytes.fromhex(signature) if signature else bytes(32)
        mem = bytearray(total * 4)
        u = self.uid
        bcc0 = 0x88 ^ u[0] ^ u[1] ^ u[2]
        bcc1 = u[3] ^ u[4] ^ u[5] ^ u[6]
        mem[0:4] = bytes([u[0], u[1], u[2], bcc0])
        mem[4:8] = u[3:7]
        mem[8:12] = bytes([bcc1, 0x48, 0x00, 0x00])
        mem[12:16] = bytes([0xE1, 0x10, cc_size, 0x00])
        mem[16:19] = bytes([0x03, 0x00, 0xFE])
        if cfg0 is not None:
            mem[cfg0 * 4:cfg0 * 4 + 4] = bytes([0x04, 0x00, 0x00, 0xFF])  # AUTH0 = 0xFF: no protection
            mem[(cfg0 + 1) * 4:(cfg0 + 1) * 4 + 4] = bytes([0x00, 0x05, 0x00, 0x00])
            mem[(cfg0 + 2) * 4:(cfg0 + 2) * 4 + 4] = b"\xff\xff\xff\xff"  # PWD
        if pages:
            data = bytes.fromhex(pages)
            mem[16:16 + len(data)] = data
        self.mem = mem
        self.authenticated = False

    def auth0(self):
        return self.mem[self.cfg0 * 4 + 3] if self.cfg0 is not None else 0xFF

    def read_protected(self):
        return self.cfg0 is not None and self.mem[(self.cfg0 + 1) * 4] & 0x80

    def page_bytes(self, page):
        page %= self.total
        if self.cfg0 is not None and page in (self.cfg0 + 2, self.cfg0 + 3):
            return b"\x00\x00\x00\x00"  # PWD and PACK read as zeros
        return bytes(self.mem[page * 4:page * 4 + 4])

    def readable(self, page):
        return self.authenticated or not self.read_protected() or page < self.auth0()


class Emulator:
    def __init__(self, link, control):
        self.link = link
        self.control_path = control
        self.tag = None
        self.registers = {}
        self.buffer = b""
        self.master = None
        self.slave = None
        self.writes_left = None
        self.reads_left = None
        self.selected = False
        self.frames = 0
        self.away = None
        self.open_pty()

    def open_pty(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        path = os.ttyname(self.slave)
        tmp = self.link + ".new"
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.symlink(path, tmp)
        os.replace(tmp, self.link)
        self.buffer = b""
        self.registers = {}
        return path

    def close_pty(self):
        if self.master is not None:
            os.close(self.master)
            os.close(self.slave)
            self.master = self.slave = None
            if os.path.lexists(self.link):
                os.unlink(self.link)

    # --- frames -----------------------------------------------------------------------------------------------
    def send_response(self, data):
        body = bytes([0xD5]) + data
        length = len(body)
        frame = bytes([0x00, 0x00, 0xFF, length, (-length) & 0xFF]) + body
        frame += bytes([(-sum(body)) & 0xFF, 0x00])
        os.write(self.master, ACK + frame)

    def on_readable(self):
        try:
            chunk = os.read(self.master, 4096)
        except OSError:
            return
        self.buffer += chunk
        while True:
            start = self.buffer.find(b"\x00\xff")
            if start < 0:
                self.buffer = self.buffer[-1:]
                return
            rest = self.buffer[start + 2:]
            if len(rest) < 2:
                return
            if rest[0] == 0x00 and rest[1] == 0xFF:  # ACK from the host: abort; nothing is running
                self.buffer = rest[2:]
                continue
            if rest[0] == 0xFF and rest[1] == 0xFF:  # extended frame
                if len(rest) < 5:
                    return
                length = rest[2] << 8 | rest[3]
                header = 5
            else:
                length = rest[0]
                if (length + rest[1]) & 0xFF:
                    self.buffer = rest
                    continue
                header = 2
            if len(rest) < header + length + 2:
                return
            body = rest[header:header + length]
            self.buffer = rest[header + length + 2:]
            if not body or body[0] != 0xD4 or (sum(body) + rest[header + length]) & 0xFF:
                os.write(self.master, ERROR_FRAME)
                continue
            self.frames += 1
            answer = self.command(body[1], body[2:])
            if answer is None:
                os.write(self.master, ACK + ERROR_FRAME)
            else:
                self.send_response(bytes([body[1] + 1]) + answer)

    def crc_enabled(self):
        return bool(self.registers.get(0x6302, 0x80) & 0x80)

    def target_data(self):
        return bytes([0x00, 0x44, 0x00, 0x07]) + self.tag.uid

    def command(self, cmd, data):
        if cmd == 0x00:
            return data  # Diagnose: echo
        if cmd == 0x02:
            return bytes([0x32, 0x01, 0x06, 0x07])
        if cmd in (0x12, 0x14, 0x32):
            return b""
        if cmd == 0x16:
            return b"\x00"
        if cmd == 0x06:
            return bytes(self.registers.get(data[i] << 8 | data[i + 1], 0x80 if data[i + 1] in (2, 3) else 0)
                         for i in range(0, len(data) - 1, 2))
        if cmd == 0x08:
            for i in range(0, len(data) - 2, 3):
                self.registers[data[i] << 8 | data[i + 1]] = data[i + 2]
            return b""
        if cmd == 0x4A:
            if len(data) >= 2 and data[1] == 0x00 and self.tag is not None:
                self.selected = True
                self.tag.authenticated = False
                return bytes([0x01, 0x01]) + self.target_data()
            return b"\x00"
        if cmd == 0x60:
            if self.tag is not None:
                self.selected = True
                self.tag.authenticated = False
                td = self.target_data()
                return bytes([0x01, 0x10, len(td) + 1, 0x01]) + td
            return b"\x00"
        if cmd in (0x44, 0x52, 0x54):
            if cmd == 0x44 or cmd == 0x52:
                self.selected = False
            return b"\x00"
        if cmd == 0x40:  # InDataExchange
            status, answer = self.tag_command(bytes(data[1:]))
            return bytes([status]) + answer
        if cmd == 0x42:  # InCommunicateThru
            raw = bytes(data)
            if not self.crc_enabled():
                if len(raw) < 3 or crc_a(raw[:-2]) != raw[-2:]:
                    return b"\x02"
                raw = raw[:-2]
            status, answer = self.tag_command(raw)
            if status == 0 and not self.crc_enabled():
                answer += crc_a(answer)
            return bytes([status]) + answer
        return None  # anything else: the PN532 error frame

    def gone(self):
        if self.tag is not None:
            self.away = self.tag
        self.tag = None
        self.selected = False

    def tag_command(self, raw):
        """Status byte and answer for a tag command (0x01 timeout when no tag answers, 0x14 for an NAK)."""
        tag = self.tag
        if tag is None or not raw:
            return 0x01, b""
        op = raw[0]
        if op == 0x30 and len(raw) == 2:  # READ
            if raw[1] >= tag.total:
                return 0x14, b""
            if not all(tag.readable((raw[1] + i) % tag.total) for i in range(4)):
                return 0x14, b""
            answer = b"".join(tag.page_bytes(raw[1] + i) for i in range(4))
            return self.after_read(answer)
        if op == 0x3A and len(raw) == 3 and tag.version is not None:  # FAST_READ
            start, end = raw[1], raw[2]
            if start > end or end >= tag.total:
                return 0x14, b""
            if not all(tag.readable(p) for p in range(start, end + 1)):
                return 0x14, b""
            return self.after_read(b"".join(tag.page_bytes(p) for p in range(start, end + 1)))
        if op == 0xA2 and len(raw) == 6:  # WRITE
            page = raw[1]
            if page < 3 or page >= tag.total or (page >= tag.auth0() and not tag.authenticated):
                return 0x14, b""
            if page == 3:  # OTP: bits can only be set
                old = tag.mem[12:16]
                tag.mem[12:16] = bytes(a | b for a, b in zip(old, raw[2:6]))
            else:
                tag.mem[page * 4:page * 4 + 4] = raw[2:6]
            if self.writes_left is not None:
                self.writes_left -= 1
                if self.writes_left <= 0:
                    self.writes_left = None
                    self.gone()
            return 0x00, b""
        if op == 0x60 and len(raw) == 1:  # GET_VERSION
            if tag.version is None:
                return 0x01, b""
            return 0x00, bytes([0x00, 0x04, 0x04, 0x02, 0x01, 0x00, tag.version, 0x03])
        if op == 0x3C and len(raw) == 2 and tag.version is not None:  # READ_SIG
            return 0x00, tag.signature
        if op == 0x1B and len(raw) == 5 and tag.version is not None:  # PWD_AUTH
            pwd_page = tag.cfg0 + 2
            if raw[1:5] == bytes(tag.mem[pwd_page * 4:pwd_page * 4 + 4]):
                tag.authenticated = True
                return 0x00, bytes(tag.mem[(pwd_page + 1) * 4:(pwd_page + 1) * 4 + 2])
            return 0x14, b""
        return 0x14, b""

    def after_read(self, answer):
        if self.reads_left is not None:
            self.reads_left -= 1
            if self.reads_left < 0:
                self.reads_left = None
                self.gone()
                return 0x01, b""
        return 0x00, answer

    # --- control ----------------------------------------------------------------------------------------------
    def control(self, request):
        cmd = request.get("cmd")
        if cmd == "place":
            self.tag = Tag(request.get("type", "ntag213"), request["uid"], request.get("signature"),
                           request.get("pages"))
            self.writes_left = None
            self.reads_left = None
            return {"ok": True}
        if cmd == "remove":
            self.gone()
            return {"ok": True}
        if cmd == "return":
            if self.away is None:
                return {"ok": False, "error": "no tag left the field"}
            self.tag, self.away = self.away, None
            return {"ok": True}
        if cmd == "remove_after_writes":
            self.writes_left = int(request["n"])
            return {"ok": True}
        if cmd == "remove_after_reads":
            self.reads_left = int(request["n"])
            return {"ok": True}
        if cmd == "dump":
            if self.tag is None:
                return {"ok": False, "error": "no tag"}
            return {"ok": True, "pages": bytes(self.tag.mem).hex(), "uid": self.tag.uid.hex()}
        if cmd == "unplug":
            self.close_pty()
            return {"ok": True}
        if cmd == "replug":
            if self.master is None:
                self.open_pty()
            return {"ok": True}
        if cmd == "stats":
            return {"ok": True, "frames": self.frames}
        if cmd == "quit":
            return {"ok": True, "quit": True}
        return {"ok": False, "error": "unknown command"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--link", required=True)
    parser.add_argument("--control", required=True)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.time_limit
    emulator = Emulator(args.link, args.control)
    if os.path.exists(args.control):
        os.unlink(args.control)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Bound and listening under a temporary name first: the control path appears only once it accepts connections.
    staging = args.control + ".new"
    if os.path.exists(staging):
        os.unlink(staging)
    server.bind(staging)
    server.listen(4)
    os.rename(staging, args.control)
    clients = {}
    print("READY", os.path.realpath(args.link), flush=True)
    while time.monotonic() < deadline:
        fds = [server] + list(clients)
        if emulator.master is not None:
            fds.append(emulator.master)
        readable, _, _ = select.select(fds, [], [], 0.5)
        for fd in readable:
            if fd is server:
                conn, _ = server.accept()
                clients[conn] = b""
            elif isinstance(fd, socket.socket):
                data = fd.recv(65536)
                if not data:
                    del clients[fd]
                    fd.close()
                    continue
                clients[fd] += data
                while b"\n" in clients[fd]:
                    line, clients[fd] = clients[fd].split(b"\n", 1)
                    try:
                        answer = emulator.control(json.loads(line))
                    except Exception as error:  # noqa: BLE001 - a bad control line must not kill the reader
                        answer = {"ok": False, "error": str(error)}
                    fd.sendall(json.dumps(answer).encode() + b"\n")
                    if answer.get("quit"):
                        emulator.close_pty()
                        return 0
            else:
                emulator.on_readable()
    print("time limit reached", file=sys.stderr, flush=True)
    emulator.close_pty()
    return 1


if __name__ == "__main__":
    sys.exit(main())
