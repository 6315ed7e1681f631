"""``client.models``: models CRUD and OpenAI-compatible chat completions."""

from __future__ import annotations

from mosaia.api import models
from mosaia.groups._base import Group, astreaming, op, pages, streaming, walk


class Models(Group):
    """Manage models and chat with one directly (``model`` = its id or name)."""

    #: The collection its operations are declared over.
    resource = models.resource
    #: The chat target its completions are declared over.
    chat = models.chat

    get_all = op(models.get_all)
    get_by_id = op(models.get_by_id)
    create = op(models.create)
    update = op(models.update)
    delete = op(models.delete)
    like = op(models.like)
    rerank = op(models.rerank)
    embeddings = op(models.embeddings)
    iterate = walk(models.get_all)
    iter_pages = pages(models.get_all)

    chat_completion = op(models.chat_completion)
    async_chat_completion = op(models.async_chat_completion)
    chat_completion_stream = streaming(models.chat_completion_stream)
    achat_completion_stream = astreaming(models.chat_completion_stream)
