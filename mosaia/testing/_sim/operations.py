"""The platform's operations beyond CRUD (section 2.6 of ``platform-2026.md``): batch delete,
like toggles, agent forks, cross-collection search, scopes, SSO, e-mail notifications and org
member sessions. Each acts on the same collections the CRUD routes serve."""

from __future__ import annotations

from typing import Any

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer, error_answer, json_answer
from mosaia.testing._sim.crud import View, invalid, mounted_paths, not_found, record, remove
from mosaia.testing._sim.resources import COLLECTIONS, MEMBERS, SESSION_SECONDS
from mosaia.testing._sim.routing import Params, Route, SimRequest, body_object
from mosaia.testing._sim.store import CollectionSpec, Doc, Mount
from mosaia.testing._sim.world import World

SPECS = {spec.path: spec for spec in COLLECTIONS}

#: The collections a batch delete is served for (at each of their paths and mounts).
BATCH_DELETED = ("/agent", "/log", "/task", "/plan", "/drive/{drive}/item")

#: What ``GET /search`` looks through: ``search_types`` value -> (collection, answer key).
SEARCHABLE = {
    "agent": ("/agent", "agents"),
    "app": ("/app", "apps"),
    "tool": ("/tool", "tools"),
    "model": ("/model", "models"),
}

#: The OAuth scopes ``GET /scope`` lists.
SCOPES = (
    {"id": "scope-read", "name": "read", "description": "Read the caller's resources"},
    {"id": "scope-write", "name": "write", "description": "Create and change resources"},
    {"id": "scope-chat", "name": "chat", "description": "Chat with agents and models"},
)


def _invalid(message: str) -> HttpResponse:
    return error_answer(400, code="VALIDATION_ERROR", message=message)


class _BatchDelete:
    """``POST {R}/batch-delete`` for one collection at one of its paths."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None) -> None:
        self.spec = spec
        self.mount = mount

    def __call__(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        view = View(self.spec, self.mount, params)
        missing = view.missing_parent(sim)
        if missing is not None:
            return missing
        body = body_object(request)
        if isinstance(body, HttpResponse):
            return body
        ids = body.get("ids")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            return _invalid("ids must be a non-empty list of ids")
        hard = body.get("delete") is True
        deleted: list[str] = []
        failed: list[dict[str, str]] = []
        # Each id on its own: one unknown id does not stop the others.
        for id in ids:
            doc = view.find(sim, id)
            if doc is None:
                failed.append({"id": id, "error": f"{self.spec.entity} not found"})
                continue
            remove(sim, self.spec, doc, hard=hard)
            deleted.append(id)
        return data_answer({"deleted": deleted, "failed": failed})


def _batch_routes() -> tuple[Route, ...]:
    return tuple(
        Route("POST", f"{path}/batch-delete", _BatchDelete(SPECS[spec_path], mount))
        for spec_path in BATCH_DELETED
        for path, mount in mounted_paths(SPECS[spec_path])
    )


class _Like:
    """``POST /{kind}/{id}/like``: toggles the caller's like (``liked``) and the ``likes``
    count, answering the entity after the toggle."""

    def __init__(self, spec: CollectionSpec) -> None:
        self.spec = spec

    def __call__(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        docs = sim.collection(self.spec.path).docs
        doc = docs.get(params["id"])
        if doc is None:
            return not_found(self.spec, params["id"])
        liked = not doc.get("liked", False)
        likes = max(int(doc.get("likes") or 0) + (1 if liked else -1), 0)
        updated: Doc = {**doc, "liked": liked, "likes": likes, "updated_at": sim.now_iso()}
        docs[doc["id"]] = updated
        record(sim, self.spec, "update", updated)
        return data_answer(updated)


#: Fields a fork does not copy: the new agent's own identity, stamps and likes.
_NOT_COPIED = ("id", "created_at", "updated_at", "record_history", "liked", "likes", "forked")


def fork(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``POST /agent/{id}/fork``: a new agent copied from ``id``, the body's fields overriding
    the copy, with ``forked: {from, created_at}``."""
    spec = SPECS["/agent"]
    source = sim.collection("/agent").docs.get(params["id"])
    if source is None:
        return not_found(spec, params["id"])
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    wrong = invalid(spec, body)
    if wrong is not None:
        return wrong
    copy = {k: v for k, v in source.items() if k not in _NOT_COPIED}
    copy.update({k: v for k, v in body.items() if k not in _NOT_COPIED})
    copy["forked"] = {"from": source["id"], "created_at": sim.now_iso()}
    stored = sim.insert("/agent", copy)
    record(sim, spec, "create", stored)
    return data_answer(stored)


