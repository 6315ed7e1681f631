"""Serve a :class:`~mosaia.testing.Simulator` over real HTTP on loopback.

From the shell: ``python -m mosaia.testing.server [--port N]`` (port 0 picks a free one and
prints it). From Python: ``with serve() as server: Mosaia(server.config())``.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from mosaia.config import MosaiaConfig
from mosaia.http import HttpRequest
from mosaia.testing.sim import Simulator

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API and urllib3's pool expect
    server: _SimHTTPServer

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = HttpRequest(
            method=self.command,
            url=f"http://127.0.0.1:{self.server.server_port}{self.path}",
            headers=tuple(self.headers.items()),
            body=body,
        )
        response = self.server.simulator.handle(request)
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"simulator: {format % args}\n")


class _SimHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], simulator: Simulator, verbose: bool) -> None:
        self.simulator = simulator
        self.verbose = verbose
        super().__init__(address, _Handler)


class SimulatorServer:
    """A simulator served on ``host:port`` in a background thread; a context manager.

    ``url`` is the base URL to give a client; :meth:`config` builds a ready config."""

    def __init__(
        self,
        simulator: Simulator | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
    ) -> None:
        if host not in _LOOPBACK:
            raise ValueError(f"the simulator only listens on loopback, not {host!r}")
        self.simulator = simulator if simulator is not None else Simulator()
        self._httpd = _SimHTTPServer((host, port), self.simulator, verbose)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (useful after asking for port 0)."""
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL of the served API (``http://127.0.0.1:PORT``)."""
        return f"http://127.0.0.1:{self.port}"

    def config(self, **overrides: Any) -> MosaiaConfig:
        """A config pointing at this server with the simulator's API key."""
        values: dict[str, Any] = {"api_key": self.simulator.api_key, "base_url": self.url}
        values.update(overrides)
        return MosaiaConfig(**values)

    def start(self) -> SimulatorServer:
        """Serve in a daemon thread; returns ``self``."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="mosaia-simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SimulatorServer:
        return self.start() if self._thread is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(simulator: Simulator | None = None, *, port: int = 0) -> SimulatorServer:
    """A started :class:`SimulatorServer` on 127.0.0.1 (use it as a context manager)."""
    return SimulatorServer(simulator, port=port).start()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: serve a simulator until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m mosaia.testing.server",
        description="Serve the in-memory Mosaia simulator on loopback.",
    )
    parser.add_argument("--port", type=int, default=8787, help="port (0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", choices=_LOOPBACK)
    parser.add_argument("--api-key", default=None, help="the bearer key to accept")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    simulator = Simulator() if args.api_key is None else Simulator(api_key=args.api_key)
    server = SimulatorServer(simulator, host=args.host, port=args.port, verbose=args.verbose)
    print(f"Mosaia simulator listening on {server.url}/v1", flush=True)
    print(f"api key: {simulator.api_key}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
