"""``client.memberships``: org memberships, from the org's side (``under(org=...)``, the org's
members) or the user's (:meth:`Memberships.of_user`, the user's orgs)."""

from __future__ import annotations

from mosaia.api import memberships
from mosaia.groups._base import Group, op, pages, walk


class Memberships(Group):
    """Who belongs to which organization: ``client.memberships.under(org="o1").get_all()``
    lists an org's members; ``client.memberships.of_user("u1").get_all()`` a user's orgs. Each
    method returns ``Result[..., MosaiaError]``."""

    #: The org-side collection (``/org/{org}/user``) its operations are declared over.
    resource = memberships.members

    get_all = op(memberships.get_all)
    get_by_id = op(memberships.get_by_id)
    create = op(memberships.create)
    update = op(memberships.update)
    delete = op(memberships.delete)
    iterate = walk(memberships.get_all)
    iter_pages = pages(memberships.get_all)
    get_session = op(memberships.get_session)

    def of_user(self, user: str) -> UserMemberships:
        """The same operations over one user's memberships, ``/user/{user}/org``."""
        return UserMemberships(self._client).under(user=user)


class UserMemberships(Group):
    """One user's memberships (``/user/{user}/org``), from :meth:`Memberships.of_user`."""

    #: The user-side collection its operations are declared over.
    resource = memberships.user_orgs

    get_all = op(memberships.user_orgs.get_all)
    get_by_id = op(memberships.user_orgs.get_by_id)
    create = op(memberships.user_orgs.create)
    update = op(memberships.user_orgs.update)
    delete = op(memberships.user_orgs.delete)
    iterate = walk(memberships.user_orgs.get_all)
    iter_pages = pages(memberships.user_orgs.get_all)
