"""Loaded by every Python process of a guarded run (PYTHONPATH): refuse and log any network use.

Socket families other than AF_UNIX (which multiprocessing's forkserver uses), name lookups
and URL opening are refused with an exception and written, one JSON line per event, to the
file named by $NUTGRAF_NET_LOG. Forked workers inherit the hook.
"""

import json
import os
import socket
import sys

_LOG = os.environ.get("NUTGRAF_NET_LOG")
_LOOKUPS = {
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
    "socket.gethostbyaddr", "socket.getnameinfo", "urllib.Request", "http.client.connect",
    "ftplib.connect", "smtplib.connect", "webbrowser.open",
}  # fmt: skip


def _record(event, args):
    if _LOG:
        with open(_LOG, "a") as log:
            log.write(json.dumps({"pid": os.getpid(), "event": event, "args": repr(args)}) + "\n")
    raise PermissionError(f"network use refused in a guarded run: {event}")


def _guard(event, args):
    local = event in ("socket.connect", "socket.sendto", "socket.bind") and isinstance(
        args[1], str | bytes
    )  # AF_UNIX addresses are paths
    if (
        event in _LOOKUPS
        or (event == "socket.__new__" and args[1] not in (socket.AF_UNIX, -1))
        or (event in ("socket.connect", "socket.sendto", "socket.bind") and not local)
    ):
        _record(event, args)


sys.addaudithook(_guard)
