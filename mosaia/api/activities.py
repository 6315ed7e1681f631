"""Activities: the audit log (read-only). Mounted at ``/activity``, ``/org/{o}/activity``,
``/user/{u}/activity``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/activity`` collection.

>>> from mosaia.api import activities
>>> activities.resource.get_all({"since": "x1"}).request.query
(('since', 'x1'),)
"""

from __future__ import annotations

from mosaia._types.work import Activity
from mosaia.api._crud import Resource

#: The ``/activity`` collection: the generic builders the operations below are bound from.
resource = Resource("/activity", Activity)

#: GET ``/activity``: one page; filters ``resource``, ``resource_id``, ``operation``, ``since`` (an
#: activity id: newer rows only), ``user``, ``org``, ``all`` (``true``: no paging), ``limit``,
#: ``offset``.
get_all = resource.get_all
#: GET ``/activity/{id}``.
get_by_id = resource.get_by_id
