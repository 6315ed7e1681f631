"""Strategies for every entity Struct, named for the entity in the plural (``agents()``,
``access_policies()``); ``new=True`` draws a body fit for ``create`` instead of an answer."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from hypothesis import strategies as st

from mosaia.testing.strategies._structs import SERVER_FIELDS, once, strategy_for, structs
from mosaia.types import (
    AccessPolicy,
    Agent,
    AgentGroup,
    App,
    AppBot,
    AppConnector,
    AppWebhook,
    AuthToken,
    Client,
    ClientSession,
    Drive,
    DriveItem,
    Like,
    Message,
    Meter,
    Model,
    Organization,
    OrgPermission,
    OrgUser,
    Permissions,
    Plan,
    Self,
    SessionToken,
    Snapshot,
    Task,
    Tool,
    UploadJob,
    User,
    UserPermission,
    Vector,
    Wallet,
)

S = TypeVar("S", bound=msgspec.Struct)

#: Fields the API requires when creating each entity (the ``!`` marks of the reference).
REQUIRED: dict[type[msgspec.Struct], tuple[str, ...]] = {
    User: ("email",),
    Organization: ("name",),
    Agent: ("name", "short_description"),
    AgentGroup: ("name", "short_description"),
    Model: ("name", "short_description", "provider", "model_id"),
    Client: ("name", "client_id"),
    App: ("name", "short_description"),
    Tool: ("short_description", "tool_schema"),
    AppBot: ("app", "response_url"),
    Wallet: ("balance", "currency"),
    Meter: ("type", "value"),
    AccessPolicy: ("name", "effect", "actions", "resources"),
    OrgPermission: ("org", "policy"),
    UserPermission: ("user", "client", "policy"),
    OrgUser: ("org", "user", "permission"),
    AuthToken: ("access_token",),
    # The entities the platform added since July 2025 (its create! marks).
    Drive: ("name",),
    DriveItem: ("drive", "name"),
    UploadJob: (
        "drive",
        "status",
        "name",
        "size",
        "mime_type",
        "presigned_url_expires_at",
        "started_at",
    ),
    Vector: ("index", "embedding"),
    Message: ("log",),
    Snapshot: ("source", "data"),
    Task: ("content",),
    Plan: ("content",),
    AppWebhook: ("app", "url"),
    AppConnector: ("app",),
    Like: ("target_type", "target_id"),
    ClientSession: ("client", "metadata", "redirect_uri"),
}


def entity(cls: type[S], new: bool = False) -> st.SearchStrategy[S]:
    """Instances of entity ``cls``: as the API may answer them, or with ``new=True`` as a body
    for ``create`` (every required field set, no server fields, references as ids)."""
    if not new:
        return strategy_for(cls)
    required = REQUIRED.get(cls, ())
    return once(cls, "new", lambda: structs(cls, required=required, exclude=SERVER_FIELDS, depth=0))


def changes(cls: type[S]) -> st.SearchStrategy[S]:
    """Partial bodies for ``update``: any subset of ``cls``'s fields except the server's, with
    references as ids."""
    return once(cls, "changes", lambda: structs(cls, exclude=SERVER_FIELDS, depth=0))


def organizations(*, new: bool = False) -> st.SearchStrategy[Organization]:
    """:class:`~mosaia._types.Organization` values."""
    return entity(Organization, new)


def users(*, new: bool = False) -> st.SearchStrategy[User]:
    """:class:`~mosaia._types.User` values."""
    return entity(User, new)


def agents(*, new: bool = False) -> st.SearchStrategy[Agent]:
    """:class:`~mosaia._types.Agent` values."""
    return entity(Agent, new)


def agent_groups(*, new: bool = False) -> st.SearchStrategy[AgentGroup]:
    """:class:`~mosaia._types.AgentGroup` values."""
    return entity(AgentGroup, new)


def models(*, new: bool = False) -> st.SearchStrategy[Model]:
    """:class:`~mosaia._types.Model` values."""
    return entity(Model, new)


def clients(*, new: bool = False) -> st.SearchStrategy[Client]:
    """:class:`~mosaia._types.Client` values."""
    return entity(Client, new)


def apps(*, new: bool = False) -> st.SearchStrategy[App]:
    """:class:`~mosaia._types.App` values."""
    return entity(App, new)


def tools(*, new: bool = False) -> st.SearchStrategy[Tool]:
    """:class:`~mosaia._types.Tool` values."""
    return entity(Tool, new)


def app_bots(*, new: bool = False) -> st.SearchStrategy[AppBot]:
    """:class:`~mosaia._types.AppBot` values."""
    return entity(AppBot, new)


def wallets(*, new: bool = False) -> st.SearchStrategy[Wallet]:
    """:class:`~mosaia._types.Wallet` values."""
    return entity(Wallet, new)


def meters(*, new: bool = False) -> st.SearchStrategy[Meter]:
    """:class:`~mosaia._types.Meter` values."""
    return entity(Meter, new)


def access_policies(*, new: bool = False) -> st.SearchStrategy[AccessPolicy]:
    """:class:`~mosaia._types.AccessPolicy` values."""
    return entity(AccessPolicy, new)


def org_permissions(*, new: bool = False) -> st.SearchStrategy[OrgPermission]:
    """:class:`~mosaia._types.OrgPermission` values."""
    return entity(OrgPermission, new)


def user_permissions(*, new: bool = False) -> st.SearchStrategy[UserPermission]:
    """:class:`~mosaia._types.UserPermission` values."""
    return entity(UserPermission, new)


def org_users(*, new: bool = False) -> st.SearchStrategy[OrgUser]:
    """:class:`~mosaia._types.OrgUser` values (organization memberships)."""
    return entity(OrgUser, new)


def permissions() -> st.SearchStrategy[Permissions]:
    """:class:`~mosaia._types.Permissions` values (the allow/deny lists of ``/self``)."""
    return strategy_for(Permissions)


def selves() -> st.SearchStrategy[Self]:
    """:class:`~mosaia._types.Self` values (``GET /self`` answers)."""
    return strategy_for(Self)


def auth_tokens() -> st.SearchStrategy[AuthToken]:
    """:class:`~mosaia._types.AuthToken` values (sign-in and OAuth token answers)."""
    return structs(AuthToken, required=("access_token",))


def session_tokens() -> st.SearchStrategy[SessionToken]:
    """:class:`~mosaia._types.SessionToken` values (``GET /user/{id}/session`` answers)."""
    return strategy_for(SessionToken)


#: Every entity with its strategy, for ``register``.
ENTITY_STRATEGIES: dict[type[Any], Any] = {
    Organization: organizations,
    User: users,
    Agent: agents,
    AgentGroup: agent_groups,
    Model: models,
    Client: clients,
    App: apps,
    Tool: tools,
    AppBot: app_bots,
    Wallet: wallets,
    Meter: meters,
    AccessPolicy: access_policies,
    OrgPermission: org_permissions,
    UserPermission: user_permissions,
    OrgUser: org_users,
    Permissions: permissions,
    Self: selves,
    AuthToken: auth_tokens,
    SessionToken: session_tokens,
}
