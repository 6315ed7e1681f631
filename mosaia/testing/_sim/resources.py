"""Standard CRUD for every collection the simulator serves, generated from declarations.

Adding a resource to the simulator is one :class:`CollectionSpec` in :data:`SPECS`; serving it
somewhere else too (tools below a user, members below an org) is one :class:`Mount` on it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from mosaia.http import HttpResponse
from mosaia.testing._sim.core import (
    COLLECTIONS,
    ROUTES,
    Route,
    SimRequest,
    Simulator,
    error_response,
    json_response,
    route,
)
from mosaia.testing._sim.store import CollectionSpec, Doc, Mount, ref_id

# Every list takes `search`, `q`, `active`, `public`, `tags` and `external_id` (see the store);
# `search_type`/`search_types` are accepted and, having no meaning the reference defines,
# narrow nothing. The filters below are the per-resource equality filters on references.
_OWNED = ("org", "user")

#: Org members exist only below their org, addressed by the member's user id.
MEMBERS = "/org/{org}/user"

SPECS = [
    CollectionSpec("/user", "user", required=("email",), filters=_OWNED),
    CollectionSpec("/org", "organization", required=("name",)),
    CollectionSpec(
        MEMBERS,
        "org_user",
        required=("user", "permission"),
        filters=("user", "permission"),
        mounts=(Mount("/org/{parent}/user", "org", parent="/org", key="user"),),
        served=False,
    ),
    CollectionSpec("/agent", "agent", required=("name", "short_description"), filters=_OWNED),
    CollectionSpec("/group", "agent_group", required=("name", "short_description"), filters=_OWNED),
    CollectionSpec(
        "/model",
        "model",
        required=("name", "short_description", "provider", "model_id"),
        filters=(*_OWNED, "provider"),
    ),
    CollectionSpec("/client", "client", required=("name", "client_id"), filters=_OWNED),
    CollectionSpec("/billing/wallet", "wallet", required=("balance", "currency"), filters=_OWNED),
    CollectionSpec(
        "/billing/meter", "meter", required=("type", "value"), filters=(*_OWNED, "type")
    ),
    CollectionSpec(
        "/iam/policy", "access_policy", required=("name", "effect", "actions", "resources")
    ),
    CollectionSpec(
        "/iam/permission",
        "org_permission",
        required=("org", "policy"),
        filters=(*_OWNED, "client", "policy"),
    ),
    CollectionSpec(
        "/user/permission",
        "user_permission",
        required=("user", "client", "policy"),
        filters=("user", "client", "policy"),
    ),
    CollectionSpec("/app", "app", required=("name", "short_description"), filters=_OWNED),
    CollectionSpec(
        "/tool",
        "tool",
        required=("short_description", "tool_schema"),
        filters=(*_OWNED, "name"),
        mounts=(
            Mount("/user/{parent}/tool", "user", parent="/user"),
            Mount("/org/{parent}/tool", "org", parent="/org"),
        ),
    ),
    CollectionSpec(
        "/bot",
        "app_bot",
        required=("app", "response_url"),
        filters=(*_OWNED, "app", "agent", "agent_group"),
    ),
]


class View:
    """A collection as one route sees it: all of it, or the part below one parent (a mount)."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None = None, parent: str = "") -> None:
        self.spec = spec
        self.mount = mount
        self.parent = parent

    def missing_parent(self, sim: Simulator) -> HttpResponse | None:
        """The 404 for a mount whose parent item does not exist, else ``None``."""
        if self.mount is None or self.mount.parent is None:
            return None
        parents = sim.collection(self.mount.parent)
        return None if self.parent in parents.docs else not_found(parents.spec, self.parent)

    def find(self, sim: Simulator, id: str) -> Doc | None:
        """The document ``id`` addresses in this view."""
        return sim.collection(self.spec.path).find(id, self.mount, self.parent)

    def where(self) -> dict[str, str]:
        """The reference every document of this view carries (its parent), if any."""
        return {} if self.mount is None else {self.mount.field: self.parent}


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


