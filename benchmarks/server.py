"""A fast keep-alive HTTP/1.1 server for the benchmarks, on 127.0.0.1 in its own process.

It must never be the bottleneck, so it does as little as a server can: every fixed answer (status
line, headers and body) is one prebuilt ``bytes`` written with a single ``transport.write``, the
request parser only looks for the end of the head and ``Content-Length``, and it runs on uvloop
when that is installed. ``GET /__stats`` reports its own CPU time so the runner can show its share.

Routes (all under ``/v1``, as the SDK's default API version):

- ``GET /v1/agent/{id}``: one agent, ``{"data": {...}}``.
- ``GET /v1/agent[?limit=N]``: an N-agent page (N one of :data:`PAGE_SIZES`, else 100),
  ``{"data": [...], "paging": {...}}``.
- ``POST /v1/agent[/{id}]/chat/completions``: with ``"stream": true`` in the body, Server-Sent
  Events (chunked) whose chunks carry the server's monotonic clock at the moment each was written;
  otherwise one completion. ``"events": N`` in the body streams N events back to back (no
  pauses), for the stream-length scaling scenario.
- ``?delay_ms=N`` on any route: answer after N ms (a slow upstream, without using any CPU).

Run it with ``python -m benchmarks.server [--port N]``; it prints ``PORT <n>`` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import sys
import time
from collections.abc import Callable

from benchmarks.bodies import (
    CHUNK_PREFIX,
    CHUNK_SUFFIX,
    DONE_EVENT,
    completion_body,
    one_agent_body,
    page_body,
)

HOST = "127.0.0.1"


def _response(status: str, body: bytes, content_type: bytes = b"application/json") -> bytes:
    head = (
        b"HTTP/1.1 " + status.encode() + b"\r\nContent-Type: " + content_type + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nX-Request-Id: bench\r\n\r\n"
    )
    return head + body


ONE = _response("200 OK", one_agent_body())
#: The page sizes answered as asked; any other ``limit`` gets the 100-agent page.
PAGE_SIZES = (10, 30, 100, 300, 1000)
PAGES = {str(size).encode(): _response("200 OK", page_body(size)) for size in PAGE_SIZES}
PAGE = PAGES[b"100"]
COMPLETION = _response("200 OK", completion_body())
NOT_FOUND = _response("404 Not Found", b'{"error":{"message":"no such route","code":"not_found"}}')
STREAM_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
    b"Transfer-Encoding: chunked\r\nX-Request-Id: bench\r\n\r\n"
)


class Settings:
    """How streamed answers are paced: events per stream, the pause before the first one (so the
    client is already waiting when it is written) and between the rest."""

    def __init__(self, chunks: int = 8, first_ms: float = 2.0, gap_ms: float = 1.0) -> None:
        self.chunks = chunks
        self.first_s = first_ms / 1000
        self.gap_s = gap_ms / 1000
        self.requests = 0
        self.loop_name = "asyncio"


def _chunked(payload: bytes) -> bytes:
    return b"%x\r\n%b\r\n" % (len(payload), payload)


class BenchProtocol(asyncio.Protocol):
    """One keep-alive connection. Requests are answered strictly in order: while a delayed or
    streamed answer is in flight, further bytes are only buffered."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, only look like them.
        self.transport = transport  # type: ignore[assignment]
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.busy:
            self._serve_buffered()

    def _serve_buffered(self) -> None:
        while not self.busy and self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end])
            length = _content_length(head)
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            body = bytes(self.buffer[end + 4 : total])
            del self.buffer[:total]
            self.settings.requests += 1
            self._answer(head, body)

    def _answer(self, head: bytes, body: bytes) -> None:
        line = head.split(b"\r\n", 1)[0]
        method, target = line.split(b" ", 2)[:2]
        path, _, query = target.partition(b"?")
        delay = _delay_seconds(query)
        if path.endswith(b"/chat/completions") and method == b"POST":
            events = _stream_events(body)
            if events is not None:
                self.busy = True
                asyncio.get_running_loop().create_task(self._stream(delay, events))
                return
            self._send(COMPLETION, delay)
        elif method == b"GET" and path.startswith(b"/v1/agent/"):
            self._send(ONE, delay)
        elif method == b"GET" and path == b"/v1/agent":
            self._send(PAGES.get(_query_value(query, b"limit") or b"100", PAGE), delay)
        elif path == b"/__stats":
            self._send(self._stats(), 0.0)
        else:
            self._send(NOT_FOUND, delay)

    def _send(self, answer: bytes, delay: float) -> None:
        if delay <= 0:
            assert self.transport is not None
            self.transport.write(answer)
            return
        self.busy = True
        asyncio.get_running_loop().call_later(delay, self._send_later, answer)

    def _send_later(self, answer: bytes) -> None:
        self.busy = False
        if self.transport is not None:
            self.transport.write(answer)
            self._serve_buffered()

    def _stats(self) -> bytes:
        stats = {
            "cpu": time.process_time(),
            "requests": self.settings.requests,
            "loop": self.settings.loop_name,
        }
        return _response("200 OK", json.dumps(stats).encode())

    async def _stream(self, delay: float, events: int) -> None:
        if events:
            await self._burst(delay, events)
            return
        settings = self.settings
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            if self.transport is None:
                return
            self.transport.write(STREAM_HEAD)
            await asyncio.sleep(settings.first_s)
            for index in range(settings.chunks):
                if index:
                    await asyncio.sleep(settings.gap_s)
                if self.transport is None:
                    return
                # The clock is read as late as possible: the chunk says when it left the server.
                stamp = str(time.monotonic_ns()).encode()
                self.transport.write(_chunked(CHUNK_PREFIX + stamp + CHUNK_SUFFIX))
            if self.transport is not None:
                self.transport.write(_chunked(DONE_EVENT) + b"0\r\n\r\n")
        finally:
            self.busy = False
            self._serve_buffered()

    async def _burst(self, delay: float, events: int) -> None:
        # ``events`` chunks back to back, written a few hundred at a time so the loop can flush.
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            if self.transport is None:
                return
            self.transport.write(STREAM_HEAD)
            stamp = str(time.monotonic_ns()).encode()
            event = _chunked(CHUNK_PREFIX + stamp + CHUNK_SUFFIX)
            for start in range(0, events, 500):
                if self.transport is None:
                    return
                self.transport.write(event * min(500, events - start))
                await asyncio.sleep(0)
            if self.transport is not None:
                self.transport.write(_chunked(DONE_EVENT) + b"0\r\n\r\n")
        finally:
            self.busy = False
            self._serve_buffered()


