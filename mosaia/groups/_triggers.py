"""``client.triggers``: triggers (``/trigger``, or under a task)."""

from __future__ import annotations

from mosaia._types.work import Trigger
from mosaia.api import triggers
from mosaia.groups._base import CrudGroup


class Triggers(CrudGroup[Trigger]):
    """Triggers (``/trigger``, or under a task). Each method returns ``Result[...,
    MosaiaError]``."""

    resource = triggers.resource
