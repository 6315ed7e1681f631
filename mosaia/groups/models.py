"""``client.models``: models CRUD and OpenAI-compatible chat completions."""

from __future__ import annotations

from mosaia.api import models
from mosaia.groups.base import ChatGroup, CrudGroup
from mosaia.types.entities import Model


class Models(CrudGroup[Model], ChatGroup):
    """Manage models and chat with one directly (``model`` = its id or name)."""

    resource = models.resource
    chat = models.chat
