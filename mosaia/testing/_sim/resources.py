"""The collections the simulator serves, declared: one :class:`CollectionSpec` each, with the
standard CRUD of :mod:`mosaia.testing._sim.crud` at its path and at its mounts.

Adding a resource is one entry in :data:`COLLECTIONS`; serving it below parents too is a mount
template on it, each ``{field}`` naming the reference the parent sets::

    CollectionSpec("/task", "task", required=("name",), mounts=("/agent/{agent}/task",)),

serves ``/task`` and ``/agent/{agent}/task`` (an agent's tasks, 404 for an unknown agent).
"""

from __future__ import annotations

from typing import Any

from mosaia import types as t
from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer
from mosaia.testing._sim.crud import crud_routes, not_found
from mosaia.testing._sim.routing import Params, Route, SimRequest
from mosaia.testing._sim.store import CollectionSpec, Mount
from mosaia.testing._sim.world import World

# Every list takes `search`, `q`, `active`, `public`, `tags` (repeated or comma-joined) and
# `external_id` (see the store); `search_type`/`search_types` narrow nothing on a collection
# (GET /search reads them). The filters below are the per-resource equality filters.
_OWNED = ("org", "user")

#: Org members exist only below their org, addressed by the member's user id; the same
#: memberships are a user's, below the user, addressed by the org's id.
MEMBERS = "/org/{org}/user"
DRIVE_ITEMS = "/drive/{drive}/item"
UPLOADS = "/drive/{drive}/upload"
AGENT_TOOLS = "/agent/{agent}/tool"
MESSAGES = "/log/{log}/message"
VECTORS = "/index/{index}/vector"


def scoped(path: str, *, user: bool = True) -> tuple[str, ...]:
    """``path`` below an org (and a user): the platform's scope is chosen by the prefix."""
    return (f"/org/{{org}}{path}", f"/user/{{user}}{path}") if user else (f"/org/{{org}}{path}",)


def stacked(template: str) -> tuple[str, ...]:
    """``template`` (below an agent, app or drive) and again below that parent's org and user
    mounts: prefixes stack (``/org/{org}/agent/{agent}/task``)."""
    return (template, *scoped(template))


def _spec(path: str, entity: str, struct: type[Any], **options: Any) -> CollectionSpec:
    return CollectionSpec(path, entity, struct=struct, **options)


#: The collections the platform added since July 2025 (drives, vector indexes, agent work,
#: the audit trail, agent tools, connectors, webhooks), at every mount of its reference.
PLATFORM_2026 = (
    _spec(
        "/drive",
        "drive",
        t.Drive,
        required=("name",),
        filters=_OWNED,
        mounts=scoped("/drive"),
        audited=True,
    ),
    _spec(
        DRIVE_ITEMS,
        "drive_item",
        t.DriveItem,
        required=("drive", "name"),
        filters=("drive", "mime_type", "path", "item_type", "parent_folder"),
        mounts=stacked(DRIVE_ITEMS),
        served=False,
        audited=True,
    ),
    _spec(
        UPLOADS,
        "upload_job",
        t.UploadJob,
        required=("drive", "name"),
        filters=("drive", "status"),
        mounts=(UPLOADS,),
        served=False,
    ),
    _spec(
        "/index",
        "vector_index",
        t.VectorIndex,
        filters=(*_OWNED, "drive", "folder", "status"),
        mounts=(
            *stacked("/drive/{drive}/index"),
            Mount(
                "/drive/{drive}/item/{folder}/index",
                parents={"drive": "/drive", "folder": DRIVE_ITEMS},
            ),
            *scoped("/index"),
            "/app/{app}/index",
        ),
        audited=True,
    ),
    _spec(
        VECTORS,
        "vector",
        t.Vector,
        required=("index", "embedding"),
        filters=("index", "file"),
        mounts=(VECTORS,),
        served=False,
    ),
    _spec(
        "/log",
        "log",
        t.Log,
        filters=(*_OWNED, "agent", "status"),
        mounts=stacked("/agent/{agent}/log"),
    ),
    _spec(
        MESSAGES,
        "message",
        t.Message,
        required=("log",),
        filters=("log", "role", "type"),
        mounts=(MESSAGES,),
        served=False,
    ),
    _spec(
        "/snapshot",
        "snapshot",
        t.Snapshot,
        required=("source", "data"),
        filters=(*_OWNED, "source", "type"),
        mounts=(Mount("/log/{source}/snapshot", parents={"source": "/log"}),),
    ),
    _spec(
        "/task",
        "task",
        t.Task,
        required=("content",),
        filters=(*_OWNED, "agent", "plan", "status"),
        mounts=stacked("/agent/{agent}/task"),
        audited=True,
    ),
    _spec(
        "/plan",
        "plan",
        t.Plan,
        required=("content",),
        filters=(*_OWNED, "agent", "task", "status"),
        audited=True,
    ),
    _spec(
        "/trigger",
        "trigger",
        t.Trigger,
        filters=(*_OWNED, "agent", "task", "plan", "type", "status"),
        mounts=("/task/{task}/trigger",),
        audited=True,
    ),
    _spec(
        "/activity",
        "activity",
        t.Activity,
        filters=(*_OWNED, "resource", "resource_id", "operation", "since"),
        mounts=scoped("/activity"),
        read_only=True,
    ),
    _spec(
        AGENT_TOOLS,
        "agent_tool",
        t.AgentTool,
        required=("agent", "tool"),
        filters=("agent", "tool"),
        mounts=stacked(AGENT_TOOLS),
        served=False,
    ),
    _spec(
        "/connector",
        "app_connector",
        t.AppConnector,
        required=("app",),
        filters=(*_OWNED, "app", "agent"),
        mounts=stacked("/app/{app}/connector"),
    ),
    _spec(
        "/hook",
        "app_webhook",
        t.AppWebhook,
        required=("app", "url"),
        filters=(*_OWNED, "app"),
        mounts=stacked("/app/{app}/hook"),
    ),
)


