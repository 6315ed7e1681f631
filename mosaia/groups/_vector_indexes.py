"""``client.vector_indexes``: vector indexes (``/index``; under a drive, a drive item, an org, a
user or an app)."""

from __future__ import annotations

from mosaia.api import vector_indexes
from mosaia.groups._base import Group, op, pages, walk


class VectorIndexes(Group):
    """Vector indexes (``/index``; under a drive, a drive item, an org, a user or an app). Each
    method returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = vector_indexes.resource

    get_all = op(vector_indexes.get_all)
    get_by_id = op(vector_indexes.get_by_id)
    create = op(vector_indexes.create)
    update = op(vector_indexes.update)
    delete = op(vector_indexes.delete)
    search = op(vector_indexes.search)
    reindex = op(vector_indexes.reindex)
    iterate = walk(vector_indexes.get_all)
    iter_pages = pages(vector_indexes.get_all)
