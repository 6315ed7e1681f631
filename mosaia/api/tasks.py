"""Tasks: work items an agent carries out. Mounted at ``/task``, ``/agent/{a}/task`` (prefixes
stack: ``/org/{o}/agent/{a}/task``).

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/task`` collection.

>>> from mosaia.api import tasks
>>> tasks.resource.under(org="o1", agent="a1").get_all().request.path
'/org/o1/agent/a1/task'
"""

from __future__ import annotations

from typing import Any

from mosaia._types.work import Task
from mosaia.api._crud import Body, build
from mosaia.api._typed import TaskResource as TypedTaskResource
from mosaia.request import Call


class TaskResource(TypedTaskResource):
    """The task collection: the standard operations plus :meth:`execute` and
    :meth:`interrupt`."""

    def execute(self, id: str, body: Body = None, /, **fields: Any) -> Call[Task]:
        """POST ``/task/{id}/execute`` with ``{content, role}`` (``role`` defaults to
        ``"user"`` on the platform) or nothing: the agent starts the task. Only a ``PENDING`` or
        ``REVIEW`` task runs; another is refused (409). Answers the task."""
        path, problem = self.item(id)
        return build("POST", (path + "/execute", problem), body=body, fields=fields).one(Task)

    def interrupt(self, id: str) -> Call[Task]:
        """POST ``/task/{id}/interrupt``: stop a running task; answers the task."""
        path, problem = self.item(id)
        return build("POST", (path + "/interrupt", problem)).one(Task)


#: The ``/task`` collection: the generic builders the operations below are bound from.
resource = TaskResource("/task", Task)

#: GET ``/task``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/task/{id}``.
get_by_id = resource.get_by_id
#: POST ``/task``.
create = resource.create
#: PUT ``/task/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/task/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/task/batch-delete`` with ``{"ids": [...]}``; ``force=True`` deletes for good.
batch_delete = resource.batch_delete
#: POST ``/task/{id}/execute``: run a ``PENDING`` or ``REVIEW`` task.
execute = resource.execute
#: POST ``/task/{id}/interrupt``: stop a running task.
interrupt = resource.interrupt
