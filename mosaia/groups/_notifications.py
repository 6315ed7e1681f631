"""``client.notifications``: email notifications (``POST /notify/email``)."""

from __future__ import annotations

from mosaia.api import notifications
from mosaia.groups._base import Group, op


class Notifications(Group):
    """Email notifications (``POST /notify/email``). The method returns ``Result[...,
    MosaiaError]``."""

    send_email = op(notifications.send_email)
