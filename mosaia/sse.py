"""Server-Sent Events, purely: bytes in, events out, whatever the chunking.

:class:`SseParser` follows the WHATWG event-stream rules: lines end with CRLF, LF or CR (even when
a CRLF is split between two reads); ``data:`` lines of one event are joined with ``\\n``; lines
starting with ``:`` are comments; ``event:``, ``id:`` and ``retry:`` set the event type, the last
event id and the reconnection time; a blank line dispatches the event; an event still pending
when the stream ends is discarded. Feeding the same bytes in any split yields the same events
(property-tested), which is what makes reading a socket piece by piece safe.

This module is the protocol only: what the events mean is :mod:`mosaia.decode`'s business
(each event of a streamed call decodes like a bare answer), and how chat chunks add up to one
completion is :func:`mosaia._types.chat.fold_chunks`. No I/O here: :mod:`mosaia.stream` reads
the sockets and feeds this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import msgspec

__all__ = ["DONE", "ServerEvent", "SseParser", "parse_events"]

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
