"""Request bodies read from disk as they are sent: the one reader of a file's bytes going out,
shared by the executors (the files of a :class:`~mosaia.http.Streamed` form) and the storage
uploads of :mod:`mosaia.files`.

A file is opened only when its bytes are due, read a megabyte at a time, and closed however the
sending ends. It must still be the size the request was built with: one that is gone, cannot be
read, or shrank or grew stops the body before its last byte with :class:`SourceChanged` naming
the file, so a server never receives a complete body that misstates the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import IO

from mosaia.errors import TransportError
from mosaia.http import FileSource, Streamed, streamed_shape_problem

#: How much of a file is read from disk at a time.
CHUNK = 1024 * 1024
#: How much goes to the socket at a time: while a body is sent, urllib3 holds each write to
#: the connect timeout (10 s by default), which a megabyte on a slow uplink would outlast;
#: 256 KiB takes 1 s at 2 Mbit/s and 8 s at 256 kbit/s, and keeps a fast link's writes large
#: (64 KiB cost 5% of a loopback upload's speed).
SEND_PIECE = 256 * 1024

#: The :class:`~mosaia.errors.TransportError` code of a body whose file changed: permanent,
#: since sending it again cannot help (see :data:`mosaia.retry.PERMANENT_FAULTS`).
SOURCE_CHANGED = "source_changed"


class SourceChanged(Exception):
    """A file a body is read from is gone, unreadable, or no longer the size it had when the
    request was built. Raised inside the body's chunks, so urllib3 stops sending; not an
    ``OSError``, so urllib3 passes it on as it is rather than as a broken connection."""


def source_problem(source: FileSource) -> str | None:
    """Why ``source`` cannot be sent as it was declared, or ``None``: the file must exist, be a
    regular file, and be ``source.size`` bytes long. Checked before a request is sent, so a
    file deleted or rewritten since the call was built fails it without a byte going out."""
    path, size = source.path, source.size
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return f"file {path!r} is gone (it was {size} bytes when the call was built)"
    except (OSError, ValueError) as exc:
        return f"file {path!r} cannot be read: {getattr(exc, 'strerror', None) or exc}"
    if not stat.S_ISREG(found.st_mode):
        return f"{path!r} is not a regular file"
    if found.st_size != size:
        return f"file {path!r} is {found.st_size} bytes, not the {size} the call was built with"
    return None


def streamed_problem(body: Streamed) -> str | None:
    """Why ``body`` cannot be sent as declared: its shape (a length that is not its segments'
    sum included, see :func:`~mosaia.http.streamed_shape_problem`), or its first file that is
    not as declared (:func:`source_problem`)."""
    shape = streamed_shape_problem(body)
    if shape is not None:
        return shape
    for source in body.files:
        problem = source_problem(source)
        if problem is not None:
            return problem
    return None


def file_chunks(
    path: str, size: int, on_piece: Callable[[int], None] | None = None
) -> Generator[bytes, None, None]:
    """Exactly ``size`` bytes of the file at ``path``, read :data:`CHUNK` at a time and yielded
    in pieces of :data:`SEND_PIECE`, each chunk's length told to ``on_piece`` once it is out;
    :class:`SourceChanged` when the file cannot be opened or read, or has fewer or more bytes
    (checked before the last piece goes out). The file is open only while the chunks are being
    taken, and closed when they end, fail, or are abandoned."""
    try:
        handle = open_regular(path)
    except (OSError, ValueError) as exc:
        raise SourceChanged(_unreadable(path, exc)) from exc
    try:
        left = size
        if left == 0 and _read(handle, path, 1):
            raise SourceChanged(_grew(path, size))
        while left > 0:
            piece = _read(handle, path, min(CHUNK, left))
            if not piece:
                raise SourceChanged(f"file {path!r} shrank while it was being sent ({size} bytes)")
            left -= len(piece)
            if left == 0 and _read(handle, path, 1):
                raise SourceChanged(_grew(path, size))
            for start in range(0, len(piece), SEND_PIECE):
                yield piece[start : start + SEND_PIECE]
            if on_piece is not None:
                on_piece(len(piece))  # after the piece went out, not before
    finally:
        handle.close()


def open_regular(path: str | os.PathLike[str]) -> IO[bytes]:
    """The regular file at ``path``, open for reading; ``OSError`` for anything else. Opened
    without blocking, so a FIFO or a device named as a file is refused instead of waiting
    forever for a writer."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{os.fspath(path)!r} is not a regular file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


# The hook of :func:`reporting_sent`: like the deadline's budget, it reaches the body's reader
# deep inside urllib3 on the thread that sends, since a request value cannot carry a callback.
_ON_SENT: ContextVar[Callable[[int], None] | None] = ContextVar("mosaia_on_sent", default=None)


@contextmanager
def reporting_sent(hook: Callable[[int], None]) -> Iterator[None]:
    """Within the block, each streamed body sent on this thread tells ``hook`` how many bytes
    of its files have gone out so far in the current attempt (a retry counts again from 0). A
    hook that raises is ignored: progress never fails a request."""
    token = _ON_SENT.set(hook)
    try:
        yield
    finally:
        _ON_SENT.reset(token)


def streamed_chunks(body: Streamed) -> Generator[bytes, None, None]:
    """``body`` as the pieces that go out: inline segments as they are, each file through
    :func:`file_chunks`. A fresh iterator reads the files afresh, so each attempt of a
    retried request sends them whole (and reports them from 0, see :func:`reporting_sent`)."""
    hook = _ON_SENT.get()
    sent = 0

    def piece(size: int) -> None:
        nonlocal sent
        sent += size
        if hook is not None:
            with suppress(Exception):
                hook(sent)

    for segment in body.segments:
        if isinstance(segment, FileSource):
            yield from file_chunks(segment.path, segment.size, piece if hook else None)
        elif segment:
            yield segment


def source_failure(message: str, url: str | None = None) -> TransportError:
    """The failure of a request whose body's file changed: a ``TransportError`` naming it. The
    server never received the whole body, so nothing was acted on (``sent=False``)."""
    return TransportError(
        message=f"request body not sent: {message}", code=SOURCE_CHANGED, url=url, sent=False
    )


def _read(handle: IO[bytes], path: str, size: int) -> bytes:
    try:
        return handle.read(size)
    except (OSError, ValueError) as exc:
        raise SourceChanged(_unreadable(path, exc)) from exc


def _grew(path: str, size: int) -> str:
    return f"file {path!r} grew while it was being sent ({size} bytes)"


def _unreadable(path: str, exc: BaseException) -> str:
    return f"file {path!r} cannot be read: {getattr(exc, 'strerror', None) or exc}"
