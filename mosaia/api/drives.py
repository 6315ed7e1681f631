"""Drives: storage spaces of files and folders. Mounted at ``/drive``, ``/org/{o}/drive``,
``/user/{u}/drive``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/drive`` collection.

>>> from mosaia.api import drives
>>> drives.resource.under(org="o1").get_all().request.path
'/org/o1/drive'
"""

from __future__ import annotations

from mosaia._types.drives import Drive
from mosaia.api._typed import DriveResource

#: The ``/drive`` collection: the generic builders the operations below are bound from.
resource = DriveResource("/drive", Drive)

#: GET ``/drive``: one page; filters ``org``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/drive/{id}``.
get_by_id = resource.get_by_id
#: POST ``/drive``.
create = resource.create
#: PUT ``/drive/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/drive/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/drive/{id}/access``: give an accessor a role on the drive.
grant_access = resource.grant_access
#: DELETE ``/drive/{id}/access`` with ``{accessor}``: take the accessor's access away.
revoke_access = resource.revoke_access
#: GET ``/drive/{id}/access``: who may reach the drive.
list_access = resource.list_access
