"""``client.messages``: messages of one log: ``client.messages.under(log=...)``."""

from __future__ import annotations

from mosaia._types.work import Message
from mosaia.api import messages
from mosaia.groups._base import CrudGroup


class Messages(CrudGroup[Message]):
    """Messages of one log: ``client.messages.under(log=...)``. Each method returns ``Result[...,
    MosaiaError]``."""

    resource = messages.resource
