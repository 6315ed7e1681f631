"""App webhooks: URLs the platform calls on an app's events. Mounted at ``/hook``,
``/app/{a}/hook``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/hook`` collection.

>>> from mosaia.api import app_webhooks
>>> app_webhooks.resource.under(app="a1").get_all().request.path
'/app/a1/hook'
"""

from __future__ import annotations

from mosaia._types.apps import AppWebhook
from mosaia.api._crud import Resource

#: The ``/hook`` collection: the generic builders the operations below are bound from.
resource = Resource("/hook", AppWebhook)

#: GET ``/hook``: one page; filters ``app``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/hook/{id}``.
get_by_id = resource.get_by_id
#: POST ``/hook``.
create = resource.create
#: PUT ``/hook/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/hook/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