#: Every collection the simulator holds.
COLLECTIONS = (
    _spec("/user", "user", t.User, required=("email",), filters=_OWNED),
    _spec("/org", "organization", t.Organization, required=("name",)),
    _spec(
        MEMBERS,
        "org_user",
        t.OrgUser,
        required=("user", "org"),
        filters=("org", "user", "permission"),
        mounts=(Mount(MEMBERS, key="user"), Mount("/user/{user}/org", key="org")),
        served=False,
    ),
    _spec(
        "/agent",
        "agent",
        t.Agent,
        required=("name", "short_description|description"),
        filters=(*_OWNED, "model"),
        mounts=scoped("/agent"),
        audited=True,
    ),
    _spec(
        "/group",
        "agent_group",
        t.AgentGroup,
        required=("name", "short_description"),
        filters=_OWNED,
    ),
    _spec(
        "/model",
        "model",
        t.Model,
        required=("name", "short_description|description", "provider|api_type", "model_id|model"),
        filters=(*_OWNED, "provider", "api_type"),
        mounts=scoped("/model"),
    ),
    _spec(
        "/client", "client", t.Client, required=("name",), filters=_OWNED, mounts=scoped("/client")
    ),
    _spec(
        "/billing/wallet",
        "wallet",
        t.Wallet,
        required=("balance|usd_balance",),
        filters=_OWNED,
        mounts=scoped("/billing/wallet"),
    ),
    _spec(
        "/billing/meter",
        "meter",
        t.Meter,
        required=("type", "value"),
        filters=(*_OWNED, "type"),
        aliases=("/billing/usage",),
        mounts=scoped("/billing/usage"),
    ),
    _spec(
        "/iam/policy",
        "access_policy",
        t.AccessPolicy,
        required=("name", "effect", "actions", "resources"),
        filters=(*_OWNED, "effect"),
        mounts=scoped("/iam/policy"),
    ),
    _spec(
        "/iam/permission",
        "org_permission",
        t.OrgPermission,
        # The platform's one permission collection: a user's grant reached without its user
        # (the July names) lands here too (contract 2.2), so either owner will do.
        required=("org|user", "policy"),
        filters=(*_OWNED, "client", "policy"),
        mounts=scoped("/iam/permission", user=False),
    ),
    _spec(
        "/user/permission",
        "user_permission",
        t.UserPermission,
        required=("user", "policy"),
        filters=("user", "client", "policy"),
        mounts=("/user/{user}/iam/permission",),
    ),
    _spec(
        "/app",
        "app",
        t.App,
        required=("name", "short_description|description"),
        filters=_OWNED,
        mounts=scoped("/app"),
    ),
    _spec(
        "/tool",
        "tool",
        t.Tool,
        required=("short_description|description", "tool_schema"),
        filters=(*_OWNED, "name"),
        mounts=("/user/{user}/tool", "/org/{org}/tool"),
    ),
    _spec(
        "/bot",
        "app_bot",
        t.AppBot,
        required=("app", "response_url"),
        filters=(*_OWNED, "app", "agent", "agent_group"),
    ),
    *PLATFORM_2026,
)


#: How long a ``/user/{id}/session`` token is accepted, in seconds.
SESSION_SECONDS = 3600.0


def user_session(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """GET ``/user/{id}/session``: a fresh bearer token acting as that user."""
    users = sim.collection("/user")
    if params["id"] not in users.docs:
        return not_found(users.spec, params["id"])
    token = f"sess-{sim.new_id()}"
    sim.tokens[token] = sim.clock() + SESSION_SECONDS
    return data_answer({"token": token})


#: The resource routes, for the simulator's route table.
ROUTES = (*crud_routes(COLLECTIONS), Route("GET", "/user/{id}/session", user_session))
