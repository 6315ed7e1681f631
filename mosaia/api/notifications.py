"""Notifications (``POST /notify/email``): send an email through the platform.

>>> from mosaia.api import notifications
>>> notifications.send_email("a@b.test", "Hi", text="Hello").request.body
b'{"to":"a@b.test","subject":"Hi","text":"Hello"}'
"""

from __future__ import annotations

from mosaia._types.answers import EmailNotificationResult
from mosaia.api._crud import build
from mosaia.request import Call


def send_email(
    to: str, subject: str, *, text: str | None = None, html: str | None = None
) -> Call[EmailNotificationResult]:
    """POST ``/notify/email`` with ``{to, subject, text?, html?}``: whether it was sent (and the
    message id); answered with or without ``data``. An empty ``to`` or ``subject`` is invalid."""
    body = {"to": to, "subject": subject, "text": text, "html": html}
    sent = {key: value for key, value in body.items() if value is not None}
    missing = next((key for key in ("to", "subject") if not body[key]), None)
    problem = None if missing is None else f"{missing} must be a non-empty string"
    return build("POST", ("/notify/email", problem), body=sent).bare(EmailNotificationResult)
