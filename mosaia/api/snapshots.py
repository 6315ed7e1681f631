"""Snapshots: saved states of a log. Mounted at ``/snapshot``, ``/log/{l}/snapshot``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/snapshot`` collection.

>>> from mosaia.api import snapshots
>>> snapshots.resource.under(log="l1").get_all().request.path
'/log/l1/snapshot'
"""

from __future__ import annotations

from mosaia._types.work import Snapshot
from mosaia.api._crud import Resource

#: The ``/snapshot`` collection: the generic builders the operations below are bound from.
resource = Resource("/snapshot", Snapshot)

#: GET ``/snapshot``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/snapshot/{id}``.
get_by_id = resource.get_by_id
#: POST ``/snapshot``.
create = resource.create
#: PUT ``/snapshot/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/snapshot/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
