"""Group operations beyond CRUD that several collections share: a read-only group, batch
delete and like. Each runs on the group's own collection, so it follows ``under(...)``."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Generic, Self, TypeVar

from returns.result import Result

from mosaia._types.answers import BatchDeleteResult
from mosaia._types.page import Page
from mosaia.api._crud import Params, Resource
from mosaia.errors import MosaiaError
from mosaia.groups._base import CrudGroup, Group

E = TypeVar("E")


class ReadGroup(Group, Generic[E]):
    """A group over a read-only collection (activities, upload jobs): list and get only."""

    resource: Resource[E]

    def get_all(self, params: Params = None) -> Result[Page[E], MosaiaError]:
        """One page of items, filtered by ``params``."""
        return self._client.run(self.resource.get_all(params))

    def get_by_id(self, id: str, params: Params = None) -> Result[E, MosaiaError]:
        """One item by id."""
        return self._client.run(self.resource.get_by_id(id, params))

    def iterate(self, params: Params = None) -> Iterator[Result[E, MosaiaError]]:
        """Every item of the list, lazily, one page in memory at a time."""
        return self._client.iterate(self.resource.get_all(params))

    def under(self, **parents: str | None) -> Self:
        """A new group of this kind over the collection under ``parents``, outermost first."""
        scoped = copy.copy(self)
        scoped.resource = self.resource.under(**parents)
        return scoped


class BatchDeletes(CrudGroup[E]):
    """A CRUD group whose collection deletes many items in one call."""

    def batch_delete(
        self, ids: list[str], *, force: bool = False
    ) -> Result[BatchDeleteResult, MosaiaError]:
        """Delete every item of ``ids`` (for good with ``force=True``); the answer says which
        were deleted and which failed. An empty list is refused, nothing sent."""
        return self._client.run(self.resource.batch_delete(ids, force=force))


class Likes(CrudGroup[E]):
    """A CRUD group whose items the caller can like."""

    def like(self, id: str) -> Result[E, MosaiaError]:
        """Toggle the caller's like of an item; the answer is the item after the toggle."""
        return self._client.run(self.resource.like(id))
