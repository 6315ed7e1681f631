"""Vectors: the entries of one vector index. Mounted at ``/index/{i}/vector`` (only under an index).

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the parentless (and so invalid until under(...)) ``/vector`` collection.

>>> from mosaia.api import vectors
>>> vectors.resource.under(index="x1").get_all().request.path
'/index/x1/vector'
"""

from __future__ import annotations

from mosaia._types.drives import Vector
from mosaia.api._crud import Resource

#: The ``/vector`` collection: the generic builders the operations below are bound from.
resource = Resource("/vector", Vector, needs=("index",))

#: GET ``/vector``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/vector/{id}``.
get_by_id = resource.get_by_id
#: POST ``/vector``.
create = resource.create
#: PUT ``/vector/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/vector/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
