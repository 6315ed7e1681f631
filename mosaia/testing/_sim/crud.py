"""The standard CRUD of a collection, as routes: one generic, stateful handler set parameterised
by a :class:`~mosaia.testing._sim.store.CollectionSpec`.

:func:`crud_routes` gives the five routes (list, create, get, update, delete) at the collection's
path and again below each of its mounts, so serving a new collection is declaring its spec. Below
a mount the handlers see only the parents' items, set the parent references on create and
update, and answer 404 when a parent does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer, error_answer
from mosaia.testing._sim.routing import Params, Route, SimRequest, body_object
from mosaia.testing._sim.store import CollectionSpec, Doc, Mount, ref_id
from mosaia.testing._sim.world import World

#: Where the activity rows are kept (the audit trail of the ``audited`` collections).
ACTIVITY = "/activity"


class View:
    """A collection as one route sees it: all of it, or the part below the parents a mount's
    path names (``where``: reference field -> the parent's id)."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None, params: Params) -> None:
        self.spec = spec
        self.mount = mount
        #: The references a document made or changed here gets (every parent the path names).
        self.sets = {} if mount is None else {f: params[f] for f in mount.fields}
        #: The reference the documents of this view are selected by (the innermost parent).
        self.where = {} if mount is None else {mount.filter_field: params[mount.filter_field]}

    def missing_parent(self, sim: World) -> HttpResponse | None:
        """The 404 for the first parent item that does not exist, or is not the outer
        parent's (``/org/{o}/agent/{a}``: ``a`` must be ``o``'s agent), else ``None``."""
        parents = {} if self.mount is None else self.mount.parents
        outer: str | None = None
        for field, path in parents.items():
            collection = sim.collection(path)
            doc = collection.docs.get(self.sets[field])
            if doc is None or (outer is not None and ref_id(doc.get(outer)) != self.sets[outer]):
                return not_found(collection.spec, self.sets[field])
            outer = field
        return None

    def find(self, sim: World, id: str) -> Doc | None:
        """The document ``id`` addresses in this view."""
        key = self.mount.key if self.mount is not None else None
        return sim.collection(self.spec.path).find(id, where=self.where, key=key)


def not_found(spec: CollectionSpec, id: str) -> HttpResponse:
    """The API's answer for an unknown id."""
    return error_answer(
        404, code=f"{spec.entity.upper()}_NOT_FOUND", message=f"{spec.entity} {id!r} not found"
    )


def list_docs(sim: World, view: View, request: SimRequest) -> HttpResponse:
    """GET ``/R``: a page of documents with ``paging``."""
    missing = view.missing_parent(sim)
    if missing is not None:
        return missing
    listed = sim.collection(view.spec.path).list(request.query, view.where)
    if isinstance(listed, str):
        return error_answer(400, code="INVALID_QUERY", message=listed)
    page, paging = listed
    return data_answer(page, paging=paging)


def located(sim: World, view: View, id: str) -> Doc | HttpResponse:
    """The document ``id`` addresses in ``view``, or the 404 saying which part is missing."""
    missing = view.missing_parent(sim)
    if missing is not None:
        return missing
    doc = view.find(sim, id)
    return not_found(view.spec, id) if doc is None else doc


def invalid(spec: CollectionSpec, body: dict[str, Any]) -> HttpResponse | None:
    """The 400 for a body that does not convert to the collection's entity Struct (the
    message names the field: ``Expected `str`, got `int` - at `$.name```), else ``None``."""
    if spec.struct is None:
        return None
    try:
        msgspec.convert(body, spec.struct, strict=True)
    except msgspec.ValidationError as exc:
        message = f"{spec.entity}: {exc}"
        return error_answer(400, code="VALIDATION_ERROR", message=message)
    return None


def record(sim: World, spec: CollectionSpec, operation: str, doc: Doc) -> None:
    """Append the activity row for ``operation`` on ``doc`` when ``spec`` is audited."""
    if not spec.audited:
        return
    row: Doc = {"id": sim.new_id()}
    for owner in ("user", "org"):
        if doc.get(owner) is not None:
            row[owner] = ref_id(doc[owner])
    row.update(
        resource=spec.entity,
        resource_id=doc["id"],
        operation=operation,
        payload=dict(doc),
        created_at=sim.now_iso(),
    )
    sim.collection(ACTIVITY).docs[row["id"]] = row


def get_doc(sim: World, view: View, id: str) -> HttpResponse:
    """GET ``/R/{id}``."""
    doc = located(sim, view, id)
    return doc if isinstance(doc, HttpResponse) else data_answer(doc)


def create_doc(sim: World, view: View, request: SimRequest) -> HttpResponse:
    """POST ``/R``: validate required fields, store, answer the stored document. Below a mount
    the parent references come from the path, and a mount's ``key`` must be new there."""
    missing = view.missing_parent(sim)
    if missing is not None:
        return missing
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    body.update(view.sets)
    spec = view.spec
    absent = spec.absent(body)
    if absent:
        message = f"{spec.entity}: missing required {', '.join(absent)}"
        return error_answer(400, code="VALIDATION_ERROR", message=message)
    wrong = invalid(spec, body)
    if wrong is not None:
        return wrong
    key = view.mount.key if view.mount is not None else None
    if key is not None and view.find(sim, str(ref_id(body[key]))) is not None:
        message = f"{spec.entity} for {key} already exists"
        return error_answer(409, code="CONFLICT", message=message)
    stored = sim.insert(spec.path, body)
    record(sim, spec, "create", stored)
    return data_answer(stored)


def update_doc(sim: World, view: View, id: str, request: SimRequest) -> HttpResponse:
    """PUT ``/R/{id}``: merge the given fields (never the id or the parent references)."""
    doc = located(sim, view, id)
    if isinstance(doc, HttpResponse):
        return doc
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    body.pop("id", None)
    body.update(view.sets)
    wrong = invalid(view.spec, body)
    if wrong is not None:
        return wrong
    updated: Doc = {**doc, **body, "updated_at": sim.now_iso()}
    sim.collection(view.spec.path).docs[doc["id"]] = updated
    record(sim, view.spec, "update", updated)
    return data_answer(updated)


def delete_doc(sim: World, view: View, id: str, request: SimRequest) -> HttpResponse:
    """DELETE ``/R/{id}``: soft (``active: false``) unless ``force=true``; answers 204."""
    doc = located(sim, view, id)
    if isinstance(doc, HttpResponse):
        return doc
    remove(sim, view.spec, doc, hard=request.query.get("force", ["false"])[-1] == "true")
    return HttpResponse(status=204)


def remove(sim: World, spec: CollectionSpec, doc: Doc, *, hard: bool) -> None:
    """Delete ``doc``: gone when ``hard``, else kept with ``active: false``; audited."""
    docs = sim.collection(spec.path).docs
    if hard:
        del docs[doc["id"]]
    else:
        docs[doc["id"]] = {**doc, "active": False, "updated_at": sim.now_iso()}
    record(sim, spec, "delete", doc)


class _Crud:
    """The five handlers of one collection at one path (its own, or a mount's)."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None) -> None:
        self.spec = spec
        self.mount = mount

    def _view(self, params: Params) -> View:
        return View(self.spec, self.mount, params)

    def list(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return list_docs(sim, self._view(params), request)

    def create(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return create_doc(sim, self._view(params), request)

    def get(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return get_doc(sim, self._view(params), params["id"])

    def update(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return update_doc(sim, self._view(params), params["id"], request)

    def delete(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        return delete_doc(sim, self._view(params), params["id"], request)


def _at(path: str, crud: _Crud) -> tuple[Route, ...]:
    item = path + "/{id}"
    reading = (Route("GET", path, crud.list), Route("GET", item, crud.get))
    if crud.spec.read_only:
        return reading
    return (
        *reading,
        Route("POST", path, crud.create),
        Route("PUT", item, crud.update),
        Route("DELETE", item, crud.delete),
    )


def crud_routes(specs: Iterable[CollectionSpec]) -> tuple[Route, ...]:
    """The standard CRUD routes of every collection in ``specs``: at its path (unless it is a
    storage name only, ``served=False``), at its aliases and at each of its mounts."""
    routes: list[Route] = []
    for spec in specs:
        paths = [spec.path] if spec.served else []
        for path in (*paths, *spec.aliases):
            routes += _at(path, _Crud(spec, None))
        for mount in spec.mounts:
            routes += _at(mount.template, _Crud(spec, mount))
    return tuple(routes)


def mounted_paths(spec: CollectionSpec) -> list[tuple[str, Mount | None]]:
    """Every path ``spec`` is served at, with the mount it is served through (for the
    operations that live beside the CRUD: batch delete)."""
    own: list[tuple[str, Mount | None]] = [(spec.path, None)] if spec.served else []
    own += [(alias, None) for alias in spec.aliases]
    return own + [(mount.template, mount) for mount in spec.mounts]
