"""``client.upload_jobs``: a drive's upload jobs (``client.upload_jobs.under(drive=...)``): list
and get."""

from __future__ import annotations

from mosaia.api import upload_jobs
from mosaia.groups._base import Group, op, pages, walk


class UploadJobs(Group):
    """A drive's upload jobs (``client.upload_jobs.under(drive=...)``): list and get. Each method
    returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = upload_jobs.resource

    get_all = op(upload_jobs.get_all)
    get_by_id = op(upload_jobs.get_by_id)
    iterate = walk(upload_jobs.get_all)
    iter_pages = pages(upload_jobs.get_all)
