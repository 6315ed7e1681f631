"""Upload jobs: one per file announced to a drive, at ``/drive/{d}/upload`` (only under a drive).
Read-only here: list them and read one job's status.

>>> from mosaia.api import upload_jobs
>>> upload_jobs.resource.under(drive="d1").get_by_id("j1").request.path
'/drive/d1/upload/j1'
"""

from __future__ import annotations

from mosaia._types.drives import UploadJob
from mosaia.api._crud import Resource

#: The ``/upload`` collection, reached under a drive: ``resource.under(drive="d1")``.
resource = Resource("/upload", UploadJob, needs=("drive",))

#: GET ``/drive/{d}/upload``: one page; filters ``status``, ``drive``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/drive/{d}/upload/{job}``: the job's status.
get_by_id = resource.get_by_id
