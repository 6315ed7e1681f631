"""The Struct base every API entity shares, and the type registry that keeps calls serializable."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import msgspec

from mosaia._redact import MASKED, redact_json

S = TypeVar("S", bound=msgspec.Struct)


class RecordHistory(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Who created and last changed a document, and when (ISO dates): the platform's audit
    stamp on every entity since it stopped declaring top-level ``created_at``/``updated_at``."""

    created_at: str | None = None
    created_by: str | None = None
    created_by_type: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    updated_by_type: str | None = None


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
    record_history: RecordHistory | None = None


def hides(*secrets: str) -> Callable[[type[S]], type[S]]:
    """A class decorator giving a Struct that carries credentials a repr and a rich repr (what
    rich and IPython pretty-print with; msgspec's own would show raw values) that list the
    fields that are set, each of ``secrets`` as ``***``, and secret-named keys inside mapping
    fields (headers) masked."""
    hidden = frozenset(secrets)

    def fields(self: msgspec.Struct) -> list[tuple[str, Any]]:
        shown: list[tuple[str, Any]] = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if value is None:
                continue
            if name in hidden:
                value = MASKED
            elif isinstance(value, dict):
                value = redact_json(value)
            shown.append((name, value))
        return shown

    def text(self: msgspec.Struct) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in fields(self)) + ")"

    def install(cls: type[S]) -> type[S]:
        cls.__repr__ = text  # type: ignore[assignment,method-assign]
        cls.__rich_repr__ = fields  # type: ignore[method-assign]
        return cls

    return install


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
