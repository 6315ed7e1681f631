"""``client.activities``: the audit log (``/activity``, or under an org or user): read-only."""

from __future__ import annotations

from mosaia.api import activities
from mosaia.groups._base import Group, op, pages, walk


class Activities(Group):
    """The audit log (``/activity``, or under an org or user): read-only. Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = activities.resource

    get_all = op(activities.get_all)
    get_by_id = op(activities.get_by_id)
    iterate = walk(activities.get_all)
    iter_pages = pages(activities.get_all)
