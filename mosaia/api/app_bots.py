"""App bots (``/bot``): bots relaying an app's conversations; CRUD plus one-name ``get``.

Retired: the platform removed app bots in November 2025. App connectors
(:mod:`mosaia.api.app_connectors`, ``/app/{a}/connector``) and app webhooks
(:mod:`mosaia.api.app_webhooks`, ``/app/{a}/hook``) replace them; these operations stay for
code written against the seed SDK, and may stop being answered.

>>> from mosaia.api import app_bots
>>> app_bots.create({}, app="a1", response_url="https://x.test/hook").request.body
b'{"app":"a1","response_url":"https://x.test/hook"}'
"""

from __future__ import annotations

from mosaia._types.entities import AppBot
from mosaia.api._crud import Resource

#: The ``/bot`` collection: the generic CRUD builders the operations below are bound from.
resource = Resource("/bot", AppBot)

#: ``get()`` lists bots, ``get(id)`` or ``get(AppBot(id=...))`` fetches one.
get = resource.get
#: GET ``/bot``; filters ``app``, ``search``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/bot/{id}``.
get_by_id = resource.get_by_id
#: POST ``/bot``; ``app`` (its id) and ``response_url`` are required.
create = resource.create
#: PUT ``/bot/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/bot/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
