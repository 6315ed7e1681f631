"""Scopes (``GET /scope``): the OAuth scopes the platform knows, to ask a user for.

>>> from mosaia.api import scopes
>>> scopes.get_scopes().request.path
'/scope'
"""

from __future__ import annotations

from mosaia._types.answers import ScopeList
from mosaia.api._crud import build
from mosaia.request import Call


def get_scopes() -> Call[ScopeList]:
    """GET ``/scope``: every scope (``name``, ``description``); answered with or without
    ``data``."""
    return build("GET", "/scope").bare(ScopeList)
