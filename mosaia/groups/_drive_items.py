"""``client.drive_items``: a drive's files and folders: reach the drive first,
``client.drive_items.under(drive="d1")``; without it every call is refused as ``InvalidRequest``
and nothing is sent."""

from __future__ import annotations

from mosaia.api import drive_items
from mosaia.groups._base import Group, op, pages, walk


class DriveItems(Group):
    """A drive's files and folders: reach the drive first,
    ``client.drive_items.under(drive="d1")``; without it every call is refused as
    ``InvalidRequest`` and nothing is sent. Each method returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = drive_items.resource

    get_all = op(drive_items.get_all)
    get_by_id = op(drive_items.get_by_id)
    get_by_path = op(drive_items.get_by_path)
    create = op(drive_items.create)
    update = op(drive_items.update)
    delete = op(drive_items.delete)
    batch_delete = op(drive_items.batch_delete)
    grant_access = op(drive_items.grant_access)
    revoke_access = op(drive_items.revoke_access)
    list_access = op(drive_items.list_access)
    iterate = walk(drive_items.get_all)
    iter_pages = pages(drive_items.get_all)
