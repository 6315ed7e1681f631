"""App connectors: where an app's conversations arrive from (they replace app bots). Mounted at
``/connector``, ``/app/{a}/connector``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/connector`` collection.

>>> from mosaia.api import app_connectors
>>> app_connectors.resource.under(app="a1").get_all().request.path
'/app/a1/connector'
"""

from __future__ import annotations

from mosaia._types.apps import AppConnector
from mosaia.api._crud import Resource

#: The ``/connector`` collection: the generic builders the operations below are bound from.
resource = Resource("/connector", AppConnector)

#: GET ``/connector``: one page; filters ``app``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/connector/{id}``.
get_by_id = resource.get_by_id
#: POST ``/connector``.
create = resource.create
#: PUT ``/connector/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/connector/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
