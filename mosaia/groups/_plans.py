"""``client.plans``: plans (``/plan``), with batch delete."""

from __future__ import annotations

from mosaia._types.work import Plan
from mosaia.api import plans
from mosaia.groups._extras import BatchDeletes


class Plans(BatchDeletes[Plan]):
    """Plans (``/plan``), with batch delete. Each method returns ``Result[..., MosaiaError]``."""

    resource = plans.resource
