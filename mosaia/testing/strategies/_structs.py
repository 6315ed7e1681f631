"""The engine behind every Struct strategy: draw each field from a strategy chosen by the
field's name (an ``email`` is an email, a ``created_at`` a timestamp, an ``org`` an org id or an
embedded organization) or else by its type, for any msgspec Struct.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import msgspec
from hypothesis import strategies as st

from mosaia._types.base import Entity
from mosaia.testing._sim.fixtures import IDS
from mosaia.testing.strategies import _values as v

S = TypeVar("S", bound=msgspec.Struct)


#: Fields the server sets; a body for ``create`` or ``update`` leaves them out.
SERVER_FIELDS = ("id", "created_at", "updated_at", "record_history")

#: Ids of the fixture world by reference field, so drawn references often point at real
#: documents of ``Simulator.with_fixtures()``.
FIXTURE_REFS: dict[str, tuple[str, ...]] = {
    "org": (IDS.org,),
    "user": (IDS.ada, IDS.grace, IDS.alan),
    "agent": (IDS.support_agent, IDS.research_agent),
    "agents": (IDS.support_agent, IDS.research_agent),
    "agent_group": (IDS.group,),
    "model": (IDS.gpt_model, IDS.claude_model),
    "client": (IDS.client,),
    "app": (IDS.app,),
    "policy": (IDS.admin_policy, IDS.read_only_policy),
    "tool": (IDS.weather_tool, IDS.search_tool, IDS.calculator_tool),
    "app_bot": (IDS.bot,),
    "wallet": (IDS.wallet,),
    "meter": (IDS.api_calls_meter, IDS.tokens_meter),
    "org_permission": (IDS.org_permission,),
    "user_permission": (IDS.user_permission,),
}


def references(field: str) -> st.SearchStrategy[str]:
    """An id for reference ``field`` (``org``, ``user``, ``policy``, ...): most often a fixture
    document's id (so calls reach real documents), otherwise any id."""
    known = FIXTURE_REFS.get(field, ())
    if not known:
        return v.ids()
    fixture, anything = st.sampled_from(known), v.ids()
    # Drawn as a choice rather than one_of, which would weigh each branch of ids() equally.
    return st.integers(0, 9).flatmap(lambda n: fixture if n < 6 else anything)


def _tags() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["support", "beta", "internal", "sales"]), v.texts(1, 12))


#: Strategies for the text of fields whose meaning the name gives away.
_NAMED_TEXT: dict[str, Any] = {
    **{name: (lambda name=name: references(name)) for name in FIXTURE_REFS},
    "id": v.ids,
    "sub": v.ids,
    "external_id": v.ids,
    "name": v.names,
    "email": v.emails,
    "created_at": v.timestamps,
    "updated_at": v.timestamps,
    "image": v.urls,
    "url": v.urls,
    "source_url": v.urls,
    "response_url": v.urls,
    "external_app_url": v.urls,
    "redirect_uris": v.urls,
    "tool_schema": v.json_schemas,
    "currency": lambda: st.sampled_from(["USD", "EUR", "GBP", "JPY"]),
    "provider": lambda: st.one_of(st.sampled_from(["openai", "anthropic", "google"]), v.texts(1)),
    "type": lambda: st.one_of(st.sampled_from(["api_calls", "tokens", "storage"]), v.texts(1)),
    "permission": lambda: st.sampled_from(["owner", "admin", "member"]),
    "tags": _tags,
    "keywords": _tags,
    "scopes": lambda: st.sampled_from(["read", "write", "admin"]),
    "actions": lambda: st.sampled_from(["*", "read:*", "agent:chat", "model:read"]),
    "resources": lambda: st.sampled_from(["*", "agent", "model", "org"]),
    "required_environment_variables": lambda: st.from_regex(
        r"[A-Z][A-Z0-9_]{0,15}", fullmatch=True
    ),
    "access_token": v.tokens,
    "refresh_token": v.tokens,
    "token": v.tokens,
    "client_secret": v.tokens,
    "api_key": v.tokens,
    "external_api_key": v.tokens,
    "token_type": lambda: st.just("Bearer"),
    "role": lambda: st.sampled_from(["system", "user", "assistant", "tool"]),
    "finish_reason": lambda: st.sampled_from(["stop", "length", "tool_calls", "content_filter"]),
    "iat": v.epoch_millis,
    "exp": v.epoch_millis,
}

