"""Org memberships (:class:`~mosaia._types.OrgUser`), from either side: the members of an org
at ``/org/{o}/user`` (:data:`members`) and a user's memberships at ``/user/{u}/org``
(:data:`user_orgs`). Both exist only under their parent. A member may also get a session
acting as that membership (:func:`get_session`).

>>> from mosaia.api import memberships
>>> memberships.members.under(org="o1").get_by_id("u1").request.path
'/org/o1/user/u1'
>>> memberships.user_orgs.under(user="u1").get_all().request.path
'/user/u1/org'
"""

from __future__ import annotations

from mosaia._types.entities import AuthToken, OrgUser
from mosaia.api._crud import Resource, build
from mosaia.request import Call

#: The members of an organization: ``members.under(org="o1")`` is ``/org/o1/user``.
members = Resource("/user", OrgUser, needs=("org",))
#: A user's memberships: ``user_orgs.under(user="u1")`` is ``/user/u1/org``.
user_orgs = Resource("/org", OrgUser, needs=("user",))
#: The collection the module-level operations are bound from: the members of an org.
resource = members

#: GET ``/org/{o}/user``; filters ``org``, ``user``, ``permission``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/org/{o}/user/{member}``.
get_by_id = resource.get_by_id
#: POST ``/org/{o}/user``: make a user a member (``user`` and ``permission``).
create = resource.create
#: PUT ``/org/{o}/user/{member}``: change a membership (e.g. its ``permission``).
update = resource.update
#: DELETE ``/org/{o}/user/{member}``: disable (end) a membership; ``force=True`` for good.
delete = resource.delete


def get_session(member: str, *, org: str | None = None, user: str | None = None) -> Call[AuthToken]:
    """GET ``/org/{org}/user/{member}/session`` (or ``/user/{user}/org/{member}/session``): a
    token acting as that membership, to use as the new bearer token. Exactly one of ``org`` or
    ``user`` names the side; with neither the call is invalid."""
    side = members.under(org=org) if org is not None or user is None else user_orgs.under(user=user)
    path, problem = side.item(member)
    return build("GET", (path + "/session", problem)).one(AuthToken)
