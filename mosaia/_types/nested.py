"""Objects the platform nests inside the entities the SDK had from the start (an agent's fork
origin, a client's OAuth settings, a wallet's subscription, the allow/deny rules of ``/self``)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec


class AgentFork(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where a forked agent was copied from: the source agent's id (``from`` on the wire, a
    Python keyword, hence ``from_``) and when (ISO date)."""

    from_: str | None = msgspec.field(default=None, name="from")
    created_at: str | None = None


class ClientOAuth(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A client's OAuth settings: whether OAuth is on and where the authorize page may send the
    user back (what July's ``redirect_uris`` held)."""

    active: bool | None = None
    authorized_redirect_uris: list[str] | None = None


class Entitlement(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One Stripe entitlement of a wallet's subscription (a feature the plan unlocks)."""

    id: str | None = None
    object: str | None = None
    active: bool | None = None
    livemode: bool | None = None
    lookup_key: str | None = None
    metadata: dict[str, Any] | None = None
    name: str | None = None


class Subscription(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The paid plan a wallet is on: its Stripe subscription (``None`` for none), the customer
    portal link, the plan's name, its billing period and what it entitles to."""

    stripe_subscription_id: str | None = None
    customer_portal: str | None = None
    name: str | None = None
    period: Literal["monthly", "annual"] | None = None
    entitlements: list[Entitlement] | None = None


class PermissionRule(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One side (allow or deny) of the effective permissions in ``GET /self``: the actions and
    resources it covers, each one string or a list of them."""

    action: str | list[str] | None = None
    resource: str | list[str] | None = None
