"""``client.notifications``: Notifications sent through the platform (POST /notify/email)."""

from __future__ import annotations

from mosaia.api import notifications
from mosaia.groups._base import Group, op


class Notifications(Group):
    """Notifications sent through the platform (POST /notify/email); the method returns
    ``Result[..., MosaiaError]``."""

    send_email = op(notifications.send_email)
