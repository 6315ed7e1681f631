"""Standard CRUD for every collection the simulator serves, generated from declarations.

Adding a resource to the simulator is one :class:`CollectionSpec` in :data:`SPECS`."""

from __future__ import annotations

from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing.sim.core import (
    COLLECTIONS,
    ROUTES,
    Route,
    SimRequest,
    Simulator,
    error_response,
    json_response,
)
from mosaia.testing.sim.store import CollectionSpec, Doc

SPECS = [
    CollectionSpec(
        "/agent",
        "agent",
        required=("name", "short_description"),
        filters=("org", "user"),
    ),
]


def not_found(spec: CollectionSpec, id: str) -> HttpResponse:
    """The API's answer for an unknown id."""
    return error_response(
        404, f"{spec.entity.upper()}_NOT_FOUND", f"{spec.entity} {id!r} not found"
    )


def body_object(request: SimRequest) -> dict[str, Any] | HttpResponse:
    """The JSON object body, or the 400 answer explaining why there is none."""
    try:
        body = request.json()
    except msgspec.DecodeError as exc:
        return error_response(400, "INVALID_JSON", f"body is not JSON: {exc}")
    if body is None:
        return {}
    if not isinstance(body, dict):
        return error_response(400, "INVALID_BODY", "body must be a JSON object")
    return body


def list_docs(sim: Simulator, spec: CollectionSpec, request: SimRequest) -> HttpResponse:
    """GET ``/R``: a page of documents with ``paging``."""
    listed = sim.collection(spec.path).list(request.query)
    if isinstance(listed, str):
        return error_response(400, "INVALID_QUERY", listed)
    page, paging = listed
    return json_response(200, {"data": page, "paging": paging})


def get_doc(sim: Simulator, spec: CollectionSpec, id: str) -> HttpResponse:
    """GET ``/R/{id}``."""
    doc = sim.collection(spec.path).docs.get(id)
    return not_found(spec, id) if doc is None else json_response(200, {"data": doc})


def create_doc(sim: Simulator, spec: CollectionSpec, request: SimRequest) -> HttpResponse:
    """POST ``/R``: validate required fields, store, answer the stored document."""
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    missing = [f for f in spec.required if body.get(f) in (None, "")]
    if missing:
        return error_response(
            400, "VALIDATION_ERROR", f"{spec.entity}: missing required {', '.join(missing)}"
        )
    return json_response(200, {"data": sim.insert(spec.path, body)})


def update_doc(sim: Simulator, spec: CollectionSpec, id: str, request: SimRequest) -> HttpResponse:
    """PUT ``/R/{id}``: merge the given fields."""
    docs = sim.collection(spec.path).docs
    if id not in docs:
        return not_found(spec, id)
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    body.pop("id", None)
    updated: Doc = {**docs[id], **body, "updated_at": sim.now_iso()}
    docs[id] = updated
    return json_response(200, {"data": updated})


def delete_doc(sim: Simulator, spec: CollectionSpec, id: str, request: SimRequest) -> HttpResponse:
    """DELETE ``/R/{id}``: soft (``active: false``) unless ``force=true``; answers 204."""
    docs = sim.collection(spec.path).docs
    if id not in docs:
        return not_found(spec, id)
    if request.query.get("force", ["false"])[-1] == "true":
        del docs[id]
    else:
        docs[id] = {**docs[id], "active": False, "updated_at": sim.now_iso()}
    return HttpResponse(status=204)


def register(spec: CollectionSpec) -> None:
    """Serve ``spec``'s collection with the standard CRUD routes."""
    COLLECTIONS.append(spec)
    item = spec.path + "/{id}"
    ROUTES.extend(
        [
            Route("GET", spec.path, lambda sim, req, p: list_docs(sim, spec, req)),
            Route("POST", spec.path, lambda sim, req, p: create_doc(sim, spec, req)),
            Route("GET", item, lambda sim, req, p: get_doc(sim, spec, p["id"])),
            Route("PUT", item, lambda sim, req, p: update_doc(sim, spec, p["id"], req)),
            Route("DELETE", item, lambda sim, req, p: delete_doc(sim, spec, p["id"], req)),
        ]
    )


for _spec in SPECS:
    register(_spec)
