"""What runs calls, as the client groups see it: the :class:`Runner` protocol.

A group (``client.agents``) only needs something that runs a call, walks a list and opens a
stream; :class:`~mosaia.Mosaia` is one. Naming that here, in the running layer, lets the groups
depend on what they use instead of on the client that holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

from returns.result import Result

from mosaia._types.page import Page
from mosaia.config import MosaiaConfig
from mosaia.errors import MosaiaError
from mosaia.request import Call
from mosaia.session import Clock, Session
from mosaia.stream import Stream

if TYPE_CHECKING:
    # Only named in annotations: asyncio loads for those who use it.
    from mosaia.aio import AsyncStream

T = TypeVar("T")
E = TypeVar("E")


class Runner(Protocol):
    """Runs calls with one config and executor: whole (:meth:`run`), as a lazy walk over a list
    (:meth:`iterate`, :meth:`iter_pages`) or as a stream of events (:meth:`stream`,
    :meth:`astream`). None of them raises; each failure is a ``Result``."""

    @property
    def config(self) -> MosaiaConfig:
        """The configuration every call is prepared with."""
        ...

    def run(self, call: Call[T]) -> Result[T, MosaiaError]:
        """Run one call; see :func:`mosaia.run.run`."""
        ...

    def iterate(self, call: Call[Page[E]]) -> Iterator[Result[E, MosaiaError]]:
        """Every item of the list ``call`` starts, lazily."""
        ...

    def iter_pages(self, call: Call[Page[E]]) -> Iterator[Result[Page[E], MosaiaError]]:
        """Every page of the list ``call`` starts, lazily."""
        ...

    def stream(self, call: Call[T]) -> Stream[T]:
        """The events of a streamed call, as they arrive."""
        ...

    def astream(self, call: Call[T]) -> AsyncStream[T]:
        """:meth:`stream` for ``async with`` / ``async for``."""
        ...


class Deriving(Runner, Protocol):
    """A :class:`Runner` that derives new ones: bound to a session (:meth:`with_session`) or
    with other settings (:meth:`with_config`). Signing in needs this much of a client, and
    typing it so lets ``login_with_password`` return the caller's own client type."""

    def with_session(
        self,
        session: Session,
        *,
        clock: Clock | None = None,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> Self:
        """A new runner acting as ``session``, renewing it when it goes stale."""
        ...

    def with_config(self, config: MosaiaConfig | None = None, **changes: Any) -> Self:
        """A new runner with ``config`` (or this one's with ``changes``)."""
        ...
