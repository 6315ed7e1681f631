"""Strategies for list answers: pages of any item strategy, their paging, their wire form."""

from __future__ import annotations

import math
from typing import Any, TypeVar

import msgspec
from hypothesis import strategies as st

from mosaia.testing.strategies._entities import agents
from mosaia.types import Page, Paging

T = TypeVar("T")


def pagings() -> st.SearchStrategy[Paging]:
    """Consistent :class:`~mosaia._types.Paging` values (``total`` at least ``offset``)."""
    return st.builds(
        paging_for,
        st.integers(0, 500),
        st.integers(1, 100),
        st.integers(0, 100),
        st.integers(0, 500),
    )


def paging_for(offset: int, limit: int, count: int, more: int = 0) -> Paging:
    """The paging of a page of ``count`` items (at most ``limit``) at ``offset``, with ``more``
    items after it."""
    total = offset + min(count, limit) + more
    return Paging(
        offset=offset,
        limit=limit,
        total=total,
        page=offset // limit + 1,
        total_pages=math.ceil(total / limit),
    )


def pages(items: st.SearchStrategy[T] | None = None) -> st.SearchStrategy[Page[T]]:
    """:class:`~mosaia._types.Page` values of up to five ``items`` (agents by default), with
    consistent paging (sometimes none, as a server may omit it)."""
    drawn: st.SearchStrategy[Any] = items if items is not None else agents()
    return st.builds(_page, st.lists(drawn, max_size=5), st.one_of(st.none(), st.integers(0, 500)))


def _page(items: list[T], offset: int | None) -> Page[T]:
    if offset is None:
        return Page(items=items)
    return Page(items=items, paging=paging_for(offset, max(len(items), 10), len(items)))


def page_bodies(items: st.SearchStrategy[T] | None = None) -> st.SearchStrategy[bytes]:
    """The wire form of :func:`pages`: ``{"data": [...], "paging": {...}}`` as JSON bytes."""
    return pages(items).map(page_body)


def page_body(page: Page[Any]) -> bytes:
    """``page`` encoded as the API sends a list."""
    doc: dict[str, Any] = {"data": page.items}
    if page.paging is not None:
        doc["paging"] = page.paging
    return msgspec.json.encode(doc)
