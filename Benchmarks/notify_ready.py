#!/usr/bin/env python3
"""Times a daemon start: runs COMMAND with $NOTIFY_SOCKET pointing at a socket of ours and
prints the seconds until READY=1, then stops it with SIGTERM and prints the seconds to exit.

    notify_ready.py COMMAND...
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time


def main() -> int:
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(120)
    env = dict(os.environ, NOTIFY_SOCKET=path)
    start = time.monotonic()
    child = subprocess.Popen(sys.argv[1:], env=env, stderr=subprocess.DEVNULL)
    ready = None
    while ready is None:
        message = sock.recv(4096).decode()
        if "READY=1" in message.split("\n"):
            ready = time.monotonic() - start
    child.send_signal(signal.SIGTERM)
    stop_start = time.monotonic()
    code = child.wait(timeout=60)
    print(f"ready after {ready:.3f} s; exit {code} {time.monotonic() - stop_start:.3f} s after SIGTERM")
    os.unlink(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
