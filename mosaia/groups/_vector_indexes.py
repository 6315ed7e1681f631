"""``client.vector_indexes``: vector indexes (``/index``, or under a drive, drive item, org, user or
app)."""

from __future__ import annotations

from mosaia._types.drives import VectorIndex
from mosaia.api import vector_indexes
from mosaia.groups._base import CrudGroup


class VectorIndexes(CrudGroup[VectorIndex]):
    """Vector indexes (``/index``, or under a drive, drive item, org, user or app). Each method
    returns ``Result[..., MosaiaError]``."""

    resource = vector_indexes.resource
