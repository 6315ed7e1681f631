"""Server-Sent Events, purely: bytes in, events out, whatever the chunking.

:class:`SseParser` follows the WHATWG event-stream rules: lines end with CRLF, LF or CR (even when
a CRLF is split between two reads); ``data:`` lines of one event are joined with ``\\n``; lines
starting with ``:`` are comments; ``event:``, ``id:`` and ``retry:`` set the event type, the last
event id and the reconnection time; a blank line dispatches the event; an event still pending
when the stream ends is discarded. Feeding the same bytes in any split yields the same events
(property-tested), which is what makes reading a socket piece by piece safe.

:func:`decode_event` turns one event of a chat stream into a typed value: ``data: [DONE]`` ends
the stream, ``data: {"error": ...}`` (or an ``event: error``) is a ``Failure``, anything else
decodes like a bare answer of the call's type. :func:`fold_chunks` folds a stream's chunks into
the one :class:`~mosaia._types.ChatCompletion` a non-streamed call would have answered.

No I/O here: :mod:`mosaia.stream` reads the sockets and feeds this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
from returns.result import Failure, Result, Success

from mosaia._types.base import type_name as name_of_type
from mosaia._types.chat import (
    ChatChoice,
    ChatCompletion,
    ChatCompletionChunk,
    ChatMessage,
    ChunkDelta,
    Usage,
)
from mosaia.decode import decode_as, error_from_response
from mosaia.errors import MosaiaError, TransportError
from mosaia.http import HttpResponse, Pairs
from mosaia.request import Shape

#: The ``data`` of the event that ends an OpenAI-style stream.
DONE = "[DONE]"

_LINE_END = re.compile(rb"\r\n|\r|\n")
_BOM = "\ufeff"


class ServerEvent(msgspec.Struct, frozen=True):
    """One dispatched event: its type (``message`` unless the stream said otherwise), its data
    (the ``data:`` lines joined with ``\\n``), the last event id seen so far, and the
    reconnection time in milliseconds the stream last asked for (``None`` if it never did)."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None


class SseParser:
    """An incremental event-stream parser: :meth:`feed` it bytes as they arrive and it returns
    the events those bytes completed; :meth:`end` says the stream is over.

    Deterministic and free of I/O; its memory is the one unfinished line and event, which
    :attr:`buffered` reports so a reader can refuse a stream that never ends a line."""

    def __init__(self) -> None:
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._skip_lf = False
        self._first_line = True
        self._data: list[str] = []
        self._data_size = 0
        self._event = ""
        #: The last event id the stream set (kept across events, as the spec says).
        self.last_event_id: str | None = None
        #: The reconnection time (ms) the stream last asked for.
        self.retry: int | None = None
        #: Whether :meth:`end` was called; later bytes are ignored.
        self.ended = False

    @property
    def buffered(self) -> int:
        """Bytes held for the line and event not yet finished."""
        return self._pending_size + self._data_size

    def feed(self, data: bytes) -> list[ServerEvent]:
        """The events completed by ``data``, the next bytes of the stream."""
        if not data or self.ended:
            return []
        if self._skip_lf:
            # The previous piece ended in CR: a LF starting this one belongs to that line end.
            self._skip_lf = False
            data = data[1:] if data[:1] == b"\n" else data
            if not data:
                return []
        if b"\n" not in data and b"\r" not in data:
            self._pending.append(data)
            self._pending_size += len(data)
            return []
        if self._pending:
            data = b"".join((*self._pending, data))
            self._pending.clear()
            self._pending_size = 0
        lines = _LINE_END.split(data)
        rest = lines.pop()
        self._skip_lf = data.endswith(b"\r")
        if rest:
            self._pending.append(rest)
            self._pending_size = len(rest)
        events: list[ServerEvent] = []
        for line in lines:
            event = self._line(line.decode("utf-8", "replace"))
            if event is not None:
                events.append(event)
        return events

    def end(self) -> list[ServerEvent]:
        """Declare the stream over. An event not ended by a blank line is discarded (the spec's
        rule: a cut stream must not pass off half an event as whole), so this returns none; it
        exists so readers say where the stream ends, and it frees what was buffered."""
        self.ended = True
        self._pending.clear()
        self._data.clear()
        self._pending_size = self._data_size = 0
        return []

    def _line(self, line: str) -> ServerEvent | None:
        if self._first_line:
            self._first_line = False
            line = line.removeprefix(_BOM)
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
            self._data_size += len(value) + 1
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None

    def _dispatch(self) -> ServerEvent | None:
        data, event = self._data, self._event
        self._data, self._data_size, self._event = [], 0, ""
        if not data:
            return None
        return ServerEvent(
            data="\n".join(data),
            event=event or "message",
            id=self.last_event_id,
            retry=self.retry,
        )


def parse_events(pieces: Iterable[bytes]) -> Iterator[ServerEvent]:
    """Every event in a stream given as byte pieces (a convenience over :class:`SseParser`)."""
    parser = SseParser()
    for piece in pieces:
        yield from parser.feed(piece)
    parser.end()


# --- chat streams ---------------------------------------------------------------------------


def decode_event(
    event: ServerEvent, shape: Shape, type_name: str, headers: Pairs = ()
) -> Result[Any, MosaiaError] | None:
    """The value one event of a stream carries, read like a call's answer of ``shape`` and
    ``type_name``; ``None`` for ``[DONE]``, the end of the stream.

    An error object in the stream (``data: {"error": ...}``, or an event named ``error``) is a
    ``Failure`` holding the :class:`~mosaia.errors.ApiError` it describes. ``headers`` are the
    stream's, so the error keeps the request id."""
    if event.data.strip() == DONE:
        return None
    answer = HttpResponse(status=200, headers=headers, body=event.data.encode("utf-8"))
    if event.event == "error":
        return Failure(error_from_response(answer, in_success=True))
    return decode_as(answer, shape, type_name)


