"""Every entity of the Mosaia API as a frozen msgspec Struct.

All fields are optional on decode and unknown fields are ignored, so a newer server never breaks
an older SDK. Embedded references (``org``, ``user``, ``policy``, ``app``) decode whether the API
sends an id string or the embedded object.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from mosaia.types.base import Entity


class Organization(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An organization: the owner of agents, apps, clients and wallets."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    image: str | None = None


class User(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A person (or service identity) on the platform."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    name: str | None = None
    image: str | None = None
    description: str | None = None
    public_address: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None


class Agent(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An AI agent: a model plus a system prompt and settings, addressable for chat."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    image: str | None = None
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    system_prompt: str | None = None
    public: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


class AgentGroup(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """Several agents answering together as one chat target."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    image: str | None = None
    agents: list[str] | None = None
    public: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


class Model(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A language model registered on the platform (OpenAI-compatible chat target)."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    provider: str | None = None
    model_id: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    public: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


class Client(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An OAuth client (application credentials). Its repr hides ``client_secret``."""

    name: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    redirect_uris: list[str] | None = None
    scopes: list[str] | None = None

    def __repr__(self) -> str:
        shown = msgspec.structs.replace(self, client_secret="***" if self.client_secret else None)
        return "Client(" + _fields_repr(shown) + ")"


class App(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A third-party application integrated with Mosaia. Its repr hides ``external_api_key``."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    image: str | None = None
    external_app_url: str | None = None
    external_api_key: str | None = None
    external_headers: dict[str, str] | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None

    def __repr__(self) -> str:
        hidden = "***" if self.external_api_key else None
        shown = msgspec.structs.replace(self, external_api_key=hidden)
        return "App(" + _fields_repr(shown) + ")"


class Tool(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A tool agents can call; ``tool_schema`` is a JSON Schema as a string."""

    name: str | None = None
    friendly_name: str | None = None
    short_description: str | None = None
    tool_schema: str | None = None
    required_environment_variables: list[str] | None = None
    source_url: str | None = None
    url: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    public: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


class AppBot(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A bot that relays an app's messages to an agent and posts answers to ``response_url``.
    Its repr hides ``api_key``."""

    app: str | App | None = None
    response_url: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    agent: str | None = None
    agent_group: str | None = None
    api_key: str | None = None
    api_key_partial: str | None = None
    tags: list[str] | None = None

    def __repr__(self) -> str:
        shown = msgspec.structs.replace(self, api_key="***" if self.api_key else None)
        return "AppBot(" + _fields_repr(shown) + ")"


class Wallet(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A prepaid balance for an org or user."""

    balance: float | None = None
    currency: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None


class Meter(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A usage reading (API calls, tokens, ...) charged against a wallet."""

    type: str | None = None
    value: float | None = None
    metadata: dict[str, Any] | None = None
    org: str | Organization | None = None
    user: str | User | None = None


class AccessPolicy(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An IAM policy: an effect over actions on resources."""

    name: str | None = None
    effect: Literal["allow", "deny"] | None = None
    actions: list[str] | None = None
    resources: list[str] | None = None
    conditions: dict[str, Any] | None = None


class OrgPermission(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A policy granted to a user or client within an organization."""

    org: str | Organization | None = None
    user: str | User | None = None
    client: str | Client | None = None
    policy: str | AccessPolicy | None = None


class UserPermission(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A policy a user grants to a client."""

    user: str | User | None = None
    client: str | Client | None = None
    policy: str | AccessPolicy | None = None


class OrgUser(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A user's membership of an organization."""

    org: str | Organization | None = None
    user: str | User | None = None
    permission: str | None = None


class Permissions(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The effective allow/deny lists in a :class:`Self` answer."""

    allow: list[Any] | None = None
    deny: list[Any] | None = None


class Self(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Who the current credentials belong to (``GET /self``)."""

    user: User | None = None
    org: Organization | None = None
    org_user: OrgUser | None = None
    client: Client | None = None
    permissions: Permissions | None = None


class AuthToken(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A sign-in answer. ``exp``/``iat`` are epoch milliseconds, sent as numeric strings.
    Its repr hides both tokens."""

    access_token: str | None = None
    refresh_token: str | None = None
    token_type: str | None = None
    expires_in: int | None = None
    sub: str | None = None
    iat: str | int | None = None
    exp: str | int | None = None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(access_token={'***' if self.access_token else None}, "
            f"refresh_token={'***' if self.refresh_token else None}, "
            f"token_type={self.token_type!r}, expires_in={self.expires_in!r}, sub={self.sub!r}, "
            f"iat={self.iat!r}, exp={self.exp!r})"
        )


class SessionToken(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """``GET /user/{id}/session``: a session token for that user. Its repr hides the token."""

    token: str | None = None

    def __repr__(self) -> str:
        return f"SessionToken(token={'***' if self.token else None})"


def _fields_repr(value: msgspec.Struct) -> str:
    # Only the fields that are set: entities are mostly None and a full repr buries the signal.
    return ", ".join(
        f"{name}={getattr(value, name)!r}"
        for name in value.__struct_fields__
        if getattr(value, name) is not None
    )