def search(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``GET /search?q=&search_types=agent,app&limit=``: matches per kind, each with paging."""
    wanted = [
        kind
        for value in (*request.query.get("search_types", ()), *request.query.get("search_type", ()))
        for kind in value.split(",")
        if kind
    ] or list(SEARCHABLE)
    unknown = [kind for kind in wanted if kind not in SEARCHABLE]
    if unknown:
        return _invalid(f"search_types: unknown {', '.join(unknown)}")
    query: dict[str, list[str]] = {
        k: request.query[k] for k in ("q", "limit", "offset") if k in request.query
    }
    found: dict[str, Any] = {}
    paging: dict[str, Any] = {}
    for kind in dict.fromkeys(wanted):
        path, key = SEARCHABLE[kind]
        listed = sim.collection(path).list({**query, "active": ["true"]})
        if isinstance(listed, str):
            return error_answer(400, code="INVALID_QUERY", message=listed)
        found[key], paging[key] = listed
    return json_answer(200, {"data": found, "paging": paging})


def scopes(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``GET /scope``: the OAuth scopes a client may ask for."""
    return data_answer({"scopes": list(SCOPES)})


def _issue(sim: World) -> str:
    token = f"sess-{sim.new_id()}"
    sim.tokens[token] = sim.clock() + SESSION_SECONDS
    return token


def sso(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``POST /sso`` ``{mosaia_user: {id}, oauth_account: {type, provider}}``: a bearer token
    acting as that user."""
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    user = body.get("mosaia_user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        return _invalid("mosaia_user.id is required")
    if user["id"] not in sim.collection("/user").docs:
        return not_found(SPECS["/user"], user["id"])
    return data_answer({"token": _issue(sim), "type": "Bearer"})


def notify_email(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """``POST /notify/email`` ``{to, subject, text | html}``: the mail is kept in
    ``sim.outbox`` (nothing is sent) and answered with its ``messageId``."""
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    for field in ("to", "subject"):
        if not isinstance(body.get(field), str | list) or not body.get(field):
            return _invalid(f"{field} is required")
    if not any(isinstance(body.get(f), str) for f in ("text", "html")):
        return _invalid("text or html is required")
    message_id = f"msg-{sim.new_id()}"
    sim.outbox.append({**body, "messageId": message_id})
    return data_answer({"success": True, "messageId": message_id})


class _MemberSession:
    """``GET /org/{org}/user/{id}/session`` (or ``/user/{user}/org/{id}/session``): a bearer
    token acting as that org member."""

    def __init__(self, mount: Mount) -> None:
        self.mount = mount

    def __call__(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        view = View(SPECS[MEMBERS], self.mount, params)
        missing = view.missing_parent(sim)
        if missing is not None:
            return missing
        if view.find(sim, params["id"]) is None:
            return not_found(SPECS[MEMBERS], params["id"])
        token = _issue(sim)
        return data_answer(
            {"access_token": token, "token_type": "Bearer", "expires_in": int(SESSION_SECONDS)}
        )


#: The operation routes, for the simulator's route table.
ROUTES = (
    *_batch_routes(),
    *(Route("POST", f"{path}/{{id}}/like", _Like(SPECS[path])) for path, _ in SEARCHABLE.values()),
    Route("POST", "/agent/{id}/fork", fork),
    Route("GET", "/search", search),
    Route("GET", "/scope", scopes),
    Route("POST", "/sso", sso),
    Route("POST", "/notify/email", notify_email),
    *(
        Route("GET", f"{mount.template}/{{id}}/session", _MemberSession(mount))
        for mount in SPECS[MEMBERS].mounts
    ),
)
