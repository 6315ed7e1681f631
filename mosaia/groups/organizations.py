"""``client.organizations`` (and the seed's ``client.orgs``): organizations and their members."""

from __future__ import annotations

from mosaia.api import organizations
from mosaia.groups.base import CrudGroup, op, walk
from mosaia.types.entities import Organization


class Organizations(CrudGroup[Organization]):
    """Manage organizations and who belongs to them. Members are
    :class:`~mosaia.types.OrgUser` values addressed by the member's user id."""

    resource = organizations.resource
    get_members = op(organizations.get_members)
    get_member = op(organizations.get_member)
    add_member = op(organizations.add_member)
    update_member = op(organizations.update_member)
    remove_member = op(organizations.remove_member)
    iterate_members = walk(organizations.get_members)
