"""Users (``/user``): CRUD, list filters, and a user's session token.

>>> from mosaia.api import users
>>> users.get_session("u1").request.path
'/user/u1/session'
"""

from __future__ import annotations

from mosaia._types.entities import SessionToken, User
from mosaia.api._crud import build, expand
from mosaia.api._images import image_upload
from mosaia.api._typed import UserResource
from mosaia.request import Call

#: The ``/user`` collection: the generic CRUD builders the operations below are bound from.
resource = UserResource("/user", User)

#: GET ``/user``; filters ``search``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/user/{id}``.
get_by_id = resource.get_by_id
#: POST ``/user``; ``email`` is required.
create = resource.create
#: PUT ``/user/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/user/{id}``; ``force=True`` for a hard delete.
delete = resource.delete


def get_session(id: str) -> Call[SessionToken]:
    """GET ``/user/{id}/session``: a session token acting as that user."""
    return build("GET", expand("/user/{id}/session", id=id)).one(SessionToken)


def upload_image(
    id: str, data: bytes, filename: str, content_type: str | None = None
) -> Call[User]:
    """POST ``/user/{id}/profile/image/upload``: set the user's image from ``data``
    (one multipart part ``file`` named ``filename``, of ``content_type``); answers the
    updated user, its ``image`` now the stored URL.
    From disk: :func:`mosaia.files.image_from_path`."""
    return image_upload(resource, id, data, filename, content_type, profile=True)
