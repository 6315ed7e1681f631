"""``client.messages``: the messages of one log: ``client.messages.under(log=...)``."""

from __future__ import annotations

from mosaia.api import messages
from mosaia.groups._base import Group, op, pages, walk


class Messages(Group):
    """The messages of one log: ``client.messages.under(log=...)``. Each method returns
    ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = messages.resource

    get_all = op(messages.get_all)
    get_by_id = op(messages.get_by_id)
    create = op(messages.create)
    update = op(messages.update)
    delete = op(messages.delete)
    iterate = walk(messages.get_all)
    iter_pages = pages(messages.get_all)
