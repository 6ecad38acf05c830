#!/usr/bin/env python3
"""Holds many API clients open against labelgated's Unix socket, for the bounded-resources test.

Usage: hold_clients.py SOCKET TOKEN IDLE STREAMS

Opens IDLE connections that never send a byte, then STREAMS event-stream clients (GET /v1/events) that never read,
in this process (not the test's: its file descriptors stay out of the test process, where libnfc's select() must
never see one >= FD_SETSIZE). Then answers commands on stdin, one JSON line each on stdout:
    check        {"idleOpen": N, "idleClosed": N, "streamsOpen": N, "streamsClosed": N}
    extra K      opens K more idle connections, waits 1 s: {"opened": K, "closedAtOnce": N, "connectFailed": N}
    release      closes the extra connections that are still open: {"released": N}
    quit         closes everything and exits
A connection counts as closed when the daemon hung up (POLLHUP/POLLRDHUP, or end of file on a peek). Bounded: it
exits by itself after 10 minutes.
"""
import json
import os
import resource
import select
import signal
import socket
import sys
import time


def connect(path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    return sock


def closed_by_peer(sock):
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN | select.POLLRDHUP)
    events = poller.poll(0)
    if not events:
        return False
    mask = events[0][1]
    if mask & (select.POLLHUP | select.POLLRDHUP):
        return True
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def main():
    path, token, idle_count, stream_count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = idle_count + stream_count + 2048
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, wanted), hard))
    signal.alarm(600)
    idle = [connect(path) for _ in range(idle_count)]
    request = (f"GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
               "Accept: text/event-stream\r\n\r\n").encode()
    streams = []
    for _ in range(stream_count):
        sock = connect(path)
        sock.sendall(request)
        streams.append(sock)
    extra = []
    print(json.dumps({"idle": len(idle), "streams": len(streams)}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "check":
            idle_closed = sum(closed_by_peer(s) for s in idle)
            streams_closed = sum(closed_by_peer(s) for s in streams)
            print(json.dumps({"idleOpen": len(idle) - idle_closed, "idleClosed": idle_closed,
                              "streamsOpen": len(streams) - streams_closed, "streamsClosed": streams_closed}),
                  flush=True)
        elif words[0] == "extra":
            opened, failed = [], 0
            for _ in range(int(words[1])):
                try:
                    opened.append(connect(path))
                except OSError:
                    failed += 1
            time.sleep(1)
            closed = [s for s in opened if closed_by_peer(s)]
            for sock in closed:
                sock.close()
            extra += [s for s in opened if s not in closed]
            print(json.dumps({"opened": len(opened), "closedAtOnce": len(closed), "connectFailed": failed}),
                  flush=True)
        elif words[0] == "release":
            for sock in extra:
                sock.close()
            print(json.dumps({"released": len(extra)}), flush=True)
            extra = []
        elif words[0] == "quit":
            break
    for sock in idle + streams + extra:
        sock.close()


if __name__ == "__main__":
    main()