def stream_results(
    pieces: Iterable[Result[bytes, Any]],
    shape: Shape,
    type_name: str,
    headers: Pairs = (),
    max_buffer: int | None = None,
) -> Iterator[Result[Any, MosaiaError]]:
    """The values a stream's body carries, given its pieces as they arrive: a ``Success`` per
    event until ``[DONE]``, and at most one ``Failure``, which ends it.

    The failure is the first of: a piece that is a ``Failure`` (the connection broke), an event
    that is an error or does not decode, a single line or event longer than ``max_buffer``
    bytes, or the pieces running out before ``[DONE]`` (a stream that just stops is a cut, not a
    success). Pure: the caller does the reading and closes the connection."""
    parser = SseParser()
    for piece in pieces:
        if not isinstance(piece, Success):
            yield piece
            return
        data = piece.unwrap()
        if max_buffer is not None and parser.buffered + len(data) > max_buffer:
            yield Failure(
                TransportError(
                    message=f"a stream event is larger than max_response_bytes ({max_buffer})",
                    code="response_too_large",
                )
            )
            return
        for event in parser.feed(data):
            value = decode_event(event, shape, type_name, headers)
            if value is None:
                return
            yield value
            if not isinstance(value, Success):
                return
    parser.end()
    yield Failure(
        TransportError(
            message="the stream ended before `data: [DONE]`: the answer is incomplete",
            code="stream_incomplete",
        )
    )


def collect_completion(
    results: Iterable[Result[ChatCompletionChunk, MosaiaError]],
) -> Result[ChatCompletion, MosaiaError]:
    """The folded :class:`~mosaia._types.ChatCompletion` of a whole stream, or its first
    ``Failure``. Reads ``results`` to the end (or to that failure)."""
    chunks: list[ChatCompletionChunk] = []
    for result in results:
        if not isinstance(result, Success):
            return Failure(result.failure())
        chunks.append(result.unwrap())
    return Success(fold_chunks(chunks))


def completion_from_sse(body: bytes, headers: Pairs = ()) -> Result[ChatCompletion, MosaiaError]:
    """The :class:`~mosaia._types.ChatCompletion` a whole Server-Sent Events body folds into
    (for an answer to ``"stream": true`` that was read in one piece)."""
    chunk_type = name_of_type(ChatCompletionChunk)
    return collect_completion(stream_results([Success(body)], "bare", chunk_type, headers))


def fold_chunks(chunks: Iterable[ChatCompletionChunk]) -> ChatCompletion:
    """The whole :class:`~mosaia._types.ChatCompletion` a stream of chunks adds up to: each
    choice's message (role, content and tool calls joined in order), its last finish reason,
    the first id/model/created seen, and the usage if the stream sent one."""
    head: dict[str, Any] = {}
    usage: Usage | None = None
    choices: dict[int, _ChoiceParts] = {}
    for chunk in chunks:
        for name in ("id", "created", "model"):
            value = getattr(chunk, name)
            if value is not None:
                head.setdefault(name, value)
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            index = choice.index or 0
            parts = choices.get(index)
            if parts is None:
                parts = choices[index] = _ChoiceParts()
            parts.add(choice.delta, choice.finish_reason)
    return ChatCompletion(
        object="chat.completion",
        choices=[choices[i].choice(i) for i in sorted(choices)],
        usage=usage,
        **head,
    )


class _ChoiceParts:
    # Accumulates one choice: strings are collected in lists and joined once at the end, so a
    # long answer folds in linear time.
    def __init__(self) -> None:
        self.role: str | None = None
        self.content: list[str] = []
        self.tool_calls: dict[int, dict[str, Any]] = {}
        self.finish_reason: str | None = None

    def add(self, delta: ChunkDelta | None, finish_reason: str | None) -> None:
        if finish_reason is not None:
            self.finish_reason = finish_reason
        if delta is None:
            return
        if delta.role is not None and self.role is None:
            self.role = delta.role
        if delta.content:
            self.content.append(delta.content)
        for position, call in enumerate(delta.tool_calls or ()):
            index = call.get("index", position)
            _merge_tool_call(self.tool_calls.setdefault(index, {}), call)

    def choice(self, index: int) -> ChatChoice:
        calls = [self.tool_calls[i] for i in sorted(self.tool_calls)]
        message = ChatMessage(
            role=self.role or "assistant",
            content="".join(self.content) if self.content or not calls else None,
            tool_calls=calls or None,
        )
        return ChatChoice(index=index, message=message, finish_reason=self.finish_reason)


def _merge_tool_call(into: dict[str, Any], delta: dict[str, Any]) -> None:
    # OpenAI streams a tool call as fragments: the id, type and function name once, then the
    # JSON arguments a few characters at a time.
    for key, value in delta.items():
        if key == "index":
            continue
        if key == "function" and isinstance(value, dict):
            function = into.setdefault("function", {})
            for fkey, fvalue in value.items():
                if fkey == "arguments" and isinstance(fvalue, str):
                    function["arguments"] = function.get("arguments", "") + fvalue
                elif fvalue is not None:
                    function[fkey] = fvalue
        elif value is not None:
            into[key] = value
