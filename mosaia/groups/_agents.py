"""``client.agents``: agents CRUD and chat completions, run on the client."""

from __future__ import annotations

from mosaia.api import agents
from mosaia.groups._base import Group, astreaming, op, pages, streaming, walk


class Agents(Group):
    """Manage agents and chat with them. Each method returns ``Result[..., MosaiaError]``."""

    #: The collection its operations are declared over.
    resource = agents.resource
    #: The chat target its completions are declared over.
    chat = agents.chat

    get_all = op(agents.get_all)
    get_by_id = op(agents.get_by_id)
    upload_image = op(agents.upload_image)
    create = op(agents.create)
    update = op(agents.update)
    delete = op(agents.delete)
    batch_delete = op(agents.batch_delete)
    like = op(agents.like)
    fork = op(agents.fork)
    iterate = walk(agents.get_all)
    iter_pages = pages(agents.get_all)

    chat_completion = op(agents.chat_completion)
    async_chat_completion = op(agents.async_chat_completion)
    chat_completion_stream = streaming(agents.chat_completion_stream)
    achat_completion_stream = astreaming(agents.chat_completion_stream)
