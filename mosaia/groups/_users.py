"""``client.users``: users CRUD and session tokens, run on the client."""

from __future__ import annotations

from mosaia.api import users
from mosaia.groups._base import Group, op, pages, walk


class Users(Group):
    """Manage users. Each method returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = users.resource

    get_all = op(users.get_all)
    get_by_id = op(users.get_by_id)
    upload_image = op(users.upload_image)
    create = op(users.create)
    update = op(users.update)
    delete = op(users.delete)
    iterate = walk(users.get_all)
    iter_pages = pages(users.get_all)
    get_session = op(users.get_session)
