"""The Struct base every API entity shares, and the registry of types a stored call may name.

A :class:`~mosaia.request.Call` names the type its answer decodes into by a string, so it stays
serializable. The string is the Struct's public name (``"Agent"``, as in ``mosaia.types``), and
it resolves ONLY through this registry: every Struct defined in the modules of this package,
found by walking the package itself. Nothing a stored call or result line says is ever imported:
a name the registry does not hold is unknown, whatever module it claims to come from.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType, ModuleType, NoneType
from typing import Any, Protocol, Self, TypeVar

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


class Folded(Protocol):
    """A value that may also arrive as a stream of pieces (a chat completion, streamed as
    chunks): ``piece_type`` is what each event of the stream decodes into, ``fold`` adds the
    pieces up to the whole value. A call whose shape is ``folded`` decodes into such a type."""

    @classmethod
    def piece_type(cls) -> type[Any]:
        """The type each event of the stream decodes into."""
        ...

    @classmethod
    def fold(cls, pieces: Iterable[Any]) -> Self:
        """The whole value ``pieces`` add up to; reads ``pieces`` once, keeping none of them."""
        ...


#: The stored name of ``NoneType``: the type of a call that answers no value.
NONE = "None"


def type_name(tp: type[Any]) -> str:
    """The name a :class:`~mosaia.request.Call` stores for ``tp``: its public name (``"Agent"``),
    ``"None"`` for no value. Only types of the registry resolve back (see :func:`resolve_type`)."""
    return NONE if tp is NoneType else tp.__name__


def resolve_type(name: str) -> type[Any] | None:
    """The registered type ``name`` stands for, or ``None`` when the registry holds none.

    Imports nothing the name mentions. Names stored by earlier versions, ``"module:QualName"``
    (``"mosaia.types.entities:Agent"``, ``"builtins:NoneType"``), resolve by their last part when
    the module is one of this package's (or ``builtins`` for ``NoneType``); any other module
    makes the name unknown."""
    if not isinstance(name, str):
        return None
    module, colon, qualname = name.rpartition(":")
    if colon:
        if module == "builtins" and qualname == "NoneType":
            return NoneType
        if module != "mosaia" and not module.startswith("mosaia."):
            return None
        name = qualname
    return registry().get(name)


_registry: Mapping[str, type[Any]] | None = None
_LOCK = threading.Lock()


def registry() -> Mapping[str, type[Any]]:
    """Every type a call may name, by its stored name: each Struct defined in a module of this
    package (a module added here is picked up with no list to update), ``NoneType``, and ``dict``
    (a JSON object of no fixed fields, as a tool's output). Built
    on first use, since the modules it walks import this one."""
    global _registry
    if _registry is None:
        with _LOCK:
            if _registry is None:
                # `dict` is any JSON object: what a tool run answers has no fixed fields.
                found: dict[str, type[Any]] = {NONE: NoneType, "dict": dict}
                for module in _modules():
                    for tp in structs_of(module):
                        found.setdefault(type_name(tp), tp)
                _registry = MappingProxyType(found)
    return _registry


def structs_of(module: ModuleType) -> list[type[msgspec.Struct]]:
    """The Structs ``module`` defines (not those it imports), in definition order."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, msgspec.Struct)
        and value.__module__ == module.__name__
    ]


def _modules() -> list[ModuleType]:
    # The package's own modules, found on its path: the names come from this package's files,
    # never from a value being decoded.
    package = importlib.import_module(__package__ or "mosaia._types")
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    return [importlib.import_module(f"{package.__name__}.{name}") for name in names]
