"""``client.vectors``: vectors of one index: ``client.vectors.under(index=...)``."""

from __future__ import annotations

from mosaia._types.drives import Vector
from mosaia.api import vectors
from mosaia.groups._base import CrudGroup


class Vectors(CrudGroup[Vector]):
    """Vectors of one index: ``client.vectors.under(index=...)``. Each method returns ``Result[...,
    MosaiaError]``."""

    resource = vectors.resource
