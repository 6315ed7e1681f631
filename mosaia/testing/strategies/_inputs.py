"""Strategies for operations' inputs: list parameters, bodies in the seed's three styles, ids
for fetch and delete, each as the ``(args, kwargs)`` a builder is called with."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import strategies as st

from mosaia.testing.strategies import _values as v
from mosaia.testing.strategies._structs import references

#: Positional and keyword arguments for one builder call.
Args = tuple[tuple[Any, ...], dict[str, Any]]


def arguments(
    *positional: st.SearchStrategy[Any], **keywords: st.SearchStrategy[Any]
) -> st.SearchStrategy[Args]:
    """The ``(args, kwargs)`` of one builder call, each argument drawn from its strategy: the
    shape every entry of the operations table gives its inputs in."""
    return st.tuples(st.tuples(*positional), st.fixed_dictionaries(keywords))


_COMMON_FILTERS: dict[str, st.SearchStrategy[Any]] = {
    "limit": st.integers(1, 100),
    "offset": st.integers(0, 20),
    "search": st.one_of(st.sampled_from(["Support", "acme", "a"]), v.query_texts()),
    "q": v.query_texts(),
    "active": st.booleans(),
    "public": st.booleans(),
    "tags": st.lists(st.sampled_from(["support", "general", "research"]), min_size=1, max_size=2),
    "external_id": v.ids(),
    "search_type": st.sampled_from(["chat", "name", "semantic"]),
    "search_types": st.lists(st.sampled_from(["agent", "model", "tool"]), min_size=1, max_size=2),
}


def list_params(*filters: str) -> st.SearchStrategy[dict[str, Any] | None]:
    """Valid list parameters: any of the common ones and of ``filters`` (references drawn as
    ids, often of fixture documents), or none at all."""
    extra = {
        name: _FILTER_VALUES[name] if name in _FILTER_VALUES else references(name)
        for name in filters
    }
    params = st.fixed_dictionaries({}, optional={**_COMMON_FILTERS, **extra})
    return st.one_of(st.none(), params)


_FILTER_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "provider": st.sampled_from(["openai", "anthropic", "google"]),
    "type": st.sampled_from(["api_calls", "tokens", "storage"]),
    "name": st.sampled_from(["weather", "web_search", "calculator", "nope"]),
}


def listing(params: st.SearchStrategy[Any]) -> st.SearchStrategy[Args]:
    """Arguments for a list call: none at all (the seed's ``get_all()``), or one drawn from
    ``params``."""
    return st.one_of(st.just(((), {})), params.map(lambda p: ((p,), {})))


def bodies(
    structs: st.SearchStrategy[Any], *lead: st.SearchStrategy[Any]
) -> st.SearchStrategy[Args]:
    """Arguments for a create or update: ``lead`` ids, then the body in each of the seed's three
    styles (a Struct, a dict, or an empty dict plus keyword fields)."""

    def styles(drawn: tuple[Any, ...]) -> st.SearchStrategy[Args]:
        *ids, body = drawn
        plain = msgspec.to_builtins(body)
        return st.sampled_from([((*ids, body), {}), ((*ids, plain), {}), ((*ids, {}), plain)])

    return st.tuples(*lead, structs).flatmap(styles)


def deleting(ref: str) -> st.SearchStrategy[Args]:
    """Arguments for a delete: the id of a ``ref`` document, with or without ``force``."""
    force = st.fixed_dictionaries({}, optional={"force": st.booleans()})
    return st.tuples(references(ref).map(lambda i: (i,)), force)


def getting(ref: str, cls: type[Any]) -> st.SearchStrategy[Args]:
    """Arguments for the seed's one-name ``get``: ``get()`` lists, ``get(id)`` or
    ``get(cls(id=...))`` fetches a ``ref`` document."""
    ident = references(ref)
    return st.one_of(
        st.just(((), {})),
        ident.map(lambda i: ((i,), {})),
        ident.map(lambda i: ((cls(id=i),), {})),
    )
