"""OAuth clients (``/client``): CRUD and list filters.

>>> from mosaia.api import clients
>>> clients.get_all({"org": "o1"}).request.query
(('org', 'o1'),)
"""

from __future__ import annotations

from mosaia._types.entities import Client
from mosaia.api._typed import ClientResource

#: The ``/client`` collection: the generic CRUD builders the operations below are bound from.
resource = ClientResource("/client", Client)

#: GET ``/client``; filters ``search``, ``active``, ``org``, ``user``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/client/{id}``.
get_by_id = resource.get_by_id
#: POST ``/client``; ``name`` and ``client_id`` are required.
create = resource.create
#: PUT ``/client/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/client/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
