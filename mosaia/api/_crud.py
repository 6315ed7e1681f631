"""The one generic builder every resource module declares itself with.

``Resource("/agent", Agent)`` gives the standard CRUD operations of the reference as methods that
return :class:`~mosaia.request.Call` values; a resource module binds them to its public names and
adds its extra operations with :func:`build`. Everything here is pure.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import (
    Any,
    Generic,
    NamedTuple,
    Protocol,
    Self,
    TypeAlias,
    TypeVar,
    get_args,
    overload,
)
from urllib.parse import quote

import msgspec

from mosaia._types.answers import BatchDeleteResult
from mosaia._types.base import Entity, Folded
from mosaia._types.drive_ops import (
    AccessGrant,
    AccessList,
    AccessOptions,
    Accessor,
    AccessRevocation,
    AccessRole,
)
from mosaia._types.page import Page
from mosaia.request import Call, Request, encode_body, query_pairs, segment_problem

E = TypeVar("E")
T = TypeVar("T")
F = TypeVar("F", bound=Folded)

#: List filters and other query parameters: a mapping or a Struct; ``None`` values are dropped.
Params: TypeAlias = Mapping[str, Any] | msgspec.Struct | None
#: A JSON body: a Struct (only its set fields are sent), a mapping, or ``None``.
Body: TypeAlias = Mapping[str, Any] | msgspec.Struct | None


class HasId(Protocol):
    """Anything with an ``id``: every entity Struct, so ``apps.get(App(id="a1"))`` works as the
    seed's ``apps.get(AppInterface(id=...))`` did."""

    @property
    def id(self) -> str | None:
        """The entity's id (``None`` for an entity not yet created)."""
        ...


#: What a builder that addresses one item accepts (``get``, ``get_by_id``, ``update``,
#: ``delete``, ``like``, ``batch_delete``, the parents of ``under``): an id, or an entity
#: carrying one. Entity fields are all optional (an answer may omit any), so ``agent.id`` is
#: ``str | None``; passing ``agent`` itself type-checks, and one with no id is an
#: ``InvalidRequest`` naming it, with nothing sent.
Target: TypeAlias = str | HasId


def target_id(target: object, what: str = "id") -> tuple[str, str | None]:
    """The id ``target`` (an id, or an entity) names, with the problem when it names none.

    >>> target_id("a1")
    ('a1', None)
    """
    if isinstance(target, str):
        return target, None
    ident = getattr(target, "id", None)
    if isinstance(ident, str):
        return ident, None
    kind = type(target).__name__
    return "", f"{what}: the {kind} given has no id (was it created, or fetched whole?)"


