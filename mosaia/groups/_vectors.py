"""``client.vectors``: the vectors of one index: ``client.vectors.under(index=...)``."""

from __future__ import annotations

from mosaia.api import vectors
from mosaia.groups._base import Group, op, pages, walk


class Vectors(Group):
    """The vectors of one index: ``client.vectors.under(index=...)``. Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = vectors.resource

    get_all = op(vectors.get_all)
    get_by_id = op(vectors.get_by_id)
    create = op(vectors.create)
    update = op(vectors.update)
    delete = op(vectors.delete)
    iterate = walk(vectors.get_all)
    iter_pages = pages(vectors.get_all)
