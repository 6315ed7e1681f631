"""The simulator's collections: plain dicts, with the list semantics the API reference gives
(filters, ``limit``/``offset`` paging, soft and hard delete)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from mosaia.types import Paging

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
    ) -> tuple[list[Doc], Paging] | str:
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
        if _one(query, "all") == "true":  # the activity feed's "no paging"
            offset, limit = 0, max(len(matched), 1)
        page = matched[offset : offset + limit]
        paging = Paging(
            offset=offset,
            limit=limit,
            total=len(matched),
            page=offset // limit + 1,
            total_pages=math.ceil(len(matched) / limit) if matched else 0,
        )
        return page, paging

    def find(
        self, id: str, *, where: Mapping[str, str] | None = None, key: str | None = None
    ) -> Doc | None:
        """The document ``id`` names: by its own id; below a mount, only among the documents
        whose references have the ids in ``where``, and by the ``key`` reference too (an org
        member by its user id)."""
        if not where:
            return self.docs.get(id)
        for doc in self.docs.values():
            if not _within(doc, where):
                continue
            if doc.get("id") == id or (key is not None and ref_id(doc.get(key)) == id):
                return doc
        return None


class Mount:
    """Where else a collection is served: below parent items, named in ``template`` by the
    reference field they set. ``/user/{user}/tool`` holds only the tools whose ``user`` is that
    user, and creating there sets it; ``/org/{org}/agent/{agent}/task`` nests two parents.

    ``parents`` maps each such field to the collection its id must exist in (a 404 otherwise);
    by default, the collection whose path comes just before the field in the template
    (``/org/{org}`` -> ``/org``). ``key`` names a reference that addresses items besides their
    own id, and is unique per parent (an org member is addressed, and made once, by its user).

    Prefixes stack: in ``/org/{org}/agent/{agent}/task`` the items are filtered by their
    innermost parent (the agent), and each outer id must be the reference its inner parent
    carries (the agent must be the org's), else the inner parent is not found."""

    def __init__(
        self, template: str, *, key: str | None = None, parents: Mapping[str, str] | None = None
    ) -> None:
        self.template = template
        self.key = key
        found = _placeholders(template)
        if not found or "id" in found:
            raise ValueError(f"mount {template!r} needs parent fields, and `id` names the item")
        #: The reference fields the template captures, outermost first.
        self.fields = tuple(found)
        self.parents = dict(found if parents is None else parents)
        #: The reference the items are filtered by: the innermost parent's.
        self.filter_field = self.fields[-1]

    def __repr__(self) -> str:
        return f"Mount({self.template!r}, key={self.key!r}, parents={self.parents!r})"


def _placeholders(template: str) -> dict[str, str]:
    # Each `{field}` with the collection path written just before it: `/org/{org}` -> `/org`.
    found: dict[str, str] = {}
    static: list[str] = []
    for part in template.strip("/").split("/"):
        if part.startswith("{") and part.endswith("}"):
            found[part[1:-1]] = "/" + "/".join(static)
            static = []
        else:
            static.append(part)
    return found


class CollectionSpec:
    """What the simulator knows of one resource: its path, entity name (for error codes), the
    fields required on create (``"a|b"``: either), the equality filters its list accepts, and
    where else it is served (``mounts``: :class:`Mount` values, or bare templates).
    ``served=False`` keeps the path as a storage name only (org members exist only below their
    org); ``aliases`` are further top-level paths serving the same documents (meters at
    ``/billing/usage`` and July's ``/billing/meter``).

    ``struct`` is the entity Struct create and update bodies must convert to (strictly: a
    wrong-typed field is a 400 naming it); ``read_only`` serves list and get only;
    ``audited`` records an activity row for each create, update and delete."""

    def __init__(
        self,
        path: str,
        entity: str,
        *,
        required: Sequence[str] = (),
        filters: Sequence[str] = (),
        mounts: Sequence[Mount | str] = (),
        served: bool = True,
        aliases: Sequence[str] = (),
        struct: type[Any] | None = None,
        read_only: bool = False,
        audited: bool = False,
    ) -> None:
        self.path = path
        self.entity = entity
        self.required = tuple(required)
        self.filters = tuple(filters)
        self.mounts = tuple(m if isinstance(m, Mount) else Mount(m) for m in mounts)
        self.served = served
        self.aliases = tuple(aliases)
        self.struct = struct
        self.read_only = read_only
        self.audited = audited

    def absent(self, body: Mapping[str, Any]) -> list[str]:
        """The required fields ``body`` lacks (for ``"a|b"``, when it has neither)."""
        return [
            spec
            for spec in self.required
            if all(body.get(f) in (None, "") for f in spec.split("|"))
        ]

    def __repr__(self) -> str:
        return f"CollectionSpec({self.path!r}, {self.entity!r})"


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
    # Tags come as repeated keys (July) or one comma-joined value (now): any tag selects.
    tags = {t for value in query.get("tags", ()) for t in value.split(",") if t}
    if tags and not tags & set(doc.get("tags") or ()):
        return False
    since = _one(query, "since")
    if since and "since" in filters and str(doc.get("id")) <= since:
        return False
    external_id = _one(query, "external_id")
    if external_id is not None and doc.get("external_id") != external_id:
        return False
    for key in filters:
        if key == "since":
            continue
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
