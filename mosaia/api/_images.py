"""The image upload every entity with a picture shares (contract 4.3): a private helper, the
public operations being each entity module's ``upload_image``."""

from __future__ import annotations

from typing import TypeVar

from mosaia.api._crud import Resource, build
from mosaia.api.uploads import multipart
from mosaia.multipart import Part
from mosaia.request import Call

E = TypeVar("E")


def image_upload(
    resource: Resource[E],
    id: str,
    data: bytes,
    filename: str,
    content_type: str | None = None,
    *,
    profile: bool = False,
    boundary: str | None = None,
) -> Call[E]:
    """POST ``{resource}/{id}/image/upload`` (``/profile/image/upload`` for users and orgs) with
    one multipart part ``file`` carrying the image: answers the updated entity, bare or in
    ``data``. Empty image bytes or a missing filename make the call invalid."""
    path, problem = resource.item(id)
    suffix = "/profile/image/upload" if profile else "/image/upload"
    if not isinstance(data, bytes | bytearray) or not data:
        problem = problem or "image data must be non-empty bytes"
    elif not isinstance(filename, str) or not filename:
        problem = problem or "image filename must be a non-empty string"
    part = Part(
        "file", bytes(data) if isinstance(data, bytes | bytearray) else b"", filename, content_type
    )
    draft = multipart(build("POST", (path + suffix, problem)), [part], boundary)
    return draft.bare(resource.entity)
