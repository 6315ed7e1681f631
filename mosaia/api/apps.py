"""Apps (``/app``): third-party applications; CRUD plus the seed's one-name ``get``.

>>> from mosaia.api import apps
>>> apps.get().request.path, apps.get("a1").request.path
('/app', '/app/a1')
"""

from __future__ import annotations

from mosaia._types.entities import App
from mosaia.api._images import image_upload
from mosaia.api._typed import AppResource
from mosaia.request import Call

#: The ``/app`` collection: the generic CRUD builders the operations below are bound from.
resource = AppResource("/app", App)

#: ``get()`` lists apps, ``get(id)`` or ``get(App(id=...))`` fetches one.
get = resource.get
#: GET ``/app``; filters ``search``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/app/{id}``.
get_by_id = resource.get_by_id
#: POST ``/app``; ``name`` and ``short_description`` are required.
create = resource.create
#: PUT ``/app/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/app/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/app/{id}/like``: toggle the caller's like; answers the app after the toggle.
like = resource.like


def upload_image(id: str, data: bytes, filename: str, content_type: str | None = None) -> Call[App]:
    """POST ``/app/{id}/image/upload``: set the app's image from ``data``
    (one multipart part ``file`` named ``filename``, of ``content_type``); answers the
    updated app, its ``image`` now the stored URL.
    From disk: :func:`mosaia.files.image_from_path`."""
    return image_upload(resource, id, data, filename, content_type)