def _content_length(head: bytes) -> int:
    lower = head.lower()
    at = lower.find(b"\r\ncontent-length:")
    if at < 0:
        return 0
    start = at + len(b"\r\ncontent-length:")
    stop = lower.find(b"\r\n", start)
    return int(head[start : stop if stop >= 0 else None])


def _query_value(query: bytes, wanted: bytes) -> bytes | None:
    if not query or wanted not in query:
        return None
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        if name == wanted:
            return value
    return None


def _delay_seconds(query: bytes) -> float:
    value = _query_value(query, b"delay_ms")
    return 0.0 if value is None else float(value) / 1000


def _stream_events(body: bytes) -> int | None:
    # None: not a streamed request; 0: the paced default stream; N: N events back to back.
    try:
        parsed = json.loads(body or b"{}")
        if parsed.get("stream") is not True:
            return None
        return int(parsed.get("events", 0))
    except (ValueError, AttributeError, TypeError):
        return None


def _new_loop() -> tuple[asyncio.AbstractEventLoop, str]:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop(), "asyncio"
    return uvloop.new_event_loop(), "uvloop"


async def _serve(settings: Settings, port: int, ready: Callable[[int], None]) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: BenchProtocol(settings), HOST, port, reuse_address=True, backlog=512
    )
    ready(server.sockets[0].getsockname()[1])
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    """Serve until killed; print ``PORT <n>`` (and flush) once listening."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--chunks", type=int, default=8, help="events per streamed answer")
    parser.add_argument("--first-ms", type=float, default=2.0, help="pause before the first event")
    parser.add_argument("--gap-ms", type=float, default=1.0, help="pause between events")
    args = parser.parse_args(argv)
    settings = Settings(args.chunks, args.first_ms, args.gap_ms)
    loop, settings.loop_name = _new_loop()

    def ready(port: int) -> None:
        sys.stdout.write(f"PORT {port} {settings.loop_name}\n")
        sys.stdout.flush()

    with contextlib.suppress(KeyboardInterrupt):
        loop.run_until_complete(_serve(settings, args.port, ready))


if __name__ == "__main__":
    main()
