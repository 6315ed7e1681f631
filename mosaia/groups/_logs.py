"""``client.logs``: agent logs (``/log``, or under an agent), with batch delete."""

from __future__ import annotations

from mosaia._types.work import Log
from mosaia.api import logs
from mosaia.groups._extras import BatchDeletes


class Logs(BatchDeletes[Log]):
    """Agent logs (``/log``, or under an agent), with batch delete. Each method returns
    ``Result[..., MosaiaError]``."""

    resource = logs.resource
