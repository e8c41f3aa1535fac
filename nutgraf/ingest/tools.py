"""Running the external programs some formats need (7-Zip, mdbtools, jbig2dec, djvulibre).

Each runs with no input, in a process group of its own that is killed whole on timeout, and
its complaint comes back as one short line for the document's error.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass

from nutgraf.errors import Timeout

MESSAGE_CHARS = 200


@dataclass(frozen=True)
class ToolRun:
    returncode: int
    stdout: bytes
    message: str  # the program's standard error on one line, shortened

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "replace")


def run_tool(command: list[str], timeout: float) -> ToolRun:
    """Run `command`; raise Timeout (after killing it and all it started) past `timeout` s."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        name = os.path.basename(command[0])
        raise Timeout(f"timeout: {name} did not finish in {timeout:.0f} s") from None
    message = " ".join(err.decode("utf-8", "replace").split())[:MESSAGE_CHARS]
    return ToolRun(process.returncode, out, message)
