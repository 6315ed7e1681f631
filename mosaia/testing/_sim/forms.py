"""``multipart/form-data`` bodies read as they arrive: chunks in, parts out.

The simulator's one reader of forms, whatever brings the bytes: the served simulator feeds it
pieces from the socket, the in-process one the pieces of a streamed body (its files read from
disk) or a whole body at once. Each part comes out as its name, filename, type and byte count,
with only its first :data:`CAP` bytes kept, so a 200 MB file in an announce costs the simulator
a buffer, not 200 MB. Each part's headers are read with the standard library's e-mail parser
(RFC 2231 names included), as whole bodies were before.
"""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import email.utils
from collections.abc import Iterable

import msgspec

#: How many bytes of each part are kept (the rest are only counted).
CAP = 1024 * 1024
#: The most a part's header block may hold before the form is refused.
HEADER_CAP = 64 * 1024

_CRLF = b"\r\n"
_PARSER = email.parser.BytesParser(policy=email.policy.HTTP)


class FormPart(msgspec.Struct, frozen=True):
    """One part as received: field ``name``, ``filename`` (``None`` for a plain field),
    ``content_type`` (``text/plain`` when the part names none), ``size`` (every byte counted)
    and ``data``, its first :data:`CAP` bytes."""

    name: str
    filename: str | None
    content_type: str
    size: int
    data: bytes

    @property
    def text(self) -> str:
        """The kept bytes as text (a plain field's value)."""
        return self.data.decode("utf-8", "replace")


class Form(msgspec.Struct, frozen=True):
    """A form as received: its ``parts`` in order, and the ``problem`` that makes it unusable
    (no boundary, a body cut short before its closing delimiter), if any."""

    parts: tuple[FormPart, ...] = ()
    problem: str | None = None


def boundary_of(content_type: str) -> str | None:
    """The boundary a ``multipart/form-data`` content type names, or ``None``."""
    if not content_type.lower().startswith("multipart/form-data"):
        return None
    header = email.message.Message()
    header["Content-Type"] = content_type
    found = header.get_boundary()
    return found or None


class FormReader:
    """Reads one form whose delimiter is ``--boundary`` from pieces of any size
    (:meth:`feed`), holding at most a piece, a delimiter's length and :data:`CAP` bytes of
    each part; :meth:`finish` gives the :class:`Form`."""

    def __init__(self, boundary: str, cap: int = CAP) -> None:
        self._delimiter = b"--" + boundary.encode("latin-1")
        self._cap = cap
        self._buffer = bytearray()
        self._state = "preamble"
        self._parts: list[FormPart] = []
        self._problem: str | None = None
        self._head: tuple[str, str | None, str] = ("", None, "text/plain")
        self._size = 0
        self._data = bytearray()

    def feed(self, chunk: bytes) -> None:
        """Take the next piece of the body."""
        if self._state in ("done", "failed") or not chunk:
            return
        self._buffer += chunk
        while self._step():
            pass

    def finish(self) -> Form:
        """The form read so far; a body that ended before its closing delimiter is a problem."""
        problem = self._problem
        if problem is None and self._state != "done":
            problem = (
                "the multipart body has no parts"
                if self._state == "preamble"
                else "the multipart body ended before its closing boundary"
            )
        return Form(tuple(self._parts), problem)

    def _step(self) -> bool:
        # One move of the state machine; whether another can be made with what is buffered.
        buffer = self._buffer
        if self._state == "preamble":
            found = buffer.find(self._delimiter)
            if found < 0:
                del buffer[: max(len(buffer) - len(self._delimiter), 0)]
                return False
            del buffer[: found + len(self._delimiter)]
            self._state = "delimited"
            return True
        if self._state == "delimited":
            if buffer[:2] == b"--":
                self._state = "done"
                return False
            end = buffer.find(_CRLF)
            if end < 0:
                return False
            if buffer[:end].strip(b" \t"):
                return self._fail("a multipart delimiter is followed by more than a line end")
            del buffer[: end + 2]
            self._state = "headers"
            return True
        if self._state == "headers":
            return self._headers()
        return self._body()

    def _headers(self) -> bool:
        buffer = self._buffer
        if buffer[:2] == _CRLF:
            head, skip = b"", 2
        else:
            end = buffer.find(_CRLF + _CRLF)
            if end < 0:
                if len(buffer) > HEADER_CAP:
                    return self._fail("a multipart part's headers are too long")
                return False
            head, skip = bytes(buffer[:end]), end + 4
        del buffer[:skip]
        try:
            message = _PARSER.parsebytes(head + _CRLF + _CRLF)
            raw = message.get_param("name", header="content-disposition")
            name = email.utils.collapse_rfc2231_value(raw) if raw is not None else ""
            self._head = (str(name), message.get_filename(), message.get_content_type())
        except Exception:  # the e-mail parser raises on some malformed RFC 2231 parameters
            return self._fail("a multipart part's headers cannot be read")
        self._size, self._data = 0, bytearray()
        self._state = "body"
        return True

    def _body(self) -> bool:
        buffer = self._buffer
        ending = _CRLF + self._delimiter
        found = buffer.find(ending)
        if found < 0:
            # The part's bytes so far, but for a tail that may be the start of its ending.
            self._take(max(len(buffer) - len(ending) + 1, 0))
            return False
        self._take(found)
        del buffer[: len(ending)]
        name, filename, content_type = self._head
        self._parts.append(FormPart(name, filename, content_type, self._size, bytes(self._data)))
        self._state = "delimited"
        return True

    def _take(self, count: int) -> None:
        if count <= 0:
            return
        room = self._cap - len(self._data)
        if room > 0:
            self._data += self._buffer[: min(count, room)]
        self._size += count
        del self._buffer[:count]

    def _fail(self, problem: str) -> bool:
        self._problem, self._state = problem, "failed"
        self._buffer.clear()
        return False


def read_form(chunks: Iterable[bytes], content_type: str, cap: int = CAP) -> Form:
    """The form ``content_type`` announces, read from ``chunks`` (the whole body, or its pieces
    as they come); a content type without a boundary is a :class:`Form` with a problem."""
    boundary = boundary_of(content_type)
    if boundary is None:
        return Form(problem="expected a multipart/form-data body with a boundary")
    reader = FormReader(boundary, cap)
    for chunk in chunks:
        reader.feed(chunk)
    return reader.finish()
