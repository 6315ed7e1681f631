"""``client.snapshots``: snapshots of logs (``/snapshot``; ``under(log=...)``)."""

from __future__ import annotations

from mosaia.api import snapshots
from mosaia.groups._base import Group, op, pages, walk


class Snapshots(Group):
    """Snapshots of logs (``/snapshot``; ``under(log=...)``). Each method returns ``Result[...,
    MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = snapshots.resource

    get_all = op(snapshots.get_all)
    get_by_id = op(snapshots.get_by_id)
    create = op(snapshots.create)
    update = op(snapshots.update)
    delete = op(snapshots.delete)
    iterate = walk(snapshots.get_all)
    iter_pages = pages(snapshots.get_all)
