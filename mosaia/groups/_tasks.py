"""``client.tasks``: tasks (``/task``, or under an agent: ``client.tasks.under(agent=...)``), with
batch delete."""

from __future__ import annotations

from mosaia._types.work import Task
from mosaia.api import tasks
from mosaia.groups._extras import BatchDeletes


class Tasks(BatchDeletes[Task]):
    """Tasks (``/task``, or under an agent: ``client.tasks.under(agent=...)``), with batch delete.
    Each method returns ``Result[..., MosaiaError]``."""

    resource = tasks.resource
