"""A misbehaving HTTP server on 127.0.0.1, for testing the transport against real sockets.

A :class:`FaultServer` plays a script: the n-th request it receives gets the n-th action (reset
the connection, answer 503, cut the body short, answer too slowly, ...) and every request after
the script gets the ``default`` action. It records what reached it, so a test can say exactly
how many requests the client sent, and how many connections it opened. It also serves as a
plain forward proxy target: a request sent through a proxy arrives with an absolute URL as its
path. :func:`with_refresh` gives it the API's token endpoints, answered by an action of their own
(refused, hanging, odd tokens), for testing a session's renewal against real sockets.
"""

from __future__ import annotations

import shutil
import signal
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import msgspec

from mosaia.config import MosaiaConfig

Action = Callable[["FaultHandler"], None]


@dataclass(frozen=True)
class Received:
    """One request as it reached the server."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class _State:
    script: list[Action]
    default: Action
    received: list[Received] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Set when the server stops: endless actions end then.
    stopping: threading.Event = field(default_factory=threading.Event)


class FaultHandler(BaseHTTPRequestHandler):
    """Reads one request, records it, and lets the next scripted action answer it."""

    protocol_version = "HTTP/1.1"  # keep-alive, so faults also hit reused pooled connections
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state = self.server.state
        with state.lock:
            state.received.append(
                Received(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
            number = len(state.received)
            action = state.script.pop(0) if state.script else state.default
        self.number = number
        try:
            action(self)
        except OSError:
            self.close_connection = True  # the client hung up first, as slow tests intend

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: _State) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), FaultHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        return None  # faults are the point; tracebacks from them are noise

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.state.lock:
            self.state.connections += 1
        super().process_request(request, client_address)


class FaultServer:
    """The scripted server; use :func:`fault_server` to run one for a test."""

    def __init__(
        self, script: list[Action], default: Action, tls: ssl.SSLContext | None = None
    ) -> None:
        self._state = _State(script=list(script), default=default)
        self._httpd = _Server(self._state)
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._scheme = "https" if tls is not None else "http"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (``https`` when serving TLS)."""
        return f"{self._scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def received(self) -> list[Received]:
        """Every request that reached the server, in order."""
        with self._state.lock:
            return list(self._state.received)

    @property
    def count(self) -> int:
        """How many requests reached the server."""
        return len(self.received)

    @property
    def connections(self) -> int:
        """How many connections the server accepted."""
        with self._state.lock:
            return self._state.connections

    def config(self, **overrides: Any) -> MosaiaConfig:
        """A config pointing at this server (with a key, which loopback may carry over http)."""
        values: dict[str, Any] = {"api_key": "fault-key-0123456789", "base_url": self.url}
        values.update(overrides)
        return MosaiaConfig(**values)

    def start(self) -> FaultServer:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; endless actions end, handlers still sleeping in a slow action are
        daemon threads."""
        self._state.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def fault_server(
    *script: Action, default: Action | None = None, tls: ssl.SSLContext | None = None
) -> Iterator[FaultServer]:
    """A started :class:`FaultServer` playing ``script``, then ``default`` (a 200 with one
    agent) for every later request; over TLS with ``tls``."""
    server = FaultServer(list(script), default or reply(200, json={"data": AGENT}), tls).start()
    try:
        yield server
    finally:
        server.stop()


AGENT = {"id": "a1", "name": "Agent One"}

# --- actions ---------------------------------------------------------------------------------


def reply(
    status: int,
    body: bytes = b"",
    *,
    json: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Action:
    """Answer ``status`` with ``body`` (or ``json`` encoded), ``headers`` and an
    ``X-Request-Id`` of ``fault-N`` (N counting requests from 1)."""
    payload = msgspec.json.encode(json) if json is not None else body

    def act(handler: FaultHandler) -> None:
        handler.send_response(status)
        handler.send_header("X-Request-Id", f"fault-{handler.number}")
        if json is not None:
            handler.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    return act


def reset() -> Action:
    """Drop the connection with a TCP reset after reading the request (no answer at all)."""

    def act(handler: FaultHandler) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    return act


def truncated(declared: int = 1000, sent: bytes = b'{"data": {"id": "a') -> Action:
    """Promise ``declared`` bytes, send only ``sent``, then close the connection."""

    def act(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(declared))
        handler.end_headers()
        handler.wfile.write(sent)
        handler.wfile.flush()
        handler.connection.shutdown(socket.SHUT_RDWR)
        handler.close_connection = True

    return act


def slow(seconds: float, then: Action | None = None) -> Action:
    """Wait ``seconds`` before answering (with ``then``, by default a 200 with one agent)."""
    answer = then or reply(200, json={"data": AGENT})

    def act(handler: FaultHandler) -> None:
        time.sleep(seconds)
        answer(handler)

    return act


#: The longest any of the endless actions below keeps going: each stops by itself by then (or
#: as soon as the client hangs up), so a test that fails cannot leave a server talking forever.
ENDLESS_LIMIT = 30.0


def _for_a_while(handler: FaultHandler, limit: float) -> Iterator[None]:
    # Yields until `limit` seconds have passed or the server stops.
    stop = time.monotonic() + limit
    while time.monotonic() < stop and not handler.server.state.stopping.is_set():
        yield


def trickle(
    interval: float = 0.2, body: bytes = b'{"data": {"id": "a1"}}', *, limit: float = ENDLESS_LIMIT
) -> Action:
    """Answer 200 with ``body`` declared in full but sent one byte every ``interval`` seconds:
    every read gets something, so no read timeout ever fires."""

    def act(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.flush()
        for index, _ in zip(range(len(body)), _for_a_while(handler, limit), strict=False):
            handler.wfile.write(body[index : index + 1])
            handler.wfile.flush()
            time.sleep(interval)
        handler.close_connection = True

    return act


def endless(interval: float = 0.05, *, limit: float = ENDLESS_LIMIT) -> Action:
    """Answer 200 with a chunked body that never ends: a space every ``interval`` seconds."""

    def act(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for _ in _for_a_while(handler, limit):
            handler.wfile.write(b"1\r\n \r\n")
            handler.wfile.flush()
            time.sleep(interval)
        handler.close_connection = True

    return act


def continue_forever(interval: float = 0.2, *, limit: float = ENDLESS_LIMIT) -> Action:
    """Send ``HTTP/1.1 100 Continue`` every ``interval`` seconds and never a final answer: each
    one is a complete interim response, so the client keeps reading for the next."""

    def act(handler: FaultHandler) -> None:
        for _ in _for_a_while(handler, limit):
            handler.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            handler.wfile.flush()
            time.sleep(interval)
        handler.close_connection = True

    return act


def never_answers(*, limit: float = ENDLESS_LIMIT) -> Action:
    """Read the request and say nothing at all (until ``limit``, then hang up)."""

    def act(handler: FaultHandler) -> None:
        handler.server.state.stopping.wait(limit)
        handler.close_connection = True

    return act


def events(
    *data: str, then: str = "hold", interval: float = 0.2, limit: float = ENDLESS_LIMIT
) -> Action:
    """Answer 200 ``text/event-stream`` (chunked) with one ``data:`` event per item of
    ``data``, then: ``"hold"`` (say nothing more), ``"comments"`` (a ``: ping`` keep-alive
    comment every ``interval`` seconds) or ``"done"`` (``data: [DONE]`` and the end). Keeps the
    connection until ``limit`` or the client hangs up."""

    def chunk(handler: FaultHandler, text: bytes) -> None:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(text), text))
        handler.wfile.flush()

    def act(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        handler.wfile.flush()
        for item in data:
            chunk(handler, f"data: {item}\n\n".encode())
        if then == "done":
            chunk(handler, b"data: [DONE]\n\n")
            handler.wfile.write(b"0\r\n\r\n")
            return
        for _ in _for_a_while(handler, limit):
            if then == "comments":
                chunk(handler, b": ping\n\n")
            time.sleep(interval)
        handler.close_connection = True

    return act


def oversized(size: int, *, declare: bool = True) -> Action:
    """Answer 200 with ``size`` bytes of JSON-ish padding, declaring the length or (when
    ``declare`` is false) streaming it chunked so the client only finds out while reading."""

    def act(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if declare:
            handler.send_header("Content-Length", str(size))
            handler.end_headers()
            handler.wfile.write(b" " * size)
            return
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        piece = b" " * 65536
        for _ in range(0, size, len(piece)):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.write(b"0\r\n\r\n")

    return act


def interrupting(at: int, then: Action) -> Action:
    """On the ``at``-th request (counting from 1) send SIGINT to the main thread, as Ctrl-C
    would, then answer with ``then``; every other request is answered with ``then`` alone."""

    def act(handler: FaultHandler) -> None:
        if handler.number == at:
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        then(handler)

    return act


def interrupting_when_all_arrive(count: int, then: Action) -> Action:
    """Hold the first ``count`` requests until all of them have arrived, send SIGINT to the main
    thread (as Ctrl-C would) and answer each with ``then``; later requests get ``then`` alone.
    Unlike :func:`interrupting`, no first request can be answered (and retried) before the
    interrupt, however slowly the machine schedules the client's threads."""
    gate = threading.Barrier(count, timeout=30)

    def act(handler: FaultHandler) -> None:
        if handler.number <= count and gate.wait() == 0:
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        then(handler)

    return act


