"""``client.users``: users CRUD and session tokens, run on the client."""

from __future__ import annotations

from mosaia.api import users
from mosaia.groups.base import CrudGroup, op
from mosaia.types.entities import User


class Users(CrudGroup[User]):
    """Manage users. Each method returns ``Result[..., MosaiaError]``."""

    resource = users.resource
    get_session = op(users.get_session)
