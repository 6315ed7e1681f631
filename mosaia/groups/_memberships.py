"""``client.memberships``: org memberships, from the org's side (``under(org=...)``, the org's
members) or the user's (:meth:`Memberships.of_user`, the user's orgs)."""

from __future__ import annotations

import copy

from mosaia._types.entities import OrgUser
from mosaia.api import memberships
from mosaia.groups._base import CrudGroup, op


class Memberships(CrudGroup[OrgUser]):
    """Who belongs to which organization: ``client.memberships.under(org="o1").get_all()``
    lists an org's members; ``client.memberships.of_user("u1").get_all()`` a user's orgs."""

    resource = memberships.members
    get_session = op(memberships.get_session)

    def of_user(self, user: str) -> Memberships:
        """The same operations over one user's memberships, ``/user/{user}/org``."""
        scoped = copy.copy(self)
        scoped.resource = memberships.user_orgs.under(user=user)
        return scoped
