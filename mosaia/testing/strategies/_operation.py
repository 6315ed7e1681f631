"""The :class:`Operation` value and the helpers the operations tables are declared with: a builder,
a strategy for its valid inputs, and the error statuses the reference allows for them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from mosaia.api import (
    tools,
)
from mosaia.api._crud import Resource
from mosaia.request import Call
from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._chat import chat_completion_requests
from mosaia.testing.strategies._entities import changes, entity
from mosaia.testing.strategies._inputs import (
    Args,
    bodies,
    deleting,
    list_params,
    listing,
)
from mosaia.testing.strategies._structs import references
from mosaia.types import (
    BatchDeleteResult,
    ChatCompletion,
    ChatCompletionChunk,
    Tool,
)

#: Error statuses the reference allows, by kind of operation.
NEVER: frozenset[int] = frozenset()
MISSING = frozenset({404})
REFUSED = frozenset({400, 404, 409})
CREDENTIALS = frozenset({400, 401})


@dataclass(frozen=True, eq=False)
class Operation:
    """One operation: where its builder lives, a strategy of the calls it builds from valid
    inputs, and the error statuses the reference allows in answer."""

    module: str
    name: str
    calls: st.SearchStrategy[Call[Any]]
    errors: frozenset[int]
    #: What the answer decodes into (``None`` for no value) and the shapes it may take.
    item: type[Any] | None
    shapes: frozenset[str]
    #: Whether the answer is Server-Sent Events, read with ``client.stream(call)`` (running
    #: such a call with ``client.run`` is a caller mistake: it cannot decode as one value).
    streamed: bool = False

    @property
    def qualname(self) -> str:
        """``module.name`` relative to :mod:`mosaia.api` (``agents.get_by_id``)."""
        return f"{self.module.removeprefix('mosaia.api.')}.{self.name}"

    def __repr__(self) -> str:
        return f"Operation({self.qualname})"


def _op(
    module: ModuleType,
    name: str,
    args: st.SearchStrategy[Args],
    errors: frozenset[int],
    item: type[Any] | None,
    *shapes: str,
    streamed: bool = False,
) -> Operation:
    fn = getattr(module, name)
    calls = args.map(lambda a: fn(*a[0], **a[1]))
    return Operation(module.__name__, name, calls, errors, item, frozenset(shapes), streamed)


def _derived(
    module: ModuleType,
    name: str,
    calls: st.SearchStrategy[Call[Any]],
    errors: frozenset[int],
    item: type[Any] | None,
    *shapes: str,
) -> Operation:
    # Operations reached through a factory (``tools.scoped(user=...)``) rather than a name.
    return Operation(module.__name__, name, calls, errors, item, frozenset(shapes))


def crud(
    module: ModuleType,
    ref: str,
    cls: type[Any],
    filters: Iterable[str] = (),
    names: tuple[str, str, str, str, str] = ("get_all", "get_by_id", "create", "update", "delete"),
) -> list[Operation]:
    """The five standard operations of one collection, under the names the module gives them
    (``get_all, get_by_id, create, update, delete`` unless ``names`` says otherwise)."""
    list_name, get_name, create_name, update_name, delete_name = names
    one: st.SearchStrategy[Args] = references(ref).map(lambda i: ((i,), {}))
    return [
        _op(module, list_name, listing(list_params(*filters)), NEVER, cls, "page"),
        _op(module, get_name, one, MISSING, cls, "one"),
        _op(module, create_name, bodies(entity(cls, new=True)), REFUSED, cls, "one"),
        _op(module, update_name, bodies(changes(cls), references(ref)), REFUSED, cls, "one"),
        _op(module, delete_name, deleting(ref), MISSING, None, "none"),
    ]


def _chat(
    module: ModuleType, ref: str, names: st.SearchStrategy[str] | None = None
) -> list[Operation]:
    targets = st.one_of(references(ref), names) if names is not None else references(ref)
    by_model: st.SearchStrategy[Args] = chat_completion_requests(targets).map(lambda b: ((b,), {}))
    by_path = st.tuples(
        chat_completion_requests(st.none()).map(lambda b: (b,)),
        targets.map(lambda i: {"id": i}),
    )
    args = st.one_of(by_model, by_path)
    found = [
        _op(module, "chat_completion", args, MISSING, ChatCompletion, "bare"),
        _op(module, "async_chat_completion", args, MISSING, ChatCompletion, "bare"),
    ]
    if hasattr(module, "chat_completion_stream"):
        chunk = ChatCompletionChunk
        found.append(
            _op(module, "chat_completion_stream", args, MISSING, chunk, "stream", streamed=True)
        )
    return found


def _at(
    module: ModuleType,
    cls: type[Any],
    ref: str,
    parents: tuple[str, ...] = (),
    *,
    names: tuple[str, ...] = ("get_all", "get_by_id", "create", "update", "delete"),
    extra: tuple[str, ...] = (),
) -> list[Operation]:
    """The operations of a collection reached at its bare path or under one of ``parents``
    (each drawn as a fixture id or any id): ``tasks.resource.under(agent=...)``. A collection
    that exists only under a parent lists it alone and is never drawn bare."""
    resource: Resource[Any] = module.resource
    bare = [st.just(resource)] if not resource.needs else []
    under = [references(kind).map(_parent(resource, kind)) for kind in parents]
    at: st.SearchStrategy[Any] = st.one_of(*bare, *under)
    strategies: dict[str, tuple[st.SearchStrategy[Args], frozenset[int], Any, str]] = {
        "get_all": (listing(list_params()), MISSING, cls, "page"),
        "get_by_id": (references(ref).map(lambda i: ((i,), {})), MISSING, cls, "one"),
        "create": (bodies(entity(cls, new=True)), REFUSED, cls, "one"),
        "update": (bodies(changes(cls), references(ref)), REFUSED, cls, "one"),
        "delete": (deleting(ref), MISSING, None, "none"),
        "batch_delete": (
            st.lists(references(ref), min_size=1, max_size=3).map(lambda i: ((i,), {})),
            MISSING,
            BatchDeleteResult,
            "bare",
        ),
        "like": (references(ref).map(lambda i: ((i,), {})), MISSING, cls, "one"),
    }
    found = []
    for name in (*names, *extra):
        args, errors, item, shape = strategies[name]
        calls = st.tuples(at, args).map(_calling(name))
        found.append(_derived(module, name, calls, errors, item, shape))
    return found


def _parent(resource: Resource[Any], kind: str) -> Any:
    def reach(ident: str) -> Resource[Any]:
        return resource.under(**{kind: ident})

    return reach


def _calling(name: str) -> Any:
    def call(drawn: tuple[Resource[Any], Args]) -> Call[Any]:
        at, (args, kwargs) = drawn
        result: Call[Any] = getattr(at, name)(*args, **kwargs)
        return result

    return call


_AGENT_FILTERS = ("org", "user")
# One segment for now: the simulator does not yet look items up by a multi-segment path (the
# builder's encoding of those is pinned by tests/test_conformance.py).
_ITEM_PATHS = st.sampled_from(["readme.md", "/guide.pdf", "a b.txt", "Docs"])
# An id holding a slash is a path of several parts to get_by_path (see _ITEM_PATHS).
_ONE_SEGMENT_IDS = v.ids().filter(lambda i: "/" not in i)
_TOOL_NAMES = st.one_of(
    st.sampled_from(["weather", "web_search", "calculator"]), v.query_texts(1, 12)
)


def _scoped_tools() -> list[Operation]:
    scopes = st.one_of(
        references("user").map(lambda u: tools.scoped(user=u)),
        references("org").map(lambda o: tools.scoped(org=o)),
    )
    return [
        _derived(
            tools, "scoped().get_all", scopes.map(lambda s: s.get_all()), MISSING, Tool, "page"
        ),
        _derived(
            tools,
            "scoped().get_by_name",
            st.tuples(scopes, _TOOL_NAMES).map(lambda a: a[0].get_by_name(a[1])),
            MISSING,
            Tool,
            "first",
        ),
        _derived(
            tools,
            "scoped().create",
            st.tuples(scopes, entity(Tool, new=True)).map(lambda a: a[0].create(a[1])),
            REFUSED,
            Tool,
            "one",
        ),
    ]


#: Errors of an action that the item's state may refuse (a task already running: 409).
STATEFUL = frozenset({404, 409})


def _action(
    module: ModuleType,
    name: str,
    ids: st.SearchStrategy[str],
    rest: st.SearchStrategy[Args],
    errors: frozenset[int],
    item: type[Any],
    shape: str,
    parents: tuple[str, ...] = (),
) -> Operation:
    """An operation on one item beyond CRUD (``tasks.execute``), reached at the bare
    collection or under one of ``parents``, as :func:`_at` reaches the standard ones:
    ``ids`` draws the item, ``rest`` the arguments after it."""
    resource: Resource[Any] = module.resource
    bare = [st.just(resource)] if not resource.needs else []
    under = [references(kind).map(_parent(resource, kind)) for kind in parents]
    args = st.tuples(ids, rest).map(lambda a: ((a[0], *a[1][0]), a[1][1]))
    calls = st.tuples(st.one_of(*bare, *under), args).map(_calling(name))
    return _derived(module, name, calls, errors, item, shape)


def _mostly(*fixtures: str) -> st.SearchStrategy[str]:
    # A fixture's id most of the time, so the actions reach real items in their first state.
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(fixtures) if n < 7 else v.ids())
