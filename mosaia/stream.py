"""Running a streamed call: prepare, open, read the events as they arrive, decode each.

``Stream`` is the streaming sibling of :func:`mosaia.run.run`. It works through any
:class:`~mosaia.executors._base.StreamingExecutor` (urllib3, the simulator, a decorator that
forwards ``open``) and, like ``run``, never raises::

    with client.agents.chat_completion_stream({"model": "a1", "messages": [...]}) as chunks:
        for result in chunks:            # Result[ChatCompletionChunk, MosaiaError]
            ...

A stream yields ``Success`` values, then at most one ``Failure``, which ends it: the request
could not be sent, the server answered an error status, an error object came in the stream, the
connection broke, the stream grew past ``max_response_bytes`` in all, or it stopped before
``data: [DONE]``. A stream never ends silently short. Leaving the ``with`` block (early or not)
releases the connection. Only a call built to stream (shape ``stream``) streams; any other is
one ``Failure(InvalidRequest)``, and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import suppress
from types import TracebackType
from typing import Any, Generic, TypeVar

from returns.result import Failure, Result, Success

from mosaia._types.base import NONE
from mosaia._types.chat import ChatCompletion, ChatCompletionChunk
from mosaia.config import MosaiaConfig, prepare
from mosaia.decode import decode_as, error_from_response, fold_stream, stream_results
from mosaia.errors import DecodeError, InvalidRequest, MosaiaError, TransportError
from mosaia.executors._base import Executor, StreamingExecutor, StreamingResponse
from mosaia.http import EVENT_STREAM, HttpResponse, find_header
from mosaia.request import Call
from mosaia.run import executor_raised

__all__ = ["Stream"]

T = TypeVar("T")


class Stream(Generic[T]):
    """A streamed call, bound to a config and an executor: a context manager whose iteration
    yields ``Result[T, MosaiaError]`` as events arrive, with one event's bytes in memory at a
    time. It opens on entering the block (or on first iteration) and is read once."""

    def __init__(self, call: Call[T], config: MosaiaConfig, executor: Executor) -> None:
        self._call = call
        self._config = config
        self._executor = executor
        self._response: StreamingResponse | None = None
        self._failure: MosaiaError | None = None
        self._opened = False
        self._results: Iterator[Result[T, MosaiaError]] | None = None

    def __repr__(self) -> str:
        return f"Stream({self._call.request.method} {self._call.request.path})"

    @property
    def status(self) -> int | None:
        """The HTTP status, once the stream is open (``None`` before, or if it never opened)."""
        return None if self._response is None else self._response.status

    def open(self) -> Result[None, MosaiaError]:
        """Send the request and wait for the status and headers; idempotent. The outcome also
        shows in the iteration: a stream that failed to open yields its ``Failure``."""
        if not self._opened:
            self._opened = True
            self._failure = self._open()
        return Success(None) if self._failure is None else Failure(self._failure)

    def _open(self) -> MosaiaError | None:
        if not isinstance(self._call, Call) or self._call.shape != "stream":
            shape = getattr(self._call, "shape", type(self._call).__name__)
            return InvalidRequest(
                message=(
                    f"only a call built to stream can be streamed (this one reads {shape!r}); "
                    "build it with a *_stream builder, or run it with client.run"
                )
            )
        executor = self._executor
        if not isinstance(executor, StreamingExecutor):
            return InvalidRequest(
                message=(
                    f"{type(executor).__name__} cannot stream (it has no open()); use an "
                    "executor that can, such as Urllib3Executor or the Simulator"
                )
            )
        prepared = prepare(self._call, self._config)
        if not isinstance(prepared, Success):
            return prepared.failure()
        request = prepared.unwrap()
        try:
            opened = executor.open(request)
        except Exception as exc:
            # Executors must not raise; one that does still may not break the promise.
            return executor_raised(exc, request)
        if not isinstance(opened, Success):
            return opened.failure()
        self._response = opened.unwrap()
        return None

    def __iter__(self) -> Iterator[Result[T, MosaiaError]]:
        if self._results is None:
            self._results = self._read()
        return self._results

    def _read(self) -> Iterator[Result[T, MosaiaError]]:
        self.open()
        response = self._response
        try:
            if response is None:
                if self._failure is not None:
                    yield Failure(self._failure)
                return
            failure = _refusal(response, self._max_body)
            if failure is not None:
                yield Failure(failure)
                return
            yield from stream_results(
                response.iter_bytes(), self._call.type, response.headers, max_bytes=self._max_body
            )
        finally:
            self._release()

    @property
    def _max_body(self) -> int:
        return self._config.max_response_bytes

    def completion(self: Stream[ChatCompletionChunk]) -> Result[ChatCompletion, MosaiaError]:
        """Read the rest of the stream and fold its chunks into one
        :class:`~mosaia._types.ChatCompletion` (message, finish reason, usage if sent) by the one
        fold, :func:`~mosaia._types.chat.fold_chunks`; the stream's ``Failure`` if it has one
        (``max_response_bytes`` bounds the whole stream, so an endless one fails)."""
        return fold_stream(self, ChatCompletion)

    def close(self) -> None:
        """Release the connection (back to the pool if the answer was read to its end). Safe to
        call at any time, and more than once."""
        self._opened = True
        results, self._results = self._results, iter(())
        if isinstance(results, Generator):
            # Closing runs the reader's own clean-up if it is suspended mid-stream; ValueError
            # means another thread is reading it right now, and releasing below ends that read.
            with suppress(ValueError):
                results.close()
        self._release()

    def _release(self) -> None:
        if self._response is not None:
            self._response.close()

    def __enter__(self) -> Stream[T]:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _refusal(response: StreamingResponse, cap: int) -> MosaiaError | None:
    """Why ``response`` is not a stream to read: an error status, or an answer that is not
    Server-Sent Events (read whole, up to ``cap`` bytes, to report what it says)."""
    content_type = (find_header(response.headers, "content-type") or "").lower()
    if 200 <= response.status < 300 and content_type.startswith(EVENT_STREAM):
        return None
    body = _read_all(response, cap)
    if not isinstance(body, bytes):
        return body
    answer = HttpResponse(status=response.status, headers=response.headers, body=body)
    if not 200 <= response.status < 300:
        return error_from_response(answer)
    in_body: Result[Any, MosaiaError] = decode_as(answer, "none", NONE)
    if not isinstance(in_body, Success):
        return in_body.failure()
    return DecodeError(
        message=f"expected a {EVENT_STREAM} answer, got {content_type or 'no content type'!r}",
        expected=EVENT_STREAM,
        status=response.status,
        body=body[:300],
    )


def _read_all(response: StreamingResponse, cap: int) -> bytes | MosaiaError:
    parts: list[bytes] = []
    total = 0
    for piece in response.iter_bytes():
        if not isinstance(piece, Success):
            return piece.failure()
        total += len(piece.unwrap())
        if total > cap:
            return TransportError(
                message=f"answer larger than max_response_bytes ({cap})",
                code="response_too_large",
            )
        parts.append(piece.unwrap())
    return b"".join(parts)
