"""The Struct base every API entity shares, and the type registry that keeps calls serializable."""

from __future__ import annotations

import importlib
from typing import Any

import msgspec


class Entity(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Fields every Mosaia entity may carry. All optional: the API omits what it likes.

    ``omit_defaults`` makes an entity double as a partial body: ``Agent(name="x")`` encodes as
    ``{"name": "x"}``, so it can be sent to ``update`` without clearing other fields."""

    id: str | None = None
    active: bool | None = None
    external_id: str | None = None
    extensors: dict[str, str] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    record_history: Any = None


def type_name(tp: type[Any]) -> str:
    """The stable ``"module:QualName"`` a :class:`~mosaia.request.Call` stores for ``tp``."""
    name = f"{tp.__module__}:{tp.__qualname__}"
    _resolved.setdefault(name, tp)
    return name


_resolved: dict[str, type[Any]] = {}


def resolve_type(name: str) -> type[Any] | None:
    """The type a call names, importing its module on first use (a call decoded in another
    process names a type that process may not have imported yet); ``None`` if it is unknown."""
    found = _resolved.get(name)
    if found is not None:
        return found
    module_name, _, qualname = name.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError, ValueError):
        return None
    if not isinstance(obj, type):
        return None
    _resolved[name] = obj
    return obj