def references(fields: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Body keywords with each entity given for a reference field (``agent=agent``) replaced by
    its id, and the problem when one has no id (a caller mistake: the call is invalid).

    >>> references({"name": "t", "agent": "a1"})
    ({'name': 't', 'agent': 'a1'}, None)
    """
    sent: dict[str, Any] = {}
    problem: str | None = None
    for name, value in fields.items():
        if isinstance(value, Entity):
            value, missing = target_id(value, name)
            problem = problem or missing
        sent[name] = value
    return sent, problem


def expand(template: str, **ids: Target) -> tuple[str, str | None]:
    """``template`` with each ``{name}`` replaced by its id (given as an id, or an entity
    carrying one) as one percent-encoded path segment, plus the problem with the first unusable
    id (``None`` when all are fine).

    >>> expand("/org/{org}/user/{user}", org="o 1", user="u/2")
    ('/org/o%201/user/u%2F2', None)
    """
    named: dict[str, str] = {}
    for name, value in ids.items():
        # An entity stands for its id; anything else is checked as an id (and refused if not).
        ident, problem = target_id(value, name) if hasattr(value, "id") else (value, None)
        problem = problem or segment_problem(ident, name)
        if problem is not None:
            return template, problem
        named[name] = ident
    return template.format(**{k: quote(v, safe="") for k, v in named.items()}), None


class Draft(NamedTuple):
    """A request and the first caller mistake seen building it: what :func:`build` gives, made
    a :class:`~mosaia.request.Call` by naming how its answer reads (``.one(Agent)``,
    ``.page(Agent)``, ``.nothing()``, ...), which are the typed constructors of ``Call``."""

    request: Request
    problem: str | None = None

    def one(self, item: type[E]) -> Call[E]:
        """See :meth:`Call.one <mosaia.request.Call.one>`."""
        return Call.one(self.request, item, self.problem)

    def page(self, item: type[E]) -> Call[Page[E]]:
        """See :meth:`Call.page <mosaia.request.Call.page>`."""
        return Call.page(self.request, item, self.problem)

    def first(self, item: type[E]) -> Call[E | None]:
        """See :meth:`Call.first <mosaia.request.Call.first>`."""
        return Call.first(self.request, item, self.problem)

    def nothing(self) -> Call[None]:
        """See :meth:`Call.nothing <mosaia.request.Call.nothing>`."""
        return Call.nothing(self.request, self.problem)

    def bare(self, item: type[E]) -> Call[E]:
        """See :meth:`Call.bare <mosaia.request.Call.bare>`."""
        return Call.bare(self.request, item, self.problem)

    def stream(self, item: type[E]) -> Call[E]:
        """See :meth:`Call.stream <mosaia.request.Call.stream>`."""
        return Call.stream(self.request, item, self.problem)

    def folded(self, item: type[F]) -> Call[F]:
        """See :meth:`Call.folded <mosaia.request.Call.folded>`."""
        return Call.folded(self.request, item, self.problem)


def build(
    method: str,
    path: str | tuple[str, str | None],
    *,
    params: Params = None,
    body: Body = None,
    fields: Mapping[str, Any] | None = None,
    auth: bool = True,
) -> Draft:
    """A request from its parts, with the first caller mistake (bad id, bad params, unencodable
    body) recorded rather than raised, so building never fails. ``path`` may come with the
    problem of the ids in it, as :func:`expand` gives it."""
    path_text, problem = (path, None) if isinstance(path, str) else path
    query = query_pairs(params)
    if isinstance(query, str):
        problem = problem or query
        query = ()
    payload: bytes | None = None
    # A DELETE carries a body only when one is given (sign-out's token, an access revoke).
    if method in ("POST", "PUT", "PATCH") or (method == "DELETE" and (body or fields)):
        encoded = encode_body(body, fields or {})
        if isinstance(encoded, str):
            problem = problem or encoded
        else:
            payload = encoded
    request = Request(method=method, path=path_text, query=query, body=payload, auth=auth)
    return Draft(request, problem)


#: The parents a collection can hang under, by keyword, and the path segment each one adds:
#: ``under(org="o1")`` is ``/org/o1``, ``under(item="i1")`` is ``/item/i1`` (a drive item).
PARENTS: dict[str, str] = {
    "org": "org",
    "user": "user",
    "agent": "agent",
    "app": "app",
    "model": "model",
    "tool": "tool",
    "client": "client",
    "drive": "drive",
    "item": "item",
    "index": "index",
    "log": "log",
    "task": "task",
    "plan": "plan",
}


def parent_prefix(parents: Mapping[str, Target | None]) -> tuple[str, str | None]:
    """The path prefix for ``parents`` (outermost first, as given; ``None`` values skipped),
    with the problem of the first unknown parent kind or unusable id.

    >>> parent_prefix({"org": "o1", "agent": "a 1", "user": None})
    ('/org/o1/agent/a%201', None)
    """
    prefix = ""
    for kind, parent in parents.items():
        if parent is None:
            continue
        segment = PARENTS.get(kind)
        if segment is None:
            known = ", ".join(sorted(PARENTS))
            return prefix, f"unknown parent {kind!r}; one of: {known}"
        ident, missing = target_id(parent, kind)
        if missing is not None:
            return prefix, missing
        path, problem = expand(f"/{segment}/{{id}}", id=ident)
        if problem is not None:
            return prefix, f"{kind}: {problem}"
        prefix += path
    return prefix, None


class Resource(Generic[E]):
    """A REST collection at ``path`` whose items decode into ``entity``.

    Its methods are the reference's standard operations; each returns a ``Call``. The same
    collection under a parent is :meth:`under` (``tasks.resource.under(agent="a1")``), the one
    way every nested or scoped collection is reached. A collection that exists only under a
    parent names it in ``needs``: until :meth:`under` supplies it, its calls are invalid."""

    def __init__(
        self,
        path: str,
        entity: type[E],
        *,
        problem: str | None = None,
        needs: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.entity = entity
        #: The parent kinds this collection must still be reached under (``("drive",)``).
        self.needs = needs
        self._fault = problem

    @property
    def problem(self) -> str | None:
        """Why this collection cannot be addressed (an unusable parent id, a parent it needs
        and lacks), or ``None``: every call built from it carries the problem, so running one
        fails with ``InvalidRequest`` and sends nothing."""
        if self._fault is not None or not self.needs:
            return self._fault
        first = self.needs[0]
        example = f"/{PARENTS[first]}/{{id}}{self.path}"
        return f"{self.path} is reached under a parent: use .under({first}=...), e.g. {example}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r}, {self.entity.__name__})"

    def under(self, **parents: Target | None) -> Self:
        """This collection under ``parents``, outermost first: ``under(org="o1", agent="a1")``
        on ``/task`` is ``/org/o1/agent/a1/task``. Calling it again adds outer prefixes, so
        prefixes stack. A parent given as ``None`` is skipped (``under(user=None, org="o1")``
        scopes by org); a parent may be given as an entity (``under(drive=drive)``); an unknown
        parent kind, an unusable id or an entity without one makes every call invalid."""
        prefix, problem = parent_prefix(parents)
        given = {kind for kind, ident in parents.items() if ident is not None}
        scoped = copy.copy(self)
        scoped.path = prefix + self.path
        scoped.needs = tuple(kind for kind in self.needs if kind not in given)
        scoped._fault = self._fault or problem
        return scoped

    def item(self, id: Target) -> tuple[str, str | None]:
        """The path of one item (``/R/{id}``; ``id`` may be an entity carrying one), with the
        problem if it is unusable."""
        ident, missing = target_id(id)
        path, problem = expand(self.path + "/{id}", id=ident)
        return path, self.problem or missing or problem

    def child(self, id: Target, sub: str, entity: type[T]) -> Resource[T]:
        """The collection nested under one item: ``/R/{id}{sub}`` (``/org/o1/user``)."""
        path, problem = self.item(id)
        return Resource(path + sub, entity, problem=problem)

    def get_all(self, params: Params = None) -> Call[Page[E]]:
        """GET ``/R``: one page of items, filtered and paged by ``params``
        (``limit``, ``offset``, ``search``, ``active``, ...)."""
        return build("GET", (self.path, self.problem), params=params).page(self.entity)

    def first(self, params: Params = None) -> Call[E | None]:
        """GET ``/R`` filtered by ``params``: the first item, or ``None`` when none matches."""
        return build("GET", (self.path, self.problem), params=params).first(self.entity)

    @overload
    def get(self, target: None = None, params: Params = None) -> Call[Page[E]]: ...

    @overload
    def get(self, target: Target, params: Params = None) -> Call[E]: ...

    def get(self, target: Target | None = None, params: Params = None) -> Call[Any]:
        """The seed's one-name fetch: ``get()`` lists (as :meth:`get_all`), ``get(id)`` or
        ``get(entity)`` fetches one (as :meth:`get_by_id`, with the entity's ``id``)."""
        if target is None:
            return self.get_all(params)
        ident = target if isinstance(target, str) else getattr(target, "id", None)
        if isinstance(ident, str):
            return self.get_by_id(ident, params)
        what = type(target).__name__
        problem = f"get() takes an id or an entity with an id; the {what} given has none"
        path, _ = self.item("")
        return build("GET", (path, problem), params=params).one(self.entity)

    def get_by_id(self, id: Target, params: Params = None) -> Call[E]:
        """GET ``/R/{id}``: one item (``id`` may be an entity carrying one)."""
        return build("GET", self.item(id), params=params).one(self.entity)

    def create(self, body: Body = None, /, **fields: Any) -> Call[E]:
        """POST ``/R``: create an item from ``body`` and/or keyword fields (keywords win)."""
        path = (self.path, self.problem)
        return build("POST", path, body=body, fields=fields).one(self.entity)

    def update(self, id: Target, body: Body = None, /, **fields: Any) -> Call[E]:
        """PUT ``/R/{id}``: change only the fields given."""
        return build("PUT", self.item(id), body=body, fields=fields).one(self.entity)

    def delete(self, id: Target, params: Params = None, *, force: bool | None = None) -> Call[None]:
        """DELETE ``/R/{id}``: a soft delete; ``force=True`` (or ``{"force": True}``) deletes
        for good."""
        call = build("DELETE", self.item(id), params=params).nothing()
        # The keyword wins over a `force` among the params.
        return call if force is None else call.replace_query(force=force)

    def batch_delete(
        self, ids: list[Target] | tuple[Target, ...], *, force: bool = False
    ) -> Call[BatchDeleteResult]:
        """POST ``/R/batch-delete`` with ``{"ids": [...]}`` (plus ``"delete": true`` when
        ``force``, a hard delete): each id is deleted on its own, the answer lists those deleted
        and those that failed; an entity stands for its id. An empty list, or an id that is
        not a non-empty string (an entity without one) is a caller mistake: the call is
        invalid and nothing is sent."""
        # Entities become their ids; one without an id stays, for _ids_problem to name.
        listed = [_id_or_self(t) for t in ids] if isinstance(ids, list | tuple) else ids
        body: dict[str, Any] = {"ids": listed}
        if force:
            body["delete"] = True
        path = (self.path + "/batch-delete", self.problem or _ids_problem(listed))
        return build("POST", path, body=body).bare(BatchDeleteResult)

    def like(self, id: Target) -> Call[E]:
        """POST ``/R/{id}/like`` with no body: toggles the caller's like; the answer is the
        item after the toggle."""
        path, problem = self.item(id)
        return build("POST", (path + "/like", problem)).one(self.entity)

    def grant_access(
        self,
        id: str,
        accessor: Accessor | Mapping[str, str],
        role: AccessRole,
        options: AccessOptions | Mapping[str, Any] | None = None,
    ) -> Call[AccessGrant]:
        """POST ``/R/{id}/access`` ``{accessor, role, options?}``: give ``accessor`` (a
        user, org member, agent or client, by id) ``role`` on the item; ``options`` say how
        far it cascades. A role outside :data:`ACCESS_ROLES` or an accessor naming no one is a
        caller mistake: nothing is sent."""
        path, problem = self.item(id)
        if role not in ACCESS_ROLES:
            problem = problem or f"role must be one of {', '.join(ACCESS_ROLES)}, got {role!r}"
        body: dict[str, Any] = {"accessor": accessor, "role": role}
        if options is not None:
            body["options"] = options
        where = (path + "/access", problem or _accessor_problem(accessor))
        return build("POST", where, body=body).bare(AccessGrant)

    def revoke_access(
        self, id: str, accessor: Accessor | Mapping[str, str]
    ) -> Call[AccessRevocation]:
        """DELETE ``/R/{id}/access`` with the JSON body ``{accessor}`` (one of the two DELETEs
        that carry a body): the accessor loses every permission on the item."""
        path, problem = self.item(id)
        where = (path + "/access", problem or _accessor_problem(accessor))
        return build("DELETE", where, body={"accessor": accessor}).bare(AccessRevocation)

    def list_access(self, id: str) -> Call[AccessList]:
        """GET ``/R/{id}/access``: who may reach the item, with their roles."""
        path, problem = self.item(id)
        return build("GET", (path + "/access", problem)).bare(AccessList)


#: The roles access is granted with, least to most (``CONTRIBUTOR`` on drives and folders).
ACCESS_ROLES: tuple[str, ...] = get_args(AccessRole)
_ACCESSOR_KINDS = ("user", "org_user", "agent", "client")


def _accessor_problem(accessor: object) -> str | None:
    # An accessor naming no one would be refused by the platform after the request was sent.
    if isinstance(accessor, msgspec.Struct):
        accessor = msgspec.to_builtins(accessor)
    if not isinstance(accessor, Mapping):
        return f"accessor must be an Accessor or a mapping, got {type(accessor).__name__}"
    named = [kind for kind in _ACCESSOR_KINDS if accessor.get(kind) is not None]
    if not named:
        return f"accessor names no one: set one of {', '.join(_ACCESSOR_KINDS)}"
    for kind in named:
        problem = segment_problem(accessor[kind], f"accessor.{kind}")
        if problem is not None:
            return problem
    return None


def _id_or_self(target: object) -> object:
    ident = getattr(target, "id", None)
    return ident if not isinstance(target, str) and isinstance(ident, str) else target


def _ids_problem(ids: object) -> str | None:
    # A bare string would be sent as one id per character by a careless list(); refuse it.
    if not isinstance(ids, list | tuple):
        return f"ids must be a list of ids, got {type(ids).__name__}"
    if not ids:
        return "ids is empty: batch delete needs at least one id"
    for index, ident in enumerate(ids):
        if not isinstance(ident, str) or not ident:
            return f"ids[{index}] must be a non-empty id (or an entity with one), got {ident!r}"
    return None
