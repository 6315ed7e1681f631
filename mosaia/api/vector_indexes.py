"""Vector indexes: searchable embeddings of documents. Mounted at ``/index``, ``/drive/{d}/index``,
``/drive/{d}/item/{i}/index``, ``/org/{o}/index``, ``/user/{u}/index``, ``/app/{a}/index``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/index`` collection.

>>> from mosaia.api import vector_indexes
>>> vector_indexes.resource.under(drive="d1").get_by_id("x1").request.path
'/drive/d1/index/x1'
"""

from __future__ import annotations

from mosaia._types.drives import VectorIndex
from mosaia.api._crud import Resource

#: The ``/index`` collection: the generic builders the operations below are bound from.
resource = Resource("/index", VectorIndex)

#: GET ``/index``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/index/{id}``.
get_by_id = resource.get_by_id
#: POST ``/index``.
create = resource.create
#: PUT ``/index/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/index/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
