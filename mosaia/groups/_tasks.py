"""``client.tasks``: tasks (``/task``; ``under(agent=...)`` for one agent's, prefixes stack)."""

from __future__ import annotations

from mosaia.api import tasks
from mosaia.groups._base import Group, op, pages, walk


class Tasks(Group):
    """Tasks (``/task``; ``under(agent=...)`` for one agent's, prefixes stack). Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = tasks.resource

    get_all = op(tasks.get_all)
    get_by_id = op(tasks.get_by_id)
    create = op(tasks.create)
    update = op(tasks.update)
    delete = op(tasks.delete)
    batch_delete = op(tasks.batch_delete)
    execute = op(tasks.execute)
    interrupt = op(tasks.interrupt)
    iterate = walk(tasks.get_all)
    iter_pages = pages(tasks.get_all)
