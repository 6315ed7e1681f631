"""``client.users``: users CRUD and session tokens, run on the client."""

from __future__ import annotations

from mosaia._types.entities import User
from mosaia.api import users
from mosaia.groups._base import CrudGroup, op


class Users(CrudGroup[User]):
    """Manage users. Each method returns ``Result[..., MosaiaError]``."""

    resource = users.resource
    get_session = op(users.get_session)
