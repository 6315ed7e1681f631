"""``client.drives``: drives: storage spaces of a user or org (``/drive``; ``under(org=...)`` or
``under(user=...)``)."""

from __future__ import annotations

from mosaia.api import drives
from mosaia.groups._base import Group, op, pages, walk


class Drives(Group):
    """Drives: storage spaces of a user or org (``/drive``; ``under(org=...)`` or
    ``under(user=...)``). Each method returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = drives.resource

    get_all = op(drives.get_all)
    get_by_id = op(drives.get_by_id)
    create = op(drives.create)
    update = op(drives.update)
    delete = op(drives.delete)
    grant_access = op(drives.grant_access)
    revoke_access = op(drives.revoke_access)
    list_access = op(drives.list_access)
    iterate = walk(drives.get_all)
    iter_pages = pages(drives.get_all)
