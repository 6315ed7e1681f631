"""``client.organizations`` (and the seed's ``client.orgs``): organizations and their members."""

from __future__ import annotations

from mosaia.api import organizations
from mosaia.groups._base import Group, op, pages, walk


class Organizations(Group):
    """Manage organizations and who belongs to them. Members are
    :class:`~mosaia._types.OrgUser` values addressed by the member's user id."""

    #: The collection its operations are declared over.
    resource = organizations.resource

    get_all = op(organizations.get_all)
    get_by_id = op(organizations.get_by_id)
    upload_image = op(organizations.upload_image)
    create = op(organizations.create)
    update = op(organizations.update)
    delete = op(organizations.delete)
    iterate = walk(organizations.get_all)
    iter_pages = pages(organizations.get_all)

    get_members = op(organizations.get_members)
    get_member = op(organizations.get_member)
    add_member = op(organizations.add_member)
    update_member = op(organizations.update_member)
    remove_member = op(organizations.remove_member)
    iterate_members = walk(organizations.get_members)
