"""Organizations (``/org``): CRUD, list filters, and members (``/org/{id}/user[/{user}]``).

A member is an :class:`~mosaia._types.OrgUser`: a user, the org, and the permission the user
holds there. Members are addressed by the member's user id.

>>> from mosaia.api import organizations
>>> organizations.get_member("o1", "u1").request.path
'/org/o1/user/u1'
"""

from __future__ import annotations

from typing import Any

from mosaia._types.entities import Organization, OrgUser
from mosaia._types.page import Page
from mosaia.api import memberships
from mosaia.api._crud import Body, Params, Resource
from mosaia.api._images import image_upload
from mosaia.api._typed import OrganizationResource
from mosaia.request import Call

#: The ``/org`` collection: the generic CRUD builders the operations below are bound from.
resource = OrganizationResource("/org", Organization)

#: GET ``/org``; filters ``search``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/org/{id}``.
get_by_id = resource.get_by_id
#: POST ``/org``; ``name`` is required.
create = resource.create
#: PUT ``/org/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/org/{id}``; ``force=True`` for a hard delete.
delete = resource.delete


def members(org_id: str) -> Resource[OrgUser]:
    """The member collection of one organization, ``/org/{org_id}/user``: a convenience for
    ``memberships.members.under(org=org_id)``, the one way it is reached."""
    return memberships.members.under(org=org_id)


def get_members(org_id: str, params: Params = None) -> Call[Page[OrgUser]]:
    """GET ``/org/{org_id}/user``: one page of the organization's memberships."""
    return members(org_id).get_all(params)


def get_member(org_id: str, user_id: str) -> Call[OrgUser]:
    """GET ``/org/{org_id}/user/{user_id}``: one user's membership."""
    return members(org_id).get_by_id(user_id)


def add_member(org_id: str, body: Body = None, /, **fields: Any) -> Call[OrgUser]:
    """POST ``/org/{org_id}/user``: make a user a member (``user`` and ``permission``)."""
    return members(org_id).create(body, **fields)


def update_member(org_id: str, user_id: str, body: Body = None, /, **fields: Any) -> Call[OrgUser]:
    """PUT ``/org/{org_id}/user/{user_id}``: change a membership (e.g. its ``permission``)."""
    return members(org_id).update(user_id, body, **fields)


def remove_member(
    org_id: str, user_id: str, params: Params = None, *, force: bool | None = None
) -> Call[None]:
    """DELETE ``/org/{org_id}/user/{user_id}``: end a membership (``force=True``: for good)."""
    return members(org_id).delete(user_id, params, force=force)


def upload_image(
    id: str, data: bytes, filename: str, content_type: str | None = None
) -> Call[Organization]:
    """POST ``/org/{id}/profile/image/upload``: set the organization's image from ``data``
    (one multipart part ``file`` named ``filename``, of ``content_type``); answers the
    updated organization, its ``image`` now the stored URL.
    From disk: :func:`mosaia.files.image_from_path`."""
    return image_upload(resource, id, data, filename, content_type, profile=True)
