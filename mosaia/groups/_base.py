"""What a client group is: a view of one API module whose operations run as soon as called.

Groups are declarations. A resource with the standard operations subclasses :class:`CrudGroup`
and names its :class:`~mosaia.api._crud.Resource`; chat targets add :class:`ChatGroup` and name
their :class:`~mosaia.api._chat.ChatTarget`; any other operation is ``name = op(builder)``, which
makes ``client.group.name(...)`` mean ``client.run(builder(...))`` with the builder's signature
and the ``Result`` type carried through for mypy.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Self, TypeVar, overload

from returns.result import Result

from mosaia._types.chat import ChatCompletion, ChatCompletionChunk
from mosaia._types.page import Page
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Body, Params, Resource, Target
from mosaia.errors import MosaiaError
from mosaia.request import Call

if TYPE_CHECKING:
    from mosaia.aio import AsyncStream
    from mosaia.client import Mosaia
    from mosaia.stream import Stream

P = ParamSpec("P")
T = TypeVar("T")
E = TypeVar("E")


class Group:
    """Base of every client group: holds the client whose config and executor run its calls."""

    def __init__(self, client: Mosaia) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class op(Generic[P, T]):  # noqa: N801 - used like a decorator, reads as a declaration
    """Declares a group operation from a pure builder: on a group instance it is a function with
    the builder's parameters that builds the call and runs it through the group's client."""

    def __init__(self, builder: Callable[P, Call[T]]) -> None:
        self.builder = builder
        self.__doc__ = specific_doc(builder)

    @overload
    def __get__(self, group: None, owner: type[Any]) -> op[P, T]: ...

    @overload
    def __get__(self, group: Group, owner: type[Any]) -> Callable[P, Result[T, MosaiaError]]: ...

    def __get__(
        self, group: Group | None, owner: type[Any]
    ) -> op[P, T] | Callable[P, Result[T, MosaiaError]]:
        if group is None:
            return self
        run = group._client.run
        builder = self.builder

        def bound(*args: P.args, **kwargs: P.kwargs) -> Result[T, MosaiaError]:
            return run(builder(*args, **kwargs))

        bound.__doc__ = self.__doc__
        return bound


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


class walk(Generic[P, E]):  # noqa: N801 - a declaration, like op
    """Declares a lazy walk over a list operation: on a group instance it takes the list
    builder's parameters and yields every item of every page as ``Result[E, MosaiaError]``, one
    page in memory at a time (``iterate_wallets = walk(billing.get_wallets)``)."""

    def __init__(self, builder: Callable[P, Call[Page[E]]]) -> None:
        self.builder = builder
        self.__doc__ = f"Every item of ``{builder.__name__}``'s list, lazily (see ``iterate``)."

    def __set_name__(self, owner: type[Any], name: str) -> None:
        # Name the list by the group's own operation for it (``get_wallets``), not by the
        # builder's name (``get_all``, which every collection shares).
        for listed, value in vars(owner).items():
            if isinstance(value, op) and value.builder == self.builder:
                self.__doc__ = f"Every item of ``{listed}``'s list, lazily (see ``iterate``)."
                return

    @overload
    def __get__(self, group: None, owner: type[Any]) -> walk[P, E]: ...

    @overload
    def __get__(
        self, group: Group, owner: type[Any]
    ) -> Callable[P, Iterator[Result[E, MosaiaError]]]: ...

    def __get__(
        self, group: Group | None, owner: type[Any]
    ) -> walk[P, E] | Callable[P, Iterator[Result[E, MosaiaError]]]:
        if group is None:
            return self
        client = group._client
        builder = self.builder

        def bound(*args: P.args, **kwargs: P.kwargs) -> Iterator[Result[E, MosaiaError]]:
            return client.iterate(builder(*args, **kwargs))

        bound.__doc__ = self.__doc__
        return bound


class CrudGroup(Group, Generic[E]):
    """A group over one REST collection: the reference's standard operations, run on the client.

    Subclasses set ``resource``; everything else comes from the generic builder."""

    resource: Resource[E]

    def get_all(self, params: Params = None) -> Result[Page[E], MosaiaError]:
        """One page of items, filtered by ``params`` (``limit``, ``offset``, ``search``, ...)."""
        return self._client.run(self.resource.get_all(params))

    def get_by_id(self, id: str, params: Params = None) -> Result[E, MosaiaError]:
        """One item by id."""
        return self._client.run(self.resource.get_by_id(id, params))

    def create(self, body: Body = None, /, **fields: Any) -> Result[E, MosaiaError]:
        """Create an item from a dict, a Struct and/or keyword fields."""
        return self._client.run(self.resource.create(body, **fields))

    def update(self, id: str, body: Body = None, /, **fields: Any) -> Result[E, MosaiaError]:
        """Change only the given fields of an item."""
        return self._client.run(self.resource.update(id, body, **fields))

    def delete(
        self, id: str, params: Params = None, *, force: bool | None = None
    ) -> Result[None, MosaiaError]:
        """Soft-delete an item; ``force=True`` deletes it for good."""
        return self._client.run(self.resource.delete(id, params, force=force))

    def iterate(self, params: Params = None) -> Iterator[Result[E, MosaiaError]]:
        """Every item of the list, lazily: one page (``limit`` in ``params``, else the server's
        default) is fetched and held at a time. A failing page is yielded as its ``Failure``
        and ends the walk."""
        return self._client.iterate(self.resource.get_all(params))

    def iter_pages(self, params: Params = None) -> Iterator[Result[Page[E], MosaiaError]]:
        """Every page of the list, lazily; a failing page is yielded and ends the walk."""
        return self._client.iter_pages(self.resource.get_all(params))

    def under(self, **parents: str | None) -> Self:
        """A new group of this kind over the same collection under ``parents``, outermost first
        (``client.tasks.under(org="o1", agent="a1")`` is ``/org/o1/agent/a1/task``); see
        :meth:`mosaia.api._crud.Resource.under`."""
        scoped = copy.copy(self)
        scoped.resource = self.resource.under(**parents)
        return scoped


class GetGroup(CrudGroup[E]):
    """A :class:`CrudGroup` with the seed's one-name fetch: ``get()`` lists, ``get(id)`` or
    ``get(entity)`` fetches one (apps, tools, app bots)."""

    @overload
    def get(self, target: None = None, params: Params = None) -> Result[Page[E], MosaiaError]: ...

    @overload
    def get(self, target: Target, params: Params = None) -> Result[E, MosaiaError]: ...

    def get(self, target: Target | None = None, params: Params = None) -> Result[Any, MosaiaError]:
        """One page of items when ``target`` is ``None``, else the item it names."""
        return self._client.run(self.resource.get(target, params))


class ChatGroup(Group):
    """Chat completions for a group whose entities are chat targets (agents, groups, models)."""

    chat: ChatTarget

    def chat_completion(
        self, body: Body = None, /, *, id: str | None = None, **fields: Any
    ) -> Result[ChatCompletion, MosaiaError]:
        """A whole completion; ``id`` targets one entity's own completions endpoint. With
        ``"stream": True`` the streamed answer is folded into one completion."""
        return self._client.run(self.chat.chat_completion(body, id=id, **fields))

    def async_chat_completion(
        self, body: Body = None, /, *, id: str | None = None, **fields: Any
    ) -> Result[ChatCompletion, MosaiaError]:
        """A completion queued by the platform (``"type": "async"``)."""
        return self._client.run(self.chat.async_chat_completion(body, id=id, **fields))

    def chat_completion_stream(
        self, body: Body = None, /, *, id: str | None = None, **fields: Any
    ) -> Stream[ChatCompletionChunk]:
        """A streamed completion: ``with`` it and iterate ``Result[ChatCompletionChunk, ...]``
        as the chunks arrive; ``.completion()`` folds them into one. See :mod:`mosaia.stream`."""
        return self._client.stream(self.chat.chat_completion_stream(body, id=id, **fields))

    def achat_completion_stream(
        self, body: Body = None, /, *, id: str | None = None, **fields: Any
    ) -> AsyncStream[ChatCompletionChunk]:
        """:meth:`chat_completion_stream` for ``async with`` / ``async for`` (reads happen on a
        worker thread; see :mod:`mosaia.aio`)."""
        return self._client.astream(self.chat.chat_completion_stream(body, id=id, **fields))
