"""Cassettes: record what went over the wire once, replay it in every test run after.

::

    with Recorder(Urllib3Executor(), "tests/cassettes/agents.jsonl") as recorder:
        Mosaia(config, recorder).agents.get_all()          # talks to the real API, writes it down

    with Player("tests/cassettes/agents.jsonl") as player:
        Mosaia(config, player).agents.get_all()            # answered from the file, no network
        player.assert_all_played()

A cassette is a JSON-lines file, one exchange per line, readable in a code review. Secrets never
reach it: the ``Authorization`` header (and every other credential header), secret query values
(in the URL, and in URL-valued headers such as the ``Location`` of an OAuth redirect, which
carries the authorization code) and every secret field of a JSON or form body (passwords,
client secrets, tokens, API keys), in requests and answers alike, are written as ``***``.

A request matches a recorded one on method, URL (path and query; the host is not compared, so a
cassette recorded against one server replays under any ``base_url``) and body, all compared after
the same redaction. Each recorded exchange is played once, in order, so "list, create, list"
replays faithfully. A request the cassette does not hold is answered with
``Failure(TransportError(code="cassette_miss"))`` naming the request and what the cassette holds,
and is listed in :attr:`Player.misses`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from returns.result import Failure, Result, Success

from mosaia._redact import redact_url
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import (
    Executor,
    StreamingExecutor,
    StreamingResponse,
    close_executor,
)
from mosaia.http import HttpRequest, HttpResponse, Pairs
from mosaia.testing._cassette_format import (
    ENCODER,
    Interaction,
    PathLike,
    RecordedRequest,
    RecordedResponse,
    load,
    match_key,
    record_request,
    record_response,
)
from mosaia.testing._fake import as_stream

__all__ = [
    "Interaction",
    "Player",
    "RecordedRequest",
    "RecordedResponse",
    "Recorder",
    "cassette",
    "load",
    "record_request",
    "record_response",
]


# --- recording --------------------------------------------------------------------------------


class Recorder:
    """An executor that sends through ``executor`` (kept as ``inner``, as every decorator keeps
    what it wraps) and writes every exchange to a cassette at ``path``; use it as the client's
    executor, and as a context manager so the file is closed.

    The file is truncated when recording starts and each exchange is appended (and flushed) as
    it completes, so a crashed test still leaves what it recorded. Streams opened through
    :meth:`open` are written once they have been read to the end or closed."""

    def __init__(self, executor: Executor, path: PathLike) -> None:
        self.inner = executor
        self.path = Path(path)
        #: What was recorded so far, in order.
        self.interactions: list[Interaction] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[bytes] | None = self.path.open("wb")

    @property
    def executor(self) -> Executor:
        """The wrapped executor (the older name of :attr:`inner`)."""
        return self.inner

    def __repr__(self) -> str:
        return f"Recorder({str(self.path)!r}, recorded={len(self.interactions)})"

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Send ``request`` through the wrapped executor and record the exchange."""
        result = self.inner.send(request)
        self._write(request, result)
        return result

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Open a stream through the wrapped executor (or send, if it cannot stream) and record
        the whole exchange once the stream is done."""
        if not isinstance(self.inner, StreamingExecutor):
            return self.send(request).map(as_stream)
        opened = self.inner.open(request)
        if isinstance(opened, Failure):
            self._write(request, opened)
            return opened
        return Success(_RecordingStream(opened.unwrap(), request, self))

    def _write(self, request: HttpRequest, result: Result[HttpResponse, ConnectionFailure]) -> None:
        recorded = record_request(request)
        if isinstance(result, Success):
            entry = Interaction(recorded, response=record_response(result.unwrap()))
        else:
            entry = Interaction(recorded, failure=result.failure())
        with self._lock:
            self.interactions.append(entry)
            if self._file is not None:
                self._file.write(ENCODER.encode(entry) + b"\n")
                self._file.flush()

    def close(self) -> None:
        """Close the cassette file (the recorder keeps forwarding, but writes nothing more) and
        the wrapped executor (when it can be closed; it stays usable). Harmless twice."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
        close_executor(self.inner)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _RecordingStream:
    """A stream that passes pieces through and records the exchange when it ends."""

    def __init__(self, inner: StreamingResponse, request: HttpRequest, recorder: Recorder) -> None:
        self._inner = inner
        self._request = request
        self._recorder = recorder
        self._pieces: list[bytes] = []
        self._failure: ConnectionFailure | None = None
        self._written = False

    @property
    def status(self) -> int:
        return self._inner.status

    @property
    def headers(self) -> Pairs:
        return self._inner.headers

    def iter_bytes(self) -> Iterator[Result[bytes, ConnectionFailure]]:
        for piece in self._inner.iter_bytes():
            if isinstance(piece, Success):
                self._pieces.append(piece.unwrap())
            else:
                self._failure = piece.failure()
            yield piece
        self._finish()

    def close(self) -> None:
        self._inner.close()
        self._finish()

    def _finish(self) -> None:
        if self._written:
            return
        self._written = True
        # A stream cut mid-way is recorded as what it was for the caller: a connection failure.
        result: Result[HttpResponse, ConnectionFailure] = (
            Failure(self._failure)
            if self._failure is not None
            else Success(HttpResponse(self.status, self.headers, b"".join(self._pieces)))
        )
        self._recorder._write(self._request, result)


