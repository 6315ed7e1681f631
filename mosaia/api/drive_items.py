"""Drive items: the files and folders of one drive, at ``/drive/{d}/item`` (only under a drive).

Besides CRUD: :meth:`DriveItemResource.get_by_path` finds an item by its path in the drive, and
``batch_delete`` deletes many at once. The module-level operations belong to the parentless
collection, so they are invalid until reached with ``resource.under(drive=...)``.

>>> from mosaia.api import drive_items
>>> drive_items.resource.under(drive="d1").get_by_path("/docs/a b.txt").request.path
'/drive/d1/item/docs/a%20b.txt'
"""

from __future__ import annotations

from urllib.parse import quote

from mosaia._types.drives import DriveItem
from mosaia.api._crud import build
from mosaia.api._typed import DriveItemResource as TypedDriveItemResource
from mosaia.request import Call, segment_problem


class DriveItemResource(TypedDriveItemResource):
    """The item collection of a drive: the standard operations plus :meth:`get_by_path`."""

    def get_by_path(self, path: str, *, case_sensitive: bool | None = None) -> Call[DriveItem]:
        """GET ``/drive/{d}/item/{path...}``: the item at ``path`` in the drive (a leading
        slash is dropped, the other slashes kept; each part is percent-encoded on its own).
        ``case_sensitive=False`` matches names regardless of case. An empty path, or a part
        that is ``.`` or ``..``, is a caller mistake: the call is invalid."""
        parts = path.removeprefix("/").split("/") if isinstance(path, str) else [path]
        problem = next(
            (p for part in parts if (p := segment_problem(part, "path part")) is not None), None
        )
        # Text that cannot stand in a URL is only reported, never encoded.
        encoded = "" if problem else "/".join(quote(part, safe="") for part in parts)
        params = {"caseSensitive": case_sensitive}
        where = (f"{self.path}/{encoded}", self.problem or problem)
        return build("GET", where, params=params).one(DriveItem)


#: The ``/item`` collection, reached under a drive: ``resource.under(drive="d1")``.
resource = DriveItemResource("/item", DriveItem, needs=("drive",))

#: GET ``/drive/{d}/item``: one page; filters ``mime_type``, ``path``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/drive/{d}/item/{id}``.
get_by_id = resource.get_by_id
#: GET ``/drive/{d}/item/{path...}``: the item at a path.
get_by_path = resource.get_by_path
#: POST ``/drive/{d}/item`` (a folder or metadata item); params may carry ``index=true``.
create = resource.create
#: PUT ``/drive/{d}/item/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/drive/{d}/item/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/drive/{d}/item/batch-delete`` with ``{"ids": [...]}``; ``force=True`` for good.
batch_delete = resource.batch_delete
#: POST ``/drive/{d}/item/{id}/access``: give an accessor a role on the item.
grant_access = resource.grant_access
#: DELETE ``/drive/{d}/item/{id}/access`` with ``{accessor}``: take the accessor's access away.
revoke_access = resource.revoke_access
#: GET ``/drive/{d}/item/{id}/access``: who may reach the item.
list_access = resource.list_access
