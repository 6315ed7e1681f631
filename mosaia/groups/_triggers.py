"""``client.triggers``: triggers that start work (``/trigger``; ``under(task=...)``)."""

from __future__ import annotations

from mosaia.api import triggers
from mosaia.groups._base import Group, op, pages, walk


class Triggers(Group):
    """Triggers that start work (``/trigger``; ``under(task=...)``). Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = triggers.resource

    get_all = op(triggers.get_all)
    get_by_id = op(triggers.get_by_id)
    create = op(triggers.create)
    update = op(triggers.update)
    delete = op(triggers.delete)
    execute = op(triggers.execute)
    iterate = walk(triggers.get_all)
    iter_pages = pages(triggers.get_all)
