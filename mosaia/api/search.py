"""Search (``GET /search``): agents, apps, tools and models matching a query, in one call.

>>> from mosaia.api import search
>>> search.query("weather", search_types=["agent", "tool"], limit=5).request.query
(('q', 'weather'), ('search_types', 'agent,tool'), ('limit', '5'))
"""

from __future__ import annotations

from collections.abc import Sequence

from mosaia._types.answers import SearchResults
from mosaia.api._crud import build
from mosaia.request import Call


def query(
    q: str | None = None,
    *,
    search_types: Sequence[str] | None = None,
    search_type: str | None = None,
    limit: int | None = None,
) -> Call[SearchResults]:
    """GET ``/search?q=...``: the matching entities by kind. ``search_types`` (a subset of
    ``agent``, ``app``, ``tool``, ``model``) travels as ONE comma-joined value, as the platform
    reads lists; ``search_type`` names one kind. The answer may come with or without ``data``."""
    kinds = search_types if search_types is None or isinstance(search_types, str) else None
    if kinds is None and search_types is not None:
        kinds = ",".join(search_types)
    params = {"q": q, "search_types": kinds, "search_type": search_type, "limit": limit}
    return build("GET", "/search", params=params).bare(SearchResults)
