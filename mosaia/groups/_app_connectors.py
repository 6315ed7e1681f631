"""``client.app_connectors``: app connectors (``/connector``, or under an app); they replace app
bots."""

from __future__ import annotations

from mosaia._types.apps import AppConnector
from mosaia.api import app_connectors
from mosaia.groups._base import CrudGroup


class AppConnectors(CrudGroup[AppConnector]):
    """App connectors (``/connector``, or under an app); they replace app bots. Each method returns
    ``Result[..., MosaiaError]``."""

    resource = app_connectors.resource
