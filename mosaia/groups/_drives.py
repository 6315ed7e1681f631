"""``client.drives``: drives (``/drive``, or under an org or user)."""

from __future__ import annotations

from mosaia._types.drives import Drive
from mosaia.api import drives
from mosaia.groups._base import CrudGroup


class Drives(CrudGroup[Drive]):
    """Drives (``/drive``, or under an org or user). Each method returns ``Result[...,
    MosaiaError]``."""

    resource = drives.resource