# --- replaying --------------------------------------------------------------------------------


class Player:
    """An executor answering from the cassette at ``path``, never touching the network.

    Each recorded exchange is played at most once (``repeat=True`` lets the last matching one be
    played again once all are used). Requests the cassette does not hold fail with a
    ``TransportError`` whose ``code`` is ``"cassette_miss"`` and are kept in :attr:`misses`."""

    def __init__(self, path: PathLike, *, repeat: bool = False) -> None:
        self.path = Path(path)
        self.repeat = repeat
        #: The recorded exchanges, in order.
        self.interactions = load(self.path)
        self._played = [False] * len(self.interactions)
        #: Requests nothing in the cassette matched, in order.
        self.misses: list[HttpRequest] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        played = sum(self._played)
        return f"Player({str(self.path)!r}, played={played}/{len(self.interactions)})"

    @property
    def unplayed(self) -> list[Interaction]:
        """The recorded exchanges no request has asked for yet."""
        return [i for i, done in zip(self.interactions, self._played, strict=True) if not done]

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """The recorded answer to ``request``, or a ``cassette_miss`` failure."""
        wanted = record_request(request)
        key = match_key(wanted)
        with self._lock:
            candidates = [
                i for i, entry in enumerate(self.interactions) if match_key(entry.request) == key
            ]
            fresh = [i for i in candidates if not self._played[i]]
            if fresh:
                self._played[fresh[0]] = True
                return self.interactions[fresh[0]].result()
            if candidates and self.repeat:
                return self.interactions[candidates[-1]].result()
            self.misses.append(request)
            return Failure(
                TransportError(
                    message=self._miss_message(wanted, replayed=bool(candidates)),
                    code="cassette_miss",
                    url=redact_url(request.url),
                    sent=False,
                )
            )

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Like :meth:`send`, with the recorded body delivered as a stream."""
        return self.send(request).map(as_stream)

    def assert_all_played(self) -> None:
        """Assert that every recorded exchange was asked for, and nothing else was."""
        problems = []
        if self.misses:
            missed = "\n".join(f"  {record_request(r).describe()}" for r in self.misses)
            problems.append(f"requests the cassette does not hold:\n{missed}")
        if self.unplayed:
            left = "\n".join(f"  {i.request.describe()}" for i in self.unplayed)
            problems.append(f"recorded exchanges never asked for:\n{left}")
        if problems:
            raise AssertionError(f"cassette {self.path}: " + "\n".join(problems))

    def close(self) -> None:
        """Nothing to release (the cassette was read whole); here so a :func:`cassette` can be
        closed whichever it turned out to be."""

    def _miss_message(self, wanted: RecordedRequest, *, replayed: bool) -> str:
        why = "was already played" if replayed else "is not in it"
        lines = [
            f"{i + 1}. {entry.request.describe()}{'  (played)' if self._played[i] else ''}"
            for i, entry in enumerate(self.interactions[:20])
        ]
        if len(self.interactions) > 20:
            lines.append(f"... and {len(self.interactions) - 20} more")
        held = "; ".join(lines) if lines else "nothing"
        return f"cassette {self.path}: {wanted.describe()} {why}. The cassette holds: {held}"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def cassette(path: PathLike, executor: Executor) -> Recorder | Player:
    """Replay ``path`` if it exists, else record it through ``executor``: the first run of a
    test talks to the real service and writes the cassette, every later run replays it."""
    return Player(path) if Path(path).exists() else Recorder(executor, path)
