"""What connects agents and apps to the outside: tools attached to agents, app connectors (the
successor of app bots) and webhooks, OAuth scopes and client sessions, likes, and the link
documents the platform declares without routes. All new since July 2025."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from mosaia._types.base import Entity, hides
from mosaia._types.entities import Agent, App, Client, Organization, Tool, User


@hides("environment_secrets")
class AgentTool(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A tool attached to an agent, with the secrets the tool needs for that agent (stored
    encrypted; its repr hides them)."""

    agent: str | Agent | None = None
    tool: str | Tool | None = None
    environment_secrets: str | None = None
    tags: list[str] | None = None


@hides("headers")
class AppWebhook(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A webhook of an app: the platform calls ``url`` on ``event`` (``REQUEST``) with
    ``headers`` (raw header text, or a map in older answers; hidden in its repr). Older answers
    list ``events`` instead; both decode."""

    app: str | App | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    agent: str | Agent | None = None
    url: str | None = None
    event: str | None = None
    events: list[str] | None = None
    headers: str | dict[str, str] | None = None
    tags: list[str] | None = None


class AppConnector(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """Connects an app to an agent (or a client), answering through ``response_hook``: what
    app bots did before the platform retired them."""

    app: str | App | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    agent: str | Agent | None = None
    client: str | Client | None = None
    response_hook: str | AppWebhook | None = None
    tags: list[str] | None = None


class Scope(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An OAuth scope a client may ask for (``GET /scope``). Not a stored document: no base
    fields."""

    id: str | None = None
    name: str | None = None
    description: str | None = None


class Like(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A like of an agent, app, tool or model (``target_type``, ``target_id``)."""

    org: str | Organization | None = None
    user: str | User | None = None
    target_type: str | None = None
    target_id: str | None = None


@hides("code")
class ClientSession(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A pending OAuth authorization of a client: the code the server issued (hidden in its
    repr), the PKCE challenge it was bound to and where to redirect, until ``expires_at``."""

    client: str | Client | None = None
    metadata: dict[str, Any] | None = None
    code: str | None = None
    code_challenge: str | None = None
    code_challenge_method: Literal["S256", "plain"] | None = None
    redirect_uri: str | None = None
    expires_at: str | None = None


class GroupAgent(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An agent's place (``order``) in an agent group (declared by the platform, not routed)."""

    group: str | None = None
    agent: str | Agent | None = None
    order: int | None = None
    config: dict[str, Any] | None = None


class AppUser(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A user's settings for an app (declared by the platform, not routed)."""

    app: str | App | None = None
    user: str | User | None = None
    config: dict[str, Any] | None = None


class ApiRequestLog(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """One API request as the platform recorded it: method, path, status and ``duration``
    (declared by the platform, not routed)."""

    method: str | None = None
    path: str | None = None
    status: int | None = None
    duration: float | None = None
    user: str | User | None = None
    org: str | Organization | None = None
    client: str | Client | None = None
    metadata: dict[str, Any] | None = None
