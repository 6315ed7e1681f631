"""The simulator's collections: plain dicts, with the list semantics the API reference gives
(filters, ``limit``/``offset`` paging, soft and hard delete)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

Doc = dict[str, Any]

#: Fields ``search`` and ``q`` look into (case-insensitive substring).
SEARCHED = (
    "name",
    "short_description",
    "long_description",
    "email",
    "username",
    "first_name",
    "last_name",
    "friendly_name",
    "description",
)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class Collection:
    """One resource's documents by id, in insertion order."""

    def __init__(self, spec: CollectionSpec) -> None:
        self.spec = spec
        self.docs: dict[str, Doc] = {}

    def list(
        self, query: Mapping[str, Sequence[str]], where: Mapping[str, str] | None = None
    ) -> tuple[list[Doc], Doc] | str:
        """The page of documents ``query`` selects, with its paging; or why the query is bad.
        ``where`` restricts the list to documents whose references have those ids (a mount's
        parent: the tools of one user)."""
        try:
            limit = int(_one(query, "limit") or DEFAULT_LIMIT)
            offset = int(_one(query, "offset") or 0)
        except ValueError:
            return "limit and offset must be integers"
        if limit < 1 or limit > MAX_LIMIT or offset < 0:
            return f"limit must be 1..{MAX_LIMIT} and offset >= 0"
        matched = [
            d
            for d in self.docs.values()
            if _matches(d, query, self.spec.filters) and _within(d, where)
        ]
        page = matched[offset : offset + limit]
        paging = {
            "offset": offset,
            "limit": limit,
            "total": len(matched),
            "page": offset // limit + 1,
            "total_pages": math.ceil(len(matched) / limit) if matched else 0,
        }
        return page, paging

    def find(self, id: str, mount: Mount | None = None, parent: str = "") -> Doc | None:
        """The document ``id`` names: by its own id; under a mount, only among the parent's
        documents, and by the mount's ``key`` reference too (a member by its user id)."""
        if mount is None:
            return self.docs.get(id)
        for doc in self.docs.values():
            if ref_id(doc.get(mount.field)) != parent:
                continue
            if doc.get("id") == id or (mount.key and ref_id(doc.get(mount.key)) == id):
                return doc
        return None


class Mount:
    """Where else a collection is served: below one parent item, e.g. ``/user/{parent}/tool``
    holds only the tools whose ``user`` is that parent, and creating there sets it.

    ``parent`` names the collection the parent must exist in (``None``: not checked); ``key``
    names a reference that addresses items besides their own id, and is unique per parent (an
    org member is addressed, and made only once, by its user id)."""

    def __init__(
        self, template: str, field: str, parent: str | None = None, key: str | None = None
    ) -> None:
        self.template = template
        self.field = field
        self.parent = parent
        self.key = key


class CollectionSpec:
    """What the simulator knows of one resource: its path, entity name (for error codes), the
    fields required on create, the equality filters its list accepts, and where else it is
    served (``mounts``). ``served=False`` keeps the path as a storage name only (org members
    exist only below their org)."""

    def __init__(
        self,
        path: str,
        entity: str,
        required: Sequence[str] = (),
        filters: Sequence[str] = (),
        mounts: Sequence[Mount] = (),
        served: bool = True,
    ) -> None:
        self.path = path
        self.entity = entity
        self.required = tuple(required)
        self.filters = tuple(filters)
        self.mounts = tuple(mounts)
        self.served = served


def _one(query: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = query.get(key)
    return values[-1] if values else None


def _matches(doc: Doc, query: Mapping[str, Sequence[str]], filters: Sequence[str]) -> bool:
    for key in ("search", "q"):
        term = _one(query, key)
        if term and not any(term.lower() in str(doc.get(f) or "").lower() for f in SEARCHED):
            return False
    for key in ("active", "public"):
        wanted = _one(query, key)
        if wanted is not None and str(doc.get(key, key == "active")).lower() != wanted.lower():
            return False
    tags = query.get("tags")
    if tags and not set(tags) & set(doc.get("tags") or ()):
        return False
    external_id = _one(query, "external_id")
    if external_id is not None and doc.get("external_id") != external_id:
        return False
    for key in filters:
        wanted = _one(query, key)
        if wanted is not None and ref_id(doc.get(key)) != wanted:
            return False
    return True


def _within(doc: Doc, where: Mapping[str, str] | None) -> bool:
    return not where or all(ref_id(doc.get(k)) == v for k, v in where.items())


def ref_id(value: Any) -> Any:
    """The id of an embedded reference, whether stored as an id or an object."""
    if isinstance(value, dict):
        return value.get("id")
    return value
