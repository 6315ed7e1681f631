"""The simulated object store served on a loopback origin of its own, as a real platform's
storage is another host than its API: presigned PUTs and GETs of
:mod:`~mosaia.testing._sim.storage`.

Bodies stream between the socket and a file on disk in pieces, so a 200 MB upload costs this
server a piece of memory, not 200 MB. Every request's headers are recorded before anything
else (``storage.requests``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mosaia.testing._sim.storage import Grant, Storage, StorageRequest, completed, started
from mosaia.testing._sim.world import World

PIECE = 256 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _StorageHTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(
        self, status: int, text: str = "", headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _grant(self) -> Grant | str:
        storage, sim = self.server.storage, self.server.simulator
        parts = urlsplit(self.path)
        signature = parse_qs(parts.query).get("X-Amz-Signature", [""])[-1]
        with storage.lock:
            grant = storage.grants.get(signature)
        if grant is None or parts.path != f"/blob/{grant.key}":
            return "SignatureDoesNotMatch"
        if sim.clock() >= grant.expires:
            return "Request has expired"
        return grant

    def _discard(self, length: int) -> None:
        while length > 0:
            piece = self.rfile.read(min(PIECE, length))
            if not piece:
                return
            length -= len(piece)

    def do_PUT(self) -> None:
        storage = self.server.storage
        self._record()
        with storage.lock:
            storage.active_puts += 1
            storage.peak_puts = max(storage.peak_puts, storage.active_puts)
        try:
            self._put()
        finally:
            with storage.lock:
                storage.active_puts -= 1

    def _put(self) -> None:
        storage = self.server.storage
        length = int(self.headers.get("Content-Length") or 0)
        grant = self._grant()
        if isinstance(grant, str) or (grant.job is None):
            self._discard(length)
            self._answer(403, grant if isinstance(grant, str) else "not an upload URL")
            return
        with storage.lock:
            fault = storage.faults.get(grant.name)
        if fault == "reset":
            self.rfile.read(min(length, PIECE))
            self._reset()
            return
        if fault == "403" or not started(self.server.simulator, grant):
            self._discard(length)
            self._answer(403, "AccessDenied")
            return
        digest, got = hashlib.md5(usedforsecurity=False), 0
        with open(storage.path(grant.key), "wb") as out:
            while got < length:
                piece = self.rfile.read(min(PIECE, length - got))
                if not piece:
                    self.close_connection = True
                    return  # the client went away: the job stays UPLOADING, as on S3
                out.write(piece)
                digest.update(piece)
                got += len(piece)
        with storage.lock:
            storage.sizes[grant.key] = got
            storage.grants.pop(grant.signature, None)
        etag = f'"{digest.hexdigest()}"'
        completed(self.server.simulator, grant, got, etag)
        self._answer(200, "", (("ETag", etag),))

    def do_GET(self) -> None:
        storage = self.server.storage
        self._record()
        grant = self._grant()
        if isinstance(grant, str) or grant.item is None:
            self._answer(403, grant if isinstance(grant, str) else "not a download URL")
            return
        path = storage.path(grant.key)
        size = os.path.getsize(path)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with open(path, "rb") as source:
            while piece := source.read(PIECE):
                self.wfile.write(piece)

    def _record(self) -> None:
        request = StorageRequest(self.command, self.path, tuple(self.headers.items()))
        with self.server.storage.lock:
            self.server.storage.requests.append(request)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST: the client sees a reset, not a
        # polite end of stream.
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()


class _StorageHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, simulator: World, storage: Storage, host: str) -> None:
        self.simulator, self.storage = simulator, storage
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reset connection, or a client hanging up, is normal traffic here.
        if isinstance(sys.exc_info()[1], OSError | ValueError):
            return
        super().handle_error(request, client_address)


class StorageServer:
    """The storage origin of a served simulator: started and stopped with it."""

    def __init__(self, simulator: World, storage: Storage, host: str = "127.0.0.1") -> None:
        self.storage = storage
        self._httpd = _StorageHTTPServer(simulator, storage, host)
        shown = "[::1]" if self._httpd.address_family == socket.AF_INET6 else "127.0.0.1"
        storage.origin = f"http://{shown}:{self._httpd.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="mosaia-storage",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and delete the stored blobs; harmless twice."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
        self.storage.close()
