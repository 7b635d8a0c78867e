"""Serve ``matching.api.main:app`` from several forked uvicorn worker processes.

``python -m tests.support.forked_uvicorn --workers 4`` imports the app once, binds a
loopback port (printed as ``listening on http://127.0.0.1:PORT``), and forks the
workers, each a full uvicorn server on the shared socket, with its own database pool.
This is what ``gunicorn --preload`` does; ``uvicorn --workers`` instead spawns fresh
interpreters that import the app again, ~6 s of CPU each (four took ~28 s on the
shared two-core test machine), too slow for a test. SIGTERM is passed on to the
workers, which shut down gracefully; the parent exits when they have.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys
from types import FrameType


def main() -> int:
    """Import the app, bind, fork the workers and wait for them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    import uvicorn

    from matching.api.main import app  # once, before forking: the expensive part

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)
    port = listener.getsockname()[1]
    children: list[int] = []
    for _ in range(args.workers):
        pid = os.fork()
        if pid == 0:
            config = uvicorn.Config(app, lifespan="on", access_log=False, log_config=None)
            uvicorn.Server(config).run(sockets=[listener])
            os._exit(0)
        children.append(pid)

    def pass_on(signum: int, _frame: FrameType | None) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(child, signum)

    signal.signal(signal.SIGTERM, pass_on)
    signal.signal(signal.SIGINT, pass_on)
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    for child in children:
        os.waitpid(child, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
