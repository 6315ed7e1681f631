"""``client.activities``: the audit log (``/activity``, or under an org or user): read-only."""

from __future__ import annotations

from mosaia._types.work import Activity
from mosaia.api import activities
from mosaia.groups._extras import ReadGroup


class Activities(ReadGroup[Activity]):
    """The audit log (``/activity``, or under an org or user): read-only. Each method returns
    ``Result[..., MosaiaError]``."""

    resource = activities.resource
