"""``client.drive_items``: the files and folders of one drive, ``client.drive_items.under(
drive=...)``, with lookup by path and batch delete."""

from __future__ import annotations

from returns.result import Result

from mosaia._types.drives import DriveItem
from mosaia.api import drive_items
from mosaia.errors import MosaiaError
from mosaia.groups._extras import BatchDeletes


class DriveItems(BatchDeletes[DriveItem]):
    """Manage a drive's items. Reach the drive first: ``client.drive_items.under(drive="d1")``;
    without it every call is refused as an ``InvalidRequest`` and nothing is sent."""

    resource: drive_items.DriveItemResource = drive_items.resource

    def get_by_path(
        self, path: str, *, case_sensitive: bool | None = None
    ) -> Result[DriveItem, MosaiaError]:
        """The item at ``path`` in the drive (``"/docs/report.pdf"``)."""
        return self._client.run(self.resource.get_by_path(path, case_sensitive=case_sensitive))