def list_docs(sim: Simulator, view: View, request: SimRequest) -> HttpResponse:
    """GET ``/R``: a page of documents with ``paging``."""
    missing = view.missing_parent(sim)
    if missing is not None:
        return missing
    listed = sim.collection(view.spec.path).list(request.query, view.where())
    if isinstance(listed, str):
        return error_response(400, "INVALID_QUERY", listed)
    page, paging = listed
    return json_response(200, {"data": page, "paging": paging})


def located(sim: Simulator, view: View, id: str) -> Doc | HttpResponse:
    """The document ``id`` addresses in ``view``, or the 404 saying which part is missing."""
    missing = view.missing_parent(sim)
    if missing is not None:
        return missing
    doc = view.find(sim, id)
    return not_found(view.spec, id) if doc is None else doc


def get_doc(sim: Simulator, view: View, id: str) -> HttpResponse:
    """GET ``/R/{id}``."""
    doc = located(sim, view, id)
    return doc if isinstance(doc, HttpResponse) else json_response(200, {"data": doc})


def create_doc(sim: Simulator, view: View, request: SimRequest) -> HttpResponse:
    """POST ``/R``: validate required fields, store, answer the stored document. Below a mount
    the parent reference comes from the path, and a mount's ``key`` must be new there."""
    missing = view.missing_parent(sim)
    if missing is not None:
        return missing
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    body.update(view.where())
    spec = view.spec
    absent = [f for f in spec.required if body.get(f) in (None, "")]
    if absent:
        return error_response(
            400, "VALIDATION_ERROR", f"{spec.entity}: missing required {', '.join(absent)}"
        )
    key = view.mount.key if view.mount is not None else None
    if key is not None and view.find(sim, str(ref_id(body[key]))) is not None:
        return error_response(409, "CONFLICT", f"{spec.entity} for {key} already exists")
    return json_response(200, {"data": sim.insert(spec.path, body)})


def update_doc(sim: Simulator, view: View, id: str, request: SimRequest) -> HttpResponse:
    """PUT ``/R/{id}``: merge the given fields (never the id or the parent reference)."""
    doc = located(sim, view, id)
    if isinstance(doc, HttpResponse):
        return doc
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    body.pop("id", None)
    body.update(view.where())
    updated: Doc = {**doc, **body, "updated_at": sim.now_iso()}
    sim.collection(view.spec.path).docs[doc["id"]] = updated
    return json_response(200, {"data": updated})


def delete_doc(sim: Simulator, view: View, id: str, request: SimRequest) -> HttpResponse:
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


def serve_view(path: str, spec: CollectionSpec, mount: Mount | None = None) -> None:
    """Serve the standard CRUD routes at ``path`` (which holds ``{parent}`` under a mount)."""

    def view(params: dict[str, str]) -> View:
        return View(spec, mount, params.get("parent", ""))

    item = path + "/{id}"
    ROUTES.extend(
        [
            Route("GET", path, lambda sim, req, p: list_docs(sim, view(p), req)),
            Route("POST", path, lambda sim, req, p: create_doc(sim, view(p), req)),
            Route("GET", item, lambda sim, req, p: get_doc(sim, view(p), p["id"])),
            Route("PUT", item, lambda sim, req, p: update_doc(sim, view(p), p["id"], req)),
            Route("DELETE", item, lambda sim, req, p: delete_doc(sim, view(p), p["id"], req)),
        ]
    )


def register(spec: CollectionSpec) -> None:
    """Serve ``spec``'s collection with the standard CRUD routes, at its path and mounts."""
    COLLECTIONS.append(spec)
    if spec.served:
        serve_view(spec.path, spec)
    for mount in spec.mounts:
        serve_view(mount.template, spec, mount)


for _spec in SPECS:
    register(_spec)


#: How long a ``/user/{id}/session`` token is accepted, in seconds.
SESSION_SECONDS = 3600.0


@route("GET", "/user/{id}/session")
def user_session(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """GET ``/user/{id}/session``: a fresh bearer token acting as that user."""
    users = sim.collection("/user")
    if params["id"] not in users.docs:
        return not_found(users.spec, params["id"])
    token = f"sess-{sim.new_id()}"
    sim.tokens[token] = sim.clock() + SESSION_SECONDS
    return json_response(200, {"data": {"token": token}})
