"""``client.scopes``: the OAuth scopes the platform knows (``GET /scope``)."""

from __future__ import annotations

from mosaia.api import scopes
from mosaia.groups._base import Group, op


class Scopes(Group):
    """The OAuth scopes the platform knows (``GET /scope``). The method returns ``Result[...,
    MosaiaError]``."""

    get_scopes = op(scopes.get_scopes)