_NAMED_NUMBER: dict[str, Any] = {
    "temperature": lambda: st.floats(0.0, 2.0),
    "balance": lambda: st.floats(-1e6, 1e9, allow_nan=False),
    "value": lambda: st.floats(0.0, 1e12),
    "max_tokens": lambda: st.integers(1, 200_000),
    "expires_in": lambda: st.integers(1, 86_400 * 30),
    "created": v.epoch_seconds,
    "index": lambda: st.integers(0, 4),
}


def structs(
    cls: type[S],
    *,
    required: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    depth: int = 1,
    overrides: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[S]:
    """Instances of the Struct ``cls`` with any subset of its fields set; those in ``required``
    (and those the Struct itself requires) always, and never empty. ``depth`` is how many
    levels of embedded entities (an ``org`` as an object rather than an id) may appear."""
    always: dict[str, st.SearchStrategy[Any]] = {}
    maybe: dict[str, st.SearchStrategy[Any]] = {}
    for field in msgspec.structs.fields(cls):
        if field.name in exclude:
            continue
        given = (overrides or {}).get(field.name)
        strategy = given if given is not None else _field(field.name, field.type, depth)
        if strategy is None:
            continue
        if field.name in required or field.required:
            always[field.name] = strategy.filter(lambda x: x not in (None, ""))
        else:
            maybe[field.name] = strategy
    return st.fixed_dictionaries(always, optional=maybe).map(lambda kw: cls(**kw))


def _field(name: str, tp: Any, depth: int) -> st.SearchStrategy[Any] | None:
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return v.json_values()
    if origin in (Union, types.UnionType):
        parts = [_field(name, a, depth) for a in args if a is not type(None)]
        found = [p for p in parts if p is not None]
        return st.one_of(*found) if found else None
    if origin is Literal:
        return st.sampled_from(args)
    if tp is str:
        named = _NAMED_TEXT.get(name)
        return named() if named is not None else v.texts()
    if tp is bool:
        return st.booleans()
    if tp in (int, float):
        named = _NAMED_NUMBER.get(name)
        if named is not None:
            return named()  # type: ignore[no-any-return]
        return st.integers(0, 2**31) if tp is int else v.numbers()
    if origin is list:
        item = _field(name, args[0], depth)
        return None if item is None else st.lists(item, max_size=4)
    if origin is dict:
        item = _field("", args[1], depth)
        keys = v.texts(max_size=12)
        return None if item is None else st.dictionaries(keys, item, max_size=3)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        if issubclass(tp, Entity):
            return None if depth <= 0 else structs(tp, depth=depth - 1)
        return strategy_for(tp)
    return None


#: Strategies for Structs whose fields need more than their names and types say (set by the
#: modules that define them: chat answers whose ``object`` is fixed, usage whose counts add up).
SPECIAL: dict[type[Any], Callable[[], st.SearchStrategy[Any]]] = {}

# Strategies are built once per type and kind: building one walks the Struct's fields.
_BUILT: dict[tuple[type[Any], str], st.SearchStrategy[Any]] = {}


def once(
    cls: type[S], kind: str, build: Callable[[], st.SearchStrategy[S]]
) -> st.SearchStrategy[S]:
    """The strategy ``build()`` makes for ``cls`` drawn as ``kind``, built on first use and kept:
    building one walks the Struct's fields, and tables ask for the same ones many times."""
    found = _BUILT.get((cls, kind))
    if found is None:
        found = _BUILT[(cls, kind)] = build()
    return found


def strategy_for(cls: type[S]) -> st.SearchStrategy[S]:
    """The strategy for Struct ``cls``: its entry in :data:`SPECIAL` if it has one, else the
    generic :func:`structs` (built once)."""
    special = SPECIAL.get(cls)
    return once(cls, "any", special if special is not None else lambda: structs(cls))
