"""``client.upload_jobs``: upload jobs of one drive: ``client.upload_jobs.under(drive=...)``;
read-only."""

from __future__ import annotations

from mosaia._types.drives import UploadJob
from mosaia.api import upload_jobs
from mosaia.groups._extras import ReadGroup


class UploadJobs(ReadGroup[UploadJob]):
    """Upload jobs of one drive: ``client.upload_jobs.under(drive=...)``; read-only. Each method
    returns ``Result[..., MosaiaError]``."""

    resource = upload_jobs.resource
