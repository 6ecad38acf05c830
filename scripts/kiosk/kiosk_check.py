#!/usr/bin/env python3
"""Drives the daemon's kiosk page in headless Chromium and asserts what a person at the station would see.

Usage: kiosk_check.py BASE_URL STATION KIOSK_TOKEN DOCK_TOKEN GOOD_SCAN BAD_SCAN SCREENSHOT_PREFIX

Starts `chromium --headless` with a DevTools port, opens BASE_URL/kiosk?station=STATION#token=KIOSK_TOKEN,
waits until the page's event stream is live, posts GOOD_SCAN then BAD_SCAN to the API as the dock, and after
each checks the DOM (green ACCEPTED, then red REFUSED with the reason in words) and saves a screenshot.
Only the Python standard library: the DevTools WebSocket is spoken by hand (RFC 6455, client side, text frames).
Exits 0 when every check passed; prints what it saw otherwise.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


class DevTools:
    def __init__(self, ws_url):
        host_port, path = ws_url[len("ws://"):].split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("DevTools refused the WebSocket: " + head.decode(errors="replace"))
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        header = bytes([0x81])
        mask = os.urandom(4)
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 65536:
            header += bytes([0x80 | 126]) + len(data).to_bytes(2, "big")
        else:
            header += bytes([0x80 | 127]) + len(data).to_bytes(8, "big")
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _recv_exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            out += chunk
        return out

    def _recv(self):
        message = b""
        while True:
            first, second = self._recv_exact(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self._recv_exact(2), "big")
            elif length == 127:
                length = int.from_bytes(self._recv_exact(8), "big")
            payload = self._recv_exact(length)
            message += payload
            if first & 0x80:
                return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        call_id = self.next_id
        self._send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self._recv())
            if reply.get("id") == call_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_scan(base, station, token, text):
    request = urllib.request.Request(
        f"{base}/v1/stations/{station}/scans", data=json.dumps({"text": text}).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["verdict"]


def wait_for(devtools, expression, timeout=15):
    deadline = time.time() + timeout
    value = None
    while time.time() < deadline:
        value = devtools.evaluate(expression)
        if value:
            return value
        time.sleep(0.1)
    return value


def main():
    base, station, kiosk_token, dock_token, good, bad, shots = sys.argv[1:8]
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("chromium is not installed (scripts/apt/daemon.txt)")
        return 2
    port = free_port()
    profile = tempfile.mkdtemp(prefix="lg-kiosk-chromium-")
    process = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", f"--remote-debugging-port={port}", "--window-size=1280,800", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []
    try:
        targets = None
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                    targets = [t for t in json.load(response) if t.get("type") == "page"]
                if targets:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if not targets:
            print("chromium's DevTools did not come up")
            return 1
        devtools = DevTools(targets[0]["webSocketDebuggerUrl"])
        devtools.call("Page.enable")
        devtools.call("Page.navigate", url=f"{base}/kiosk?station={station}#token={kiosk_token}")
        if wait_for(devtools, "document.getElementById('connection')?.dataset.state === 'live'") is not True:
            failures.append("the event stream never went live: "
                            + str(devtools.evaluate("document.getElementById('connection')?.textContent")))
        title = wait_for(devtools, "document.getElementById('station').textContent.includes('(')")
        if not title:
            failures.append("the station title did not load")

        def check(scan, outcome, words, shot):
            verdict = post_scan(base, station, dock_token, scan)
            if verdict["outcome"] != outcome:
                failures.append(f"the API said {verdict['outcome']}, expected {outcome}")
            seen = wait_for(devtools, f"document.getElementById('verdict').dataset.outcome === '{outcome}'")
            state = devtools.evaluate(
                "JSON.stringify({outcome: document.getElementById('verdict').dataset.outcome,"
                " title: document.getElementById('verdict-title').textContent,"
                " reason: document.getElementById('verdict-reason').textContent,"
                " next: document.getElementById('next-step').textContent,"
                " color: getComputedStyle(document.getElementById('verdict')).backgroundColor,"
                " devices: document.getElementById('devices').textContent})")
            state = json.loads(state)
            print(json.dumps(state))
            if not seen:
                failures.append(f"the page did not show {outcome}: {state}")
            if words.upper() not in state["title"]:
                failures.append(f"title {state['title']!r} lacks {words}")
            if state["reason"] != verdict["message"]:
                failures.append(f"reason {state['reason']!r} differs from the verdict's words {verdict['message']!r}")
            expected_color = "rgb(10, 125, 44)" if outcome == "accepted" else "rgb(204, 0, 0)"
            if state["color"] != expected_color:
                failures.append(f"{outcome} background is {state['color']}, expected {expected_color}")
            if not state["next"] or state["next"] == "…":
                failures.append("no next step shown")
            if "printer spool: ready" not in state["devices"]:
                failures.append(f"printer health missing: {state['devices']!r}")
            image = devtools.call("Page.captureScreenshot", format="png")["data"]
            with open(shot, "wb") as out:
                out.write(base64.b64decode(image))

        check(good, "accepted", "accepted", shots + "-accepted.png")
        check(bad, "refused", "refused", shots + "-refused.png")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
