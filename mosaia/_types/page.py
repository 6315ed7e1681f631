"""A page of a list answer: the items plus the server's paging numbers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

import msgspec

T = TypeVar("T")


class Paging(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where a page sits in the whole list, as the API reports it."""

    offset: int | None = None
    limit: int | None = None
    total: int | None = None
    page: int | None = None
    total_pages: int | None = None


class Page(msgspec.Struct, Generic[T], frozen=True):
    """One page of a list: ``items`` in server order and ``paging`` (``None`` if not sent)."""

    items: list[T]
    paging: Paging | None = None

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        """The items, so a page reads like the list it is (``for agent in page``)."""
        return iter(self.items)
