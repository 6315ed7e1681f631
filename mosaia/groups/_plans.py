"""``client.plans``: plans of tasks (``/plan``)."""

from __future__ import annotations

from mosaia.api import plans
from mosaia.groups._base import Group, op, pages, walk


class Plans(Group):
    """Plans of tasks (``/plan``). Each method returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = plans.resource

    get_all = op(plans.get_all)
    get_by_id = op(plans.get_by_id)
    create = op(plans.create)
    update = op(plans.update)
    delete = op(plans.delete)
    batch_delete = op(plans.batch_delete)
    approve = op(plans.approve)
    execute = op(plans.execute)
    iterate = walk(plans.get_all)
    iter_pages = pages(plans.get_all)
