"""Triggers: what starts a task (a schedule, an event). Mounted at ``/trigger``,
``/task/{t}/trigger``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/trigger`` collection.

>>> from mosaia.api import triggers
>>> triggers.resource.under(task="t1").get_all().request.path
'/task/t1/trigger'
"""

from __future__ import annotations

from mosaia._types.answers import TriggerExecution
from mosaia._types.work import Trigger
from mosaia.api._crud import build
from mosaia.api._typed import TriggerResource as TypedTriggerResource
from mosaia.request import Call


class TriggerResource(TypedTriggerResource):
    """The trigger collection: the standard operations plus :meth:`execute`."""

    def execute(self, id: str) -> Call[TriggerExecution]:
        """POST ``/trigger/{id}/execute``: fire the trigger now, by hand; answers
        ``{message, triggerId}``."""
        path, problem = self.item(id)
        return build("POST", (path + "/execute", problem)).one(TriggerExecution)


#: The ``/trigger`` collection: the generic builders the operations below are bound from.
resource = TriggerResource("/trigger", Trigger)

#: GET ``/trigger``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/trigger/{id}``.
get_by_id = resource.get_by_id
#: POST ``/trigger``.
create = resource.create
#: PUT ``/trigger/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/trigger/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/trigger/{id}/execute``: fire the trigger now.
execute = resource.execute
