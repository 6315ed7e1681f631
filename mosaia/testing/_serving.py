"""Serve a :class:`~mosaia.testing.Simulator` over real HTTP on loopback.

From the shell: ``python -m mosaia.testing.server [--port N]`` (port 0 picks a free one and
prints it). From Python: ``with serve() as server: Mosaia(server.config())``.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import sys
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from mosaia.config import MosaiaConfig
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing._sim import Simulator
from mosaia.testing._sim.faults import add_arguments, from_arguments, is_dropped
from mosaia.testing._sim.forms import read_form
from mosaia.testing._sim.storage import Storage, storage_of
from mosaia.testing._sim.storage_http import StorageServer

_LOOPBACK = ("127.0.0.1", "localhost", "::1")
#: How much of a form's body is read from the socket at a time.
PIECE = 256 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API and urllib3's pool expect
    # Without this, a keep-alive connection's second answer waits ~40 ms on delayed ACKs.
    disable_nagle_algorithm = True
    server: _SimHTTPServer

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        content_type = self.headers.get("Content-Type") or ""
        form = None
        if content_type.startswith("multipart/form-data"):
            # Read as it arrives, so an announce carrying 200 MB of files costs a piece.
            form = read_form(self._pieces(length), content_type)
            body = None
        else:
            body = self.rfile.read(length) if length else None
        request = HttpRequest(
            method=self.command,
            url=f"http://127.0.0.1:{self.server.server_port}{self.path}",
            headers=tuple(self.headers.items()),
            body=body,
        )
        simulator = self.server.simulator
        simulator.pause()  # the faults' latency, outside the simulator's lock: requests overlap
        response = simulator.handle(request, form=form)
        if is_dropped(response):
            # Faults.drop_rate: close the socket without a byte of answer, as a dying server does.
            self.close_connection = True
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if (response.header("content-type") or "").startswith("text/event-stream"):
            self._stream(response)
            return
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _pieces(self, length: int) -> Iterator[bytes]:
        left = length
        while left > 0:
            piece = self.rfile.read(min(PIECE, left))
            if not piece:
                self.close_connection = True  # the client went away mid-body
                return
            left -= len(piece)
            yield piece

    def _stream(self, response: HttpResponse) -> None:
        # Events go out one HTTP chunk each, as a real server streams them. A stream the
        # simulator cuts short stops without the closing chunk and the connection is closed:
        # exactly what the client sees when a server dies mid-answer.
        pieces, cut = self.server.simulator.stream_pieces(response)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        for piece in pieces:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
        if cut:
            self.close_connection = True
            return
        self.wfile.write(b"0\r\n\r\n")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"simulator: {format % args}\n")


class _SimHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-answer (a test cutting a stream, a pool closing a socket), or
        # a connection closed by stop() under a handler, is normal traffic for a test server,
        # not a traceback on stderr.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)

    # socketserver's default backlog of 5 drops the SYNs of a burst of concurrent clients, and
    # each dropped one costs a full second of TCP retransmission: batches would look slow.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], simulator: Simulator, verbose: bool) -> None:
        self.simulator = simulator
        self.verbose = verbose
        # Every accepted connection until its handler is done with it: a keep-alive connection
        # outlives the serve loop, so stopping must close these or they go on answering.
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6  # ::1 cannot be bound by an IPv4 socket
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Close every connection still open, so no client is answered after a stop: a handler
        waiting for the next request on a keep-alive connection sees it end."""
        with self._open_lock:
            connections, self._open = list(self._open), set()
        for connection in connections:
            with contextlib.suppress(OSError):  # the client may have hung up already
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


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
        # Presigned file URLs point at a second origin, as a platform's storage is another host.
        self._storage = StorageServer(self.simulator, storage_of(self.simulator), host)

    @property
    def storage(self) -> Storage:
        """The simulated object store behind file uploads: its requests and fault knobs."""
        return self._storage.storage

    @property
    def port(self) -> int:
        """The port actually bound (useful after asking for port 0)."""
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL of the served API (``http://127.0.0.1:PORT``, or ``http://[::1]:PORT``
        when serving on IPv6 loopback)."""
        host = "[::1]" if self._httpd.address_family == socket.AF_INET6 else "127.0.0.1"
        return f"http://{host}:{self.port}"

    def config(self, **overrides: Any) -> MosaiaConfig:
        """A config pointing at this server with the simulator's API key."""
        # The served simulator plays the frontend too (its /oauth authorize page).
        values: dict[str, Any] = {
            "api_key": self.simulator.api_key,
            "base_url": self.url,
            "frontend_url": self.url,
            "sse_url": self.url + "/sse",  # the live-update relay (mosaia.testing._sim.relay)
        }
        values.update(overrides)
        return MosaiaConfig(**values)

    def start(self) -> SimulatorServer:
        """Serve in a daemon thread; returns ``self``."""
        self._thread = threading.Thread(
            # A short poll makes stop() take milliseconds instead of half a second per test.
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="mosaia-simulator",
            daemon=True,
        )
        self._thread.start()
        self._storage.start()
        return self

    def stop(self) -> None:
        """Stop serving: stop accepting, close every open connection (a client's next request
        on a kept-alive one fails, as against a server that went away) and the listening socket.
        Harmless on a server never started, or stopped already."""
        if self._thread is not None:
            # Only a running serve loop can answer shutdown(): called before start() it would
            # wait forever.
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.close_connections()
        self._httpd.server_close()
        self._storage.stop()

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
    parser.add_argument(
        "--fixtures", action="store_true", help="seed a small realistic world (fixtures.IDS)"
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    options: dict[str, Any] = {"faults": from_arguments(args)}
    if args.api_key is not None:
        options["api_key"] = args.api_key
    simulator = Simulator.with_fixtures(**options) if args.fixtures else Simulator(**options)
    server = SimulatorServer(simulator, host=args.host, port=args.port, verbose=args.verbose)
    # The two lines a user pastes into a shell, in the exact form Mosaia() (through
    # MosaiaConfig.from_env) reads: the base URL has no /v1 (the config's `version` adds it).
    print(f"# Mosaia simulator listening on {server.url}; to use it, run:", flush=True)
    print(f"export MOSAIA_BASE_URL={server.url}", flush=True)
    print(f"export MOSAIA_API_KEY={simulator.api_key}", flush=True)
    server._storage.start()
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.close_connections()
        server._httpd.server_close()
        server._storage.stop()
    return 0
