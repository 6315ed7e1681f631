"""The tolerant reader: the slow path :mod:`mosaia.decode` takes when msgspec's typed decode of
an answer fails.

A field whose value does not match its type costs that field, never the answer: the answer is
read again as plain JSON, each item is converted on its own, and every field msgspec names as
the culprit is dropped (so it reads as ``None``) and logged on the ``mosaia`` logger with the
entity, the field and its path in the answer (``$.data[3].model``), until the item converts.
A field inside an embedded object or a list of objects costs only itself (``org.name``,
``folder_structure[1].level``); a mistyped value in a list or map of plain values costs the
list or map. A page item that is not an object at all is left out of the page, logged alike.

A page (or its first item) answered as a bare JSON list, without the envelope, reads as that
page with no paging. What stays a failure: a body that is not JSON, or not an object (a list
aside, for a page), and a single answer whose ``data`` is not an object; then :func:`recover`
answers ``None`` and the caller reports the original error. Well-formed answers never come
here, so the fast path keeps its speed.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec

from mosaia._types.page import Paging
from mosaia.request import Shape

__all__ = ["LOGGER", "Recovered", "recover"]

#: Where the warnings go: the SDK's logger, as for every other log line of it.
LOGGER = logging.getLogger("mosaia")

# Each round drops one field, so an item ends after at most as many rounds as it has fields;
# the cap bounds the work a hostile answer with thousands of bad fields can cause.
_MAX_DROPS = 256
_AT = re.compile(r" - at `(?P<path>\$[^`]*)`$")
_EXPECTED = re.compile(r"^Expected `(?P<want>[^`]*)`, got `(?P<got>[^`]*)`")
_STEP = re.compile(r"\.(?P<key>[^.\[]+)|\[(?P<index>\d+)\]|\[\.\.\.\]")
_FAILED: Any = object()


class Recovered(msgspec.Struct, frozen=True):
    """What the tolerant reader made of an answer, shaped like the envelope the fast path
    decodes: the value (an item, or the list of a page), the page's paging, and the answer's
    ``error`` member (when truthy, the caller reports it and ignores the rest)."""

    data: Any = None
    paging: Paging | None = None
    error: Any = None


def recover(body: bytes, shape: Shape, item: type[Any]) -> Recovered | None:
    """``body`` read for ``shape`` with ``item`` values, dropping (and logging) every field whose
    type does not match; ``None`` when the body is not the API's envelope at all. Never raises:
    nesting deep enough to exhaust the stack is ``None`` too."""
    try:
        return _recover(body, shape, item)
    except (msgspec.DecodeError, RecursionError):
        return None


def _recover(body: bytes, shape: Shape, item: type[Any]) -> Recovered | None:
    document = msgspec.json.decode(body)
    if isinstance(document, list) and shape in ("page", "first"):
        # A list answered bare, without the envelope: the platform may (vector search, search,
        # contract 2.9), and the Node SDK reads the whole body when `data` is absent.
        return _page(document, None, item, "$")
    if not isinstance(document, dict):
        return None
    if document.get("error"):
        return Recovered(error=document["error"])
    data = document.get("data")
    if shape in ("one", "bare"):
        if data is None and shape == "one":
            return Recovered()
        value, path = (document, "$") if data is None else (data, "$.data")
        converted = _convert(value, item, path)
        return None if converted is _FAILED else Recovered(data=converted)
    if isinstance(data, dict):
        # A list answered with its one item (``GET /billing/wallet`` does, contract 2.8).
        data = [data]
    if data is not None and not isinstance(data, list):
        return None
    return _page(data or [], document.get("paging"), item, "$.data")


def _page(data: list[Any], paging: Any, item: type[Any], path: str) -> Recovered:
    items: list[Any] = []
    for position, value in enumerate(data):
        converted = _convert(value, item, f"{path}[{position}]")
        if converted is _FAILED:
            _left_out(_name(item), f"{path}[{position}]", "left out of the page")
        else:
            items.append(converted)
    return Recovered(data=items, paging=_paging(paging))


def _paging(value: Any) -> Paging | None:
    if value is None:
        return None
    converted = _convert(value, Paging, "$.paging")
    if converted is _FAILED:
        _left_out("Paging", "$.paging", "read as None")
        return None
    return converted  # type: ignore[no-any-return]


def _convert(value: Any, item: type[Any], path: str) -> Any:
    # Convert `value` to `item`; on each mismatch msgspec names, drop that field and retry.
    for _ in range(_MAX_DROPS):
        try:
            return msgspec.convert(value, item)
        except msgspec.ValidationError as exc:
            text = str(exc)
            at = _AT.search(text)
            dropped = _drop(value, at.group("path")) if at else None
            if dropped is None:
                return _FAILED
            _mismatch(_name(item), dropped[2:], path + dropped[1:], text)
    return _FAILED


def _name(item: type[Any]) -> str:
    return getattr(item, "__name__", repr(item))


def _drop(value: Any, where: str) -> str | None:
    # Delete the innermost field on `where` that is a key of an object whose value we can see
    # (a map value's key is not in msgspec's path, `[...]`: its field goes whole); answer the
    # path of what was deleted, or None if there is nothing to delete.
    node: Any = value
    target: tuple[Any, str, str] | None = None
    steps = where[1:]
    position = 0
    while position < len(steps):
        step = _STEP.match(steps, position)
        if step is None or step.group(0) == "[...]":
            break
        if step.group("key") is not None:
            key = step.group("key")
            if not isinstance(node, dict) or key not in node:
                return None
            target, node = (node, key, "$" + steps[: step.end()]), node[key]
        else:
            index = int(step.group("index"))
            if not isinstance(node, list) or index >= len(node):
                return None
            node = node[index]
        position = step.end()
    if target is None:
        return None
    parent, key, reached = target
    del parent[key]
    return reached


def _mismatch(entity: str, field: str, path: str, text: str) -> None:
    # The reason names types only: msgspec's other messages can quote the value (an enum's),
    # which may be a secret, so they are not repeated.
    expected = _EXPECTED.search(text)
    reason = (
        f"expected `{expected.group('want')}`, got `{expected.group('got')}`"
        if expected
        else "a value it does not allow"
    )
    LOGGER.warning(
        "%s.%s at %s does not match its type (%s); read as None",
        entity,
        field,
        path,
        reason,
        extra={"mosaia_entity": entity, "mosaia_field": field, "mosaia_path": path},
    )


def _left_out(entity: str, path: str, outcome: str) -> None:
    LOGGER.warning(
        "the value at %s cannot be read as %s; %s",
        path,
        entity,
        outcome,
        extra={"mosaia_entity": entity, "mosaia_field": None, "mosaia_path": path},
    )
