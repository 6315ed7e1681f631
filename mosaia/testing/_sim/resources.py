"""The collections the simulator serves, declared: one :class:`CollectionSpec` each, with the
standard CRUD of :mod:`mosaia.testing._sim.crud` at its path and at its mounts.

Adding a resource is one entry in :data:`COLLECTIONS`; serving it below parents too is a mount
template on it, each ``{field}`` naming the reference the parent sets::

    CollectionSpec("/task", "task", required=("name",), mounts=("/agent/{agent}/task",)),

serves ``/task`` and ``/agent/{agent}/task`` (an agent's tasks, 404 for an unknown agent).
"""

from __future__ import annotations

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer
from mosaia.testing._sim.crud import crud_routes, not_found
from mosaia.testing._sim.routing import Params, Route, SimRequest
from mosaia.testing._sim.store import CollectionSpec, Mount
from mosaia.testing._sim.world import World

# Every list takes `search`, `q`, `active`, `public`, `tags` and `external_id` (see the store);
# `search_type`/`search_types` are accepted and, having no meaning the reference defines,
# narrow nothing. The filters below are the per-resource equality filters on references.
_OWNED = ("org", "user")

#: Org members exist only below their org, addressed by the member's user id.
MEMBERS = "/org/{org}/user"

#: Every collection the simulator holds.
COLLECTIONS = (
    CollectionSpec("/user", "user", required=("email",), filters=_OWNED),
    CollectionSpec("/org", "organization", required=("name",)),
    CollectionSpec(
        MEMBERS,
        "org_user",
        required=("user", "permission"),
        filters=("user", "permission"),
        mounts=(Mount(MEMBERS, key="user"),),
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
        mounts=("/user/{user}/tool", "/org/{org}/tool"),
    ),
    CollectionSpec(
        "/bot",
        "app_bot",
        required=("app", "response_url"),
        filters=(*_OWNED, "app", "agent", "agent_group"),
    ),
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
