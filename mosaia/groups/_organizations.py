"""``client.organizations`` (and the seed's ``client.orgs``): organizations and their members."""

from __future__ import annotations

from mosaia._types.entities import Organization
from mosaia.api import organizations
from mosaia.groups._base import CrudGroup, op, walk


class Organizations(CrudGroup[Organization]):
    """Manage organizations and who belongs to them. Members are
    :class:`~mosaia._types.OrgUser` values addressed by the member's user id."""

    resource = organizations.resource
    get_members = op(organizations.get_members)
    get_member = op(organizations.get_member)
    add_member = op(organizations.add_member)
    update_member = op(organizations.update_member)
    remove_member = op(organizations.remove_member)
    iterate_members = walk(organizations.get_members)
