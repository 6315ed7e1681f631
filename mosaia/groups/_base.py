"""What a client group is: a view of one API module whose operations run as soon as called.

Groups are declarations. Each operation names the pure builder it runs, and how:
``get_by_id = op(agents.get_by_id)`` runs the call (``Result``), ``iterate = walk(agents.get_all)``
walks every item of a list and ``iter_pages = pages(agents.get_all)`` every page,
``chat_completion_stream = streaming(...)`` opens a stream and ``astreaming(...)`` its async
face. On a group, each is a function with the builder's own parameters, and mypy carries the
builder's signature and answer type through to it: nothing here restates a builder.

A group holds a :class:`~mosaia._runner.Runner` (the client), never the client's class.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Self, TypeVar, overload

from returns.result import Result

from mosaia._runner import Runner
from mosaia._types.page import Page
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Params, Resource, Target
from mosaia.errors import MosaiaError
from mosaia.request import Call

if TYPE_CHECKING:
    from mosaia.aio import AsyncStream
    from mosaia.stream import Stream

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
E = TypeVar("E")


class Group:
    """Base of every client group: holds the :class:`~mosaia._runner.Runner` (the client) whose
    config and executor run its calls."""

    def __init__(self, client: Runner) -> None:
        self._client = client
        #: The parents given to :meth:`under`, innermost first: each call adds outer ones.
        self._parents: tuple[dict[str, Target | None], ...] = ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"

    def under(self, **parents: Target | None) -> Self:
        """This group over its collection under ``parents``, outermost first:
        ``client.tasks.under(org="o1", agent="a1")`` runs on ``/org/o1/agent/a1/task``. Calling
        it again adds outer prefixes; see :meth:`mosaia.api._crud.Resource.under`, which it
        applies to every collection the group's operations are declared over. A parent may be
        given as an entity (``under(agent=agent)``)."""
        scoped = copy.copy(self)
        scoped._parents = (*self._parents, parents)
        return scoped

    def _scoped(self, resource: Resource[Any]) -> Resource[Any]:
        """The collection this group addresses for ``resource``: ``resource`` under the
        parents given to :meth:`under` (``client.tools`` also follows the client's scope)."""
        for parents in self._parents:
            resource = resource.under(**parents)
        return resource


class _Declared(Generic[P, R]):
    # What op, walk, pages, streaming and astreaming share: a builder, and on a group instance a
    # function with the builder's parameters that builds the call and hands it to `_apply`.
    def __init__(self, builder: Callable[P, Call[Any]]) -> None:
        self.builder = builder
        self.__doc__ = specific_doc(builder)

    def _apply(self, client: Runner, call: Call[Any]) -> R:
        raise NotImplementedError

    @overload
    def __get__(self, group: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, group: Group, owner: type[Any]) -> Callable[P, R]: ...

    def __get__(self, group: Group | None, owner: type[Any]) -> Self | Callable[P, R]:
        if group is None:
            return self
        client = group._client
        builder = _rebound(self.builder, group)
        apply = self._apply

        def bound(*args: P.args, **kwargs: P.kwargs) -> R:
            return apply(client, builder(*args, **kwargs))

        bound.__doc__ = self.__doc__
        return bound


def _rebound(builder: Callable[P, Call[T]], group: Group) -> Callable[P, Call[T]]:
    # A builder bound to a collection the group scopes is taken from the scoped collection, by
    # the same name: the same signature, another path.
    owner = getattr(builder, "__self__", None)
    if isinstance(owner, Resource):
        scoped = group._scoped(owner)
        if scoped is not owner:
            found: Callable[P, Call[T]] = getattr(scoped, builder.__name__)
            return found
    return builder


class op(_Declared[P, Result[T, MosaiaError]]):  # noqa: N801 - reads as a declaration
    """Declares a group operation from a pure builder: on a group instance it is a function with
    the builder's parameters that builds the call and runs it (``Result[T, MosaiaError]``)."""

    def __init__(self, builder: Callable[P, Call[T]]) -> None:
        super().__init__(builder)

    def _apply(self, client: Runner, call: Call[T]) -> Result[T, MosaiaError]:
        return client.run(call)


class walk(_Declared[P, Iterator[Result[E, MosaiaError]]]):  # noqa: N801 - a declaration
    """Declares a lazy walk over a list operation: on a group instance it takes the list
    builder's parameters and yields every item of every page as ``Result[E, MosaiaError]``, one
    page in memory at a time (``iterate_wallets = walk(billing.get_wallets)``). A failing page
    is yielded as its ``Failure`` and ends the walk."""

    def __init__(self, builder: Callable[P, Call[Page[E]]]) -> None:
        super().__init__(builder)
        self.__doc__ = _walk_doc("item", builder.__name__)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.__doc__ = _walk_doc("item", _listed_as(owner, self.builder))

    def _apply(self, client: Runner, call: Call[Page[E]]) -> Iterator[Result[E, MosaiaError]]:
        return client.iterate(call)


class pages(_Declared[P, Iterator[Result[Page[E], MosaiaError]]]):  # noqa: N801 - a declaration
    """Declares a lazy walk over the pages of a list operation (``iter_pages =
    pages(agents.get_all)``): each page is fetched when the one before has been consumed."""

    def __init__(self, builder: Callable[P, Call[Page[E]]]) -> None:
        super().__init__(builder)
        self.__doc__ = _walk_doc("page", builder.__name__)

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.__doc__ = _walk_doc("page", _listed_as(owner, self.builder))

    def _apply(self, client: Runner, call: Call[Page[E]]) -> Iterator[Result[Page[E], MosaiaError]]:
        return client.iter_pages(call)


class streaming(_Declared[P, "Stream[T]"]):  # noqa: N801 - a declaration
    """Declares a streamed operation: on a group instance it builds the call and opens it as a
    :class:`~mosaia.stream.Stream`, a context manager yielding ``Result[T, MosaiaError]`` as the
    events arrive (``.completion()`` folds a chat stream into one completion)."""

    def __init__(self, builder: Callable[P, Call[T]]) -> None:
        super().__init__(builder)

    def _apply(self, client: Runner, call: Call[T]) -> Stream[T]:
        return client.stream(call)


class astreaming(_Declared[P, "AsyncStream[T]"]):  # noqa: N801 - a declaration
    """:class:`streaming` for ``async with`` / ``async for``: the stream's reads happen on a
    worker thread (see :mod:`mosaia.aio`)."""

    def __init__(self, builder: Callable[P, Call[T]]) -> None:
        super().__init__(builder)

    def _apply(self, client: Runner, call: Call[T]) -> AsyncStream[T]:
        return client.astream(call)


def _walk_doc(what: str, listed: str) -> str:
    return f"Every {what} of ``{listed}``'s list, lazily, one page in memory at a time."


def _listed_as(owner: type[Any], builder: Callable[..., Any]) -> str:
    # Name the list by the group's own operation for it (``get_wallets``), not by the builder's
    # name (``get_all``, which every collection shares).
    for listed, value in vars(owner).items():
        if isinstance(value, op) and value.builder == builder:
            return str(listed)
    return str(getattr(builder, "__name__", "the"))


def specific_doc(builder: Callable[..., Any]) -> str | None:
    """``builder``'s docstring, made specific when it is bound to one collection or chat target:
    the generic builders document their path as ``/R`` or ``{prefix}``, and ``help()`` on
    ``client.billing.get_wallet`` should say ``/billing/wallet``."""
    doc = builder.__doc__
    owner = getattr(builder, "__self__", None)
    if doc and isinstance(owner, Resource):
        return doc.replace("``/R", f"``{owner.path}")
    if doc and isinstance(owner, ChatTarget):
        return doc.replace("{prefix}", owner.prefix)
    return doc


class lookup(Generic[E]):  # noqa: N801 - a declaration
    """Declares the seed's one-name fetch over a collection (``get = lookup(apps.resource)``):
    ``get()`` lists, ``get(id)`` or ``get(entity)`` fetches one. Its own declaration because
    the builder is overloaded, and an overload's signatures do not flow through ``op``."""

    def __init__(self, resource: Resource[E]) -> None:
        self.resource = resource
        self.__doc__ = _Lookup.__call__.__doc__

    @overload
    def __get__(self, group: None, owner: type[Any]) -> lookup[E]: ...

    @overload
    def __get__(self, group: Group, owner: type[Any]) -> _Lookup[E]: ...

    def __get__(self, group: Group | None, owner: type[Any]) -> lookup[E] | _Lookup[E]:
        if group is None:
            return self
        return _Lookup(group._client, group._scoped(self.resource))


class _Lookup(Generic[E]):
    # The bound form of `lookup`: one collection's `get`, run on the group's client.
    def __init__(self, client: Runner, resource: Resource[E]) -> None:
        self._client = client
        self._resource = resource

    @overload
    def __call__(
        self, target: None = None, params: Params = None
    ) -> Result[Page[E], MosaiaError]: ...

    @overload
    def __call__(self, target: Target, params: Params = None) -> Result[E, MosaiaError]: ...

    def __call__(
        self, target: Target | None = None, params: Params = None
    ) -> Result[Any, MosaiaError]:
        """One page of items when ``target`` is ``None``, else the item it names (an id, or an
        entity carrying one)."""
        return self._client.run(self._resource.get(target, params))
