"""What a client group is: a view of one API module whose operations run as soon as called.

Groups are declarations. A resource with the standard operations subclasses :class:`CrudGroup`
and names its :class:`~mosaia.api.crud.Resource`; chat targets add :class:`ChatGroup` and name
their :class:`~mosaia.api.chat.ChatTarget`; any other operation is ``name = op(builder)``, which
makes ``client.group.name(...)`` mean ``client.run(builder(...))`` with the builder's signature
and the ``Result`` type carried through for mypy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

from returns.result import Result

from mosaia.api.chat import ChatTarget
from mosaia.api.crud import Body, Params, Resource
from mosaia.errors import MosaiaError
from mosaia.request import Call
from mosaia.types.chat import ChatCompletion
from mosaia.types.page import Page

if TYPE_CHECKING:
    from mosaia.client import Mosaia

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
        self.__doc__ = builder.__doc__

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

        bound.__doc__ = builder.__doc__
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


class ChatGroup(Group):
    """Chat completions for a group whose entities are chat targets (agents, groups, models)."""

    chat: ChatTarget

    def chat_completion(
        self, body: Body = None, /, *, id: str | None = None, **fields: Any
    ) -> Result[ChatCompletion, MosaiaError]:
        """A whole completion; ``id`` targets one entity's own completions endpoint."""
        return self._client.run(self.chat.chat_completion(body, id=id, **fields))

    def async_chat_completion(
        self, body: Body = None, /, *, id: str | None = None, **fields: Any
    ) -> Result[ChatCompletion, MosaiaError]:
        """A completion queued by the platform (``"type": "async"``)."""
        return self._client.run(self.chat.async_chat_completion(body, id=id, **fields))
