"""Logs: an agent's conversation logs. Mounted at ``/log``, ``/agent/{a}/log``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/log`` collection.

>>> from mosaia.api import logs
>>> logs.resource.under(agent="a1").get_all().request.path
'/agent/a1/log'
"""

from __future__ import annotations

from mosaia._types.work import Log
from mosaia.api._typed import LogResource

#: The ``/log`` collection: the generic builders the operations below are bound from.
resource = LogResource("/log", Log)

#: GET ``/log``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/log/{id}``.
get_by_id = resource.get_by_id
#: POST ``/log``.
create = resource.create
#: PUT ``/log/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/log/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/log/batch-delete`` with ``{"ids": [...]}``; ``force=True`` deletes for good.
batch_delete = resource.batch_delete
