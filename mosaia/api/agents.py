"""Agents (``/agent``): CRUD, list filters, and chat completions.

>>> from mosaia.api import agents
>>> agents.get_by_id("a1").request.path
'/agent/a1'
"""

from __future__ import annotations

from mosaia._types.entities import Agent
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Resource

#: The ``/agent`` collection: the generic CRUD builders the operations below are bound from.
resource = Resource("/agent", Agent)
#: Chat completions at ``/agent/chat/completions`` and ``/agent/{id}/chat/completions``; its
#: ``chat_completion_stream`` builds the streamed form.
chat = ChatTarget("/agent")

#: GET ``/agent``; filters ``search``, ``search_type``, ``search_types``, ``q``, ``active``,
#: ``public``, ``tags``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/agent/{id}``; params may carry ``export`` (e.g. ``"full"``).
get_by_id = resource.get_by_id
#: POST ``/agent``; ``name`` and ``short_description`` are required.
create = resource.create
#: PUT ``/agent/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/agent/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/agent/chat/completions`` with ``model`` = the agent id (or, given ``id=``, the
#: agent's own ``/agent/{id}/chat/completions``).
chat_completion = chat.chat_completion
#: Like ``chat_completion`` with ``"type": "async"``: queued by the platform.
async_chat_completion = chat.async_chat_completion
#: The same completion streamed as Server-Sent Events (run it with ``client.stream``).
chat_completion_stream = chat.chat_completion_stream
