"""``client.models``: models CRUD and OpenAI-compatible chat completions."""

from __future__ import annotations

from mosaia._types.entities import Model
from mosaia.api import models
from mosaia.groups._base import ChatGroup
from mosaia.groups._extras import Likes


class Models(Likes[Model], ChatGroup):
    """Manage models and chat with one directly (``model`` = its id or name)."""

    resource = models.resource
    chat = models.chat
