"""Files on disk to and from a drive: the shell around :mod:`mosaia.api.uploads`.

- :func:`upload` announces files to a drive, then PUTs each one's bytes straight to its
  presigned storage URL, streamed from disk (constant memory whatever the size), several at a
  time, with progress; each failed file is reported to its job's ``failed_url``. One
  ``Result`` per file.
- :func:`download` and :func:`iter_download` follow a drive item's download redirect to
  storage and stream its bytes to a file or to the caller.
- :func:`image_from_path` reads an image for ``client.agents.upload_image(...)`` and kin.

Storage is a second origin: nothing of the client's credentials goes there (its requests go
through a pool of their own, with no ``Authorization`` header); the presigned URL's query is
its own credential, so it is masked in every error. A presigned URL that is not https (except
to loopback) or that has expired is refused before a byte is sent.
"""

from __future__ import annotations

from mosaia.files._common import (
    CHUNK,
    Downloaded,
    LocalImage,
    Transfer,
    Transport,
    image_from_path,
    masked,
    storage_url_problem,
)
from mosaia.files._download import download, iter_download
from mosaia.files._upload import upload

__all__ = [
    "CHUNK",
    "Downloaded",
    "LocalImage",
    "Transfer",
    "Transport",
    "download",
    "image_from_path",
    "iter_download",
    "masked",
    "storage_url_problem",
    "upload",
]
