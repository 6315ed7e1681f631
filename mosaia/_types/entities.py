"""The entities the SDK had from the start, each with every field the platform sends now and
every field it sent in July 2025, as frozen msgspec Structs.

All fields are optional on decode and unknown fields are ignored, so a newer server never breaks
an older SDK. Where the platform renamed a field both spellings are fields (``short_description``
and ``description``); where it changed a field's type the field takes both (``Agent.model`` is an
id or a list of ids). Embedded references (``org``, ``user``, ``policy``, ``app``) decode whether
the API sends an id string or the embedded object. The entities the platform added since live in
their own modules (``drives``, ``work``, ``apps``).
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from mosaia._types.base import Entity, hides
from mosaia._types.nested import AgentFork, ClientOAuth, PermissionRule, Subscription


class Organization(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An organization: the owner of agents, apps, clients and wallets. ``description`` is the
    platform's text now; July's ``short_description``/``long_description`` still decode."""

    name: str | None = None
    description: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    image: str | None = None
    type: Literal["SUPERORG", "CLIENT"] | None = None
    url: str | None = None
    size: str | None = None
    location: str | None = None
    mosaia_recommendation: str | None = None


class User(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A person (or service identity) on the platform. ``url``, ``location`` and ``links`` (a
    name-to-URL map) are new; July's name and scope fields still decode."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    name: str | None = None
    image: str | None = None
    description: str | None = None
    url: str | None = None
    location: str | None = None
    links: dict[str, str] | None = None
    public_address: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None


class Agent(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An AI agent: models plus a system message and settings, addressable for chat.

    ``model`` is now a list of model ids in priority order (July: one id; both decode).
    ``description``, ``readme`` and ``system_message`` are the platform's names for July's
    ``short_description``, ``long_description`` and ``system_prompt``, which still decode.
    ``forked`` says which agent this one was copied from; ``mia`` is set by the server."""

    name: str | None = None
    description: str | None = None
    short_description: str | None = None
    readme: str | None = None
    long_description: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    image: str | None = None
    model: str | list[str] | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    system_message: str | None = None
    system_prompt: str | None = None
    public: bool | None = None
    featured: bool | None = None
    mia: bool | None = None
    forked: AgentFork | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None

    @property
    def model_ids(self) -> list[str]:
        """The model ids in priority order, whichever way the platform sent ``model``."""
        if self.model is None:
            return []
        return [self.model] if isinstance(self.model, str) else list(self.model)


class AgentGroup(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """Several agents answering together as one chat target (retired by the platform in
    December 2025; kept for the routes that still answer)."""

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


@hides("api_key")
class Model(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A language model registered on the platform (OpenAI-compatible chat target).

    Now named by ``api_type`` (the provider's API, ``openai``), ``model`` (the upstream id,
    ``gpt-4o``), ``description`` and ``max_output_tokens``; July's ``provider``, ``model_id``,
    ``short_description``, ``max_tokens`` and ``temperature`` still decode. ``type`` says what
    the model does (``chat``, ``embedding``, ``rerank``...); ``prices`` maps a price name to USD.
    Its repr hides ``api_key``."""

    name: str | None = None
    model: str | None = None
    model_id: str | None = None
    description: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    readme: str | None = None
    image: str | None = None
    api_type: str | None = None
    provider: str | None = None
    type: (
        Literal[
            "chat",
            "image",
            "rerank",
            "moderation",
            "language",
            "embedding",
            "contextualized_embedding",
        ]
        | None
    ) = None
    base_url: str | None = None
    api_key: str | None = None
    prices: dict[str, float] | None = None
    max_context_tokens: int | None = None
    max_output_tokens: int | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    encoding: str | None = None
    safety_margin: float | None = None
    tokens_per_char_multiplier: float | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    public: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


@hides("client_secret", "secret")
class Client(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """An OAuth client (application credentials). ``name`` is now the OAuth client id, ``oauth``
    holds the redirect URIs and ``secret`` comes once, in the create answer; July's
    ``client_id``, ``client_secret``, ``redirect_uris`` and ``scopes`` still decode. Its repr
    hides both secrets."""

    name: str | None = None
    client_id: str | None = None
    secret: str | None = None
    client_secret: str | None = None
    oauth: ClientOAuth | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    redirect_uris: list[str] | None = None
    scopes: list[str] | None = None
    tags: list[str] | None = None


@hides("external_api_key")
class App(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A third-party application integrated with Mosaia: an ``INTEGRATION``, ``DEPLOYER``,
    ``CLIENT`` (with its server-set ``client``) or ``NOTIFIER``. Its repr hides
    ``external_api_key`` and the credentials among ``external_headers`` (``Authorization``,
    ``X-Api-Key``, ...)."""

    name: str | None = None
    type: Literal["INTEGRATION", "DEPLOYER", "CLIENT", "NOTIFIER"] | None = None
    short_description: str | None = None
    long_description: str | None = None
    readme: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    client: str | Client | None = None
    image: str | None = None
    external_app_url: str | None = None
    external_api_urls: dict[str, str] | None = None
    external_api_key: str | None = None
    external_headers: dict[str, str] | None = None
    public: bool | None = None
    featured: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


@hides("default_environment_secrets")
class Tool(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A tool agents can call at ``url``. ``tool_schema`` is its JSON Schema: an object now, a
    JSON string in July (both decode; :attr:`schema` reads either as an object). Its repr hides
    ``default_environment_secrets``."""

    name: str | None = None
    friendly_name: str | None = None
    friendly_name_slug: str | None = None
    short_description: str | None = None
    tool_schema: str | dict[str, Any] | None = None
    required_environment_variables: list[str] | None = None
    default_environment_secrets: str | None = None
    source_url: str | None = None
    url: str | None = None
    image: str | None = None
    org: str | Organization | None = None
    user: str | User | None = None
    public: bool | None = None
    featured: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None

    @property
    def schema(self) -> dict[str, Any] | None:
        """``tool_schema`` as an object, parsing July's JSON text; ``None`` when absent or when
        the text is not a JSON object."""
        if not isinstance(self.tool_schema, str):
            return self.tool_schema
        try:
            parsed = msgspec.json.decode(self.tool_schema)
        except (msgspec.DecodeError, RecursionError):
            return None
        return parsed if isinstance(parsed, dict) else None


@hides("api_key")
class AppBot(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A bot that relays an app's messages to an agent and posts answers to ``response_url``
    (retired by the platform in November 2025 for app connectors). Its repr hides ``api_key``."""

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
    """A prepaid balance for an org or user: ``usd_balance`` now, July's ``balance`` and
    ``currency`` still decode; auto-reload settings and the paid ``subscription`` are new."""

    usd_balance: float | None = None
    balance: float | None = None
    currency: str | None = None
    renewal_threshold_usd: float | None = None
    renewal_amount_usd: float | None = None
    auto_reload_on: bool | None = None
    stripe_customer_id: str | None = None
    subscription: Subscription | None = None
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
    """A policy granted within an organization to a member (``user`` is the id of the org
    membership, not of the user), a client or an agent."""

    org: str | Organization | None = None
    user: str | User | None = None
    client: str | Client | None = None
    agent: str | Agent | None = None
    policy: str | AccessPolicy | None = None
    tags: list[str] | None = None


class UserPermission(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A policy a user grants to a client, an agent or another user (``allowed_user``, a
    delegate)."""

    user: str | User | None = None
    client: str | Client | None = None
    agent: str | Agent | None = None
    allowed_user: str | User | None = None
    policy: str | AccessPolicy | None = None
    tags: list[str] | None = None


class OrgUser(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A user's membership of an organization. ``permission`` is ``SUPERUSER`` or ``USER`` now;
    July's free-form values (``admin``, ``member``) still decode, hence a plain string."""

    org: str | Organization | None = None
    user: str | User | None = None
    permission: str | None = None
    keywords: list[str] | None = None
    tags: list[str] | None = None


class Permissions(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The effective permissions in a :class:`Self` answer: ``allow`` and ``deny`` each one
    :class:`PermissionRule` now, a list in the older shape (both decode)."""

    allow: PermissionRule | list[Any] | None = None
    deny: PermissionRule | list[Any] | None = None


class Self(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Who the current credentials belong to (``GET /self``)."""

    user: User | None = None
    org: Organization | None = None
    org_user: OrgUser | None = None
    client: Client | None = None
    permissions: Permissions | None = None


@hides("access_token", "refresh_token")
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


@hides("token")
class SessionToken(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """``GET /user/{id}/session``: a session token for that user. Its repr hides the token."""

    token: str | None = None
