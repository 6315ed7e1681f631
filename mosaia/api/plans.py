"""Plans: multi-step plans of tasks. Mounted at ``/plan``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/plan`` collection.

>>> from mosaia.api import plans
>>> plans.resource.get_by_id("p1").request.path
'/plan/p1'
"""

from __future__ import annotations

from typing import Any, Literal

from mosaia._types.answers import PlanApproval
from mosaia._types.work import Plan
from mosaia.api._crud import Body, build
from mosaia.api._typed import PlanResource as TypedPlanResource
from mosaia.request import Call

#: How an approved plan proceeds: its tasks wait for review, or run at once.
APPROVAL_MODES = ("review", "auto_execute")


class PlanResource(TypedPlanResource):
    """The plan collection: the standard operations plus :meth:`approve` and
    :meth:`execute`."""

    def approve(
        self, id: str, mode: Literal["review", "auto_execute"] = "review"
    ) -> Call[PlanApproval]:
        """POST ``/plan/{id}/approve`` ``{mode}``: approve a ``DRAFT`` plan (another is
        refused, 409), its tasks to be reviewed (``review``) or run at once
        (``auto_execute``). The platform answers 202 with the plan and the mode."""
        path, problem = self.item(id)
        if mode not in APPROVAL_MODES:
            problem = problem or f"mode must be one of {', '.join(APPROVAL_MODES)}, got {mode!r}"
        where = (path + "/approve", problem)
        return build("POST", where, body={"mode": mode}).bare(PlanApproval)

    def execute(self, id: str, body: Body = None, /, **fields: Any) -> Call[Plan]:
        """POST ``/plan/{id}/execute`` with ``{content, role}`` or nothing: run an approved
        plan; answers the plan."""
        path, problem = self.item(id)
        return build("POST", (path + "/execute", problem), body=body, fields=fields).one(Plan)


#: The ``/plan`` collection: the generic builders the operations below are bound from.
resource = PlanResource("/plan", Plan)

#: GET ``/plan``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/plan/{id}``.
get_by_id = resource.get_by_id
#: POST ``/plan``.
create = resource.create
#: PUT ``/plan/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/plan/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/plan/batch-delete`` with ``{"ids": [...]}``; ``force=True`` deletes for good.
batch_delete = resource.batch_delete
#: POST ``/plan/{id}/approve``: approve a ``DRAFT`` plan (``mode`` review or auto_execute).
approve = resource.approve
#: POST ``/plan/{id}/execute``: run an approved plan.
execute = resource.execute
