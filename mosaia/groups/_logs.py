"""``client.logs``: agent logs (``/log``; ``under(agent=...)`` for one agent's)."""

from __future__ import annotations

from mosaia.api import logs
from mosaia.groups._base import Group, op, pages, walk


class Logs(Group):
    """Agent logs (``/log``; ``under(agent=...)`` for one agent's). Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = logs.resource

    get_all = op(logs.get_all)
    get_by_id = op(logs.get_by_id)
    create = op(logs.create)
    update = op(logs.update)
    delete = op(logs.delete)
    batch_delete = op(logs.batch_delete)
    iterate = walk(logs.get_all)
    iter_pages = pages(logs.get_all)