def endless_events(event: bytes, *, seconds: float = 30.0) -> Action:
    """Answer 200 ``text/event-stream`` and send ``event`` (one whole SSE event) over and over,
    never ``[DONE]``, until the client hangs up (or ``seconds`` pass, so a test that fails does
    not leave the thread running)."""

    def act(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        piece = b"%x\r\n%s\r\n" % (len(event) * 16, event * 16)
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            handler.wfile.write(piece)  # OSError once the client is gone ends the action
        handler.close_connection = True

    return act


def self_signed(directory: Path) -> tuple[ssl.SSLContext, Path] | None:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1, and the
    certificate's path (to trust it explicitly); ``None`` when ``openssl`` is not installed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-nodes", "-days", "1",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", str(key), "-out", str(cert),
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context, cert


# --- the refresh endpoints ---------------------------------------------------------------------

#: The paths a session's renewal is sent to: the ``refresh`` grant and the OAuth refresh.
REFRESH_PATHS = ("/v1/auth/signin", "/v1/auth/token")


def is_refresh(request: Received) -> bool:
    """Whether ``request`` is a renewal (a POST to one of :data:`REFRESH_PATHS`)."""
    return request.method == "POST" and request.path.split("?", 1)[0].endswith(REFRESH_PATHS)


def with_refresh(refresh: Action, otherwise: Action | None = None) -> Action:
    """An action answering renewals (:func:`is_refresh`) with ``refresh`` and every other
    request with ``otherwise`` (a 200 with one agent): use it as a server's ``default``."""
    rest = otherwise or reply(200, json={"data": AGENT})

    def act(handler: FaultHandler) -> None:
        path = handler.path.split("?", 1)[0]
        chosen = refresh if handler.command == "POST" and path.endswith(REFRESH_PATHS) else rest
        chosen(handler)

    return act


def in_turn(*actions: Action) -> Action:
    """An action playing ``actions`` one per request, in order, the last one for good."""
    left = list(actions)
    lock = threading.Lock()

    def act(handler: FaultHandler) -> None:
        with lock:
            action = left.pop(0) if len(left) > 1 else left[0]
        action(handler)

    return act


def tokens(access_token: str = "at-new", refresh_token: str = "rt-new") -> Action:
    """A renewal's answer: a token pair valid for an hour (``exp`` in epoch milliseconds)."""
    exp = str(int((time.time() + 3600) * 1000))
    body = {"access_token": access_token, "refresh_token": refresh_token, "exp": exp}
    return reply(200, json={"data": body})
