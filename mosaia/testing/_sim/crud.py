"""The standard CRUD of a collection, as routes: one generic, stateful handler set parameterised
by a :class:`~mosaia.testing._sim.store.CollectionSpec`.

:func:`crud_routes` gives the five routes (list, create, get, update, delete) at the collection's
path and again below each of its mounts, so serving a new collection is declaring its spec. Below
a mount the handlers see only the parents' items, set the parent references on create and
update, and answer 404 when a parent does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer, error_answer
from mosaia.testing._sim.routing import Params, Route, SimRequest, body_object
from mosaia.testing._sim.store import CollectionSpec, Doc, Mount, ref_id
from mosaia.testing._sim.world import World


class View:
    """A collection as one route sees it: all of it, or the part below the parents a mount's
    path names (``where``: reference field -> the parent's id)."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None, params: Params) -> None:
        self.spec = spec
        self.mount = mount
        #: The references every document of this view carries (its parents), if any.
        self.where = {} if mount is None else {f: params[f] for f in mount.fields}

    def missing_parent(self, sim: World) -> HttpResponse | None:
        """The 404 for the first parent item that does not exist, else ``None``."""
        parents = {} if self.mount is None else self.mount.parents
        for field, path in parents.items():
            collection = sim.collection(path)
            if self.where[field] not in collection.docs:
                return not_found(collection.spec, self.where[field])
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
    body.update(view.where)
    spec = view.spec
    absent = [f for f in spec.required if body.get(f) in (None, "")]
    if absent:
        message = f"{spec.entity}: missing required {', '.join(absent)}"
        return error_answer(400, code="VALIDATION_ERROR", message=message)
    key = view.mount.key if view.mount is not None else None
    if key is not None and view.find(sim, str(ref_id(body[key]))) is not None:
        message = f"{spec.entity} for {key} already exists"
        return error_answer(409, code="CONFLICT", message=message)
    return data_answer(sim.insert(spec.path, body))


def update_doc(sim: World, view: View, id: str, request: SimRequest) -> HttpResponse:
    """PUT ``/R/{id}``: merge the given fields (never the id or the parent references)."""
    doc = located(sim, view, id)
    if isinstance(doc, HttpResponse):
        return doc
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    body.pop("id", None)
    body.update(view.where)
    updated: Doc = {**doc, **body, "updated_at": sim.now_iso()}
    sim.collection(view.spec.path).docs[doc["id"]] = updated
    return data_answer(updated)


def delete_doc(sim: World, view: View, id: str, request: SimRequest) -> HttpResponse:
    """DELETE ``/R/{id}``: soft (``active: false``) unless ``force=true``; answers 204."""
    doc = located(sim, view, id)
    if isinstance(doc, HttpResponse):
        return doc
    docs = sim.collection(view.spec.path).docs
    if request.query.get("force", ["false"])[-1] == "true":
        del docs[doc["id"]]
    else:
        docs[doc["id"]] = {**doc, "active": False, "updated_at": sim.now_iso()}
    return HttpResponse(status=204)


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
    return (
        Route("GET", path, crud.list),
        Route("POST", path, crud.create),
        Route("GET", item, crud.get),
        Route("PUT", item, crud.update),
        Route("DELETE", item, crud.delete),
    )


def crud_routes(specs: Iterable[CollectionSpec]) -> tuple[Route, ...]:
    """The standard CRUD routes of every collection in ``specs``: at its path (unless it is a
    storage name only, ``served=False``) and at each of its mounts."""
    routes: list[Route] = []
    for spec in specs:
        if spec.served:
            routes += _at(spec.path, _Crud(spec, None))
        for mount in spec.mounts:
            routes += _at(mount.template, _Crud(spec, mount))
    return tuple(routes)
