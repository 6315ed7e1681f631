"""Every entity of the Mosaia API as a frozen msgspec Struct.

All fields are optional on decode and unknown fields are ignored, so a newer server never breaks
an older SDK. Embedded references (``org``, ``user``, ``policy``, ``app``) decode whether the API
sends an id string or the embedded object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import msgspec

from mosaia._redact import MASKED, redact_json
from mosaia._types.base import Entity

S = TypeVar("S", bound=msgspec.Struct)


def _hides(*secrets: str) -> Callable[[type[S]], type[S]]:
    # Gives an entity that carries credentials a repr and a rich repr (what rich and IPython
    # pretty-print with; msgspec's own would show raw values) that list the fields that are set,
    # each of `secrets` as ***, and secret-named keys inside mapping fields (headers) masked.
    hidden = frozenset(secrets)

    def fields(self: msgspec.Struct) -> list[tuple[str, Any]]:
        shown: list[tuple[str, Any]] = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if value is None:
                continue
            if name in hidden:
                value = MASKED
            elif isinstance(value, dict):
                value = redact_json(value)
            shown.append((name, value))
        return shown

    def text(self: msgspec.Struct) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{k}={v!r}" for k, v in fields(self)) + ")"

    def install(cls: type[S]) -> type[S]:
        cls.__repr__ = text  # type: ignore[assignment,method-assign]
        cls.__rich_repr__ = fields  # type: ignore[method-assign]
        return cls

    return install


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


@_hides("client_secret")
class Client(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An OAuth client (application credentials). Its repr hides ``client_secret``."""

    name: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    redirect_uris: list[str] | None = None
    scopes: list[str] | None = None


@_hides("external_api_key")
class App(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A third-party application integrated with Mosaia. Its repr hides ``external_api_key``
    and the credentials among ``external_headers`` (``Authorization``, ``X-Api-Key``, ...)."""

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


@_hides("api_key")
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


@_hides("access_token", "refresh_token")
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


@_hides("token")
class SessionToken(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """``GET /user/{id}/session``: a session token for that user. Its repr hides the token."""

    token: str | None = None
