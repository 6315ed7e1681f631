"""Plans: multi-step plans of tasks. Mounted at ``/plan``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/plan`` collection.

>>> from mosaia.api import plans
>>> plans.resource.get_by_id("p1").request.path
'/plan/p1'
"""

from __future__ import annotations

from mosaia._types.work import Plan
from mosaia.api._typed import PlanResource

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
