"""``client.snapshots``: snapshots (``/snapshot``, or under a log)."""

from __future__ import annotations

from mosaia._types.work import Snapshot
from mosaia.api import snapshots
from mosaia.groups._base import CrudGroup


class Snapshots(CrudGroup[Snapshot]):
    """Snapshots (``/snapshot``, or under a log). Each method returns ``Result[...,
    MosaiaError]``."""

    resource = snapshots.resource
