"""Deadlines that hold however the server dribbles: a :class:`Budget` checked on every read
from the socket, through the status line, every ``100 Continue``, the headers and the body.

urllib3's read timeout bounds one ``recv``: a server sending a byte a second, ``100 Continue``
forever, or keep-alive comments forever never trips it. So the executor's pools use connection
classes whose responses read through :class:`_BudgetedReader`, which, before each ``recv``, fails
once the deadline has passed and otherwise lowers the socket timeout to what is left. The
budget travels from :class:`~mosaia.executors._pool.Connector` to the response through a
context variable, since urllib3 builds the response deep inside ``urlopen``; a stream keeps its
budget and moves the deadline as events arrive (first event, then each idle gap).
"""

from __future__ import annotations

import builtins
import http.client
import io
import socket
import time
from contextvars import ContextVar
from typing import Any

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class Budget:
    """The time one exchange has left: reads fail once ``deadline`` (``time.monotonic()``
    seconds) has passed, and each read waits at most ``read`` seconds or what is left, whichever
    is less. ``phase`` names the limit (``total``, ``first_event``, ``idle``) for the error."""

    __slots__ = ("deadline", "expired", "limit", "phase", "read")

    def __init__(self, read: float, phase: str, limit: float) -> None:
        self.read = read
        self.phase = phase
        self.limit = limit
        self.deadline = time.monotonic() + limit
        self.expired = False

    def restart(self, phase: str, limit: float) -> None:
        """Start a new limit from now (a stream's idle gap after each event)."""
        self.phase = phase
        self.limit = limit
        self.deadline = time.monotonic() + limit

    def describe(self) -> str:
        """What ran out, for an error message."""
        what = {
            "total": "no complete answer",
            "first_event": "no event",
            "idle": "no further event",
        }.get(self.phase, "no answer")
        return f"{what} within {self.limit:g} s ({self.phase} timeout)"


_BUDGET: ContextVar[Budget | None] = ContextVar("mosaia_budget", default=None)


def begin(budget: Budget) -> Any:
    """Make ``budget`` the one the next response built on this thread reads under; returns the
    token for :func:`end`."""
    return _BUDGET.set(budget)


def end(token: Any) -> None:
    """Undo :func:`begin`."""
    _BUDGET.reset(token)


class _BudgetedReader(io.RawIOBase):
    # The socket reader of one response, checking its budget before every recv.

    def __init__(self, raw: socket.SocketIO, sock: socket.socket, budget: Budget) -> None:
        super().__init__()
        self._raw = raw
        self._sock = sock
        self._budget = budget
        self._lowered = False

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def readinto(self, buffer: Any) -> int | None:
        budget = self._budget
        left = budget.deadline - time.monotonic()
        if left <= 0:
            budget.expired = True
            raise builtins.TimeoutError(budget.describe())
        if left < budget.read:
            self._sock.settimeout(left)
            self._lowered = True
        elif self._lowered:
            # A stream's deadline moved on: back to the plain read timeout.
            self._sock.settimeout(budget.read)
            self._lowered = False
        try:
            return self._raw.readinto(buffer)
        except builtins.TimeoutError:
            if time.monotonic() >= budget.deadline:
                budget.expired = True
            raise

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _BudgetedSocket:
    # What http.client builds a response's file from: the socket, its reads under the budget.
    # Asking the socket for its unbuffered file (which keeps the socket's own reference
    # counting of open files) and buffering it once over the budgeted reader saves building a
    # buffered file, detaching it and buffering again: about 0.7 µs of every response.

    __slots__ = ("_budget", "_sock")

    def __init__(self, sock: socket.socket, budget: Budget) -> None:
        self._sock = sock
        self._budget = budget

    def makefile(self, mode: str) -> io.BufferedReader:
        # http.client asks for "rb", the only mode a response reads in.
        raw = self._sock.makefile("rb", buffering=0)
        return io.BufferedReader(_BudgetedReader(raw, self._sock, self._budget))


class _BudgetedResponse(http.client.HTTPResponse):
    # http.client's response, reading through the budget current when it was made (if any).

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        budget = _BUDGET.get()
        reader: Any = sock if budget is None else _BudgetedSocket(sock, budget)
        super().__init__(reader, *args, **kwargs)


class BudgetedHTTPConnection(HTTPConnection):
    """urllib3's connection, whose responses read under the current :class:`Budget`."""

    response_class = _BudgetedResponse


class BudgetedHTTPSConnection(HTTPSConnection):
    """urllib3's TLS connection, whose responses read under the current :class:`Budget`."""

    response_class = _BudgetedResponse


class BudgetedHTTPPool(HTTPConnectionPool):
    """A connection pool of :class:`BudgetedHTTPConnection`."""

    ConnectionCls = BudgetedHTTPConnection


class BudgetedHTTPSPool(HTTPSConnectionPool):
    """A connection pool of :class:`BudgetedHTTPSConnection`."""

    ConnectionCls = BudgetedHTTPSConnection


def budgeted(manager: urllib3.PoolManager) -> None:
    """Make the pools ``manager`` creates from now on enforce budgets, unless it was given
    pool classes of its own (those are left alone: a caller's customised pool wins)."""
    classes = manager.pool_classes_by_scheme
    if classes.get("http") is HTTPConnectionPool and classes.get("https") is HTTPSConnectionPool:
        manager.pool_classes_by_scheme = {"http": BudgetedHTTPPool, "https": BudgetedHTTPSPool}
