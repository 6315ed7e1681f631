"""Agents (``/agent``): CRUD, list filters, and chat completions.

>>> from mosaia.api import agents
>>> agents.get_by_id("a1").request.path
'/agent/a1'
"""

from __future__ import annotations

from mosaia.api.chat import ChatTarget
from mosaia.api.crud import Resource
from mosaia.types.entities import Agent

resource = Resource("/agent", Agent)
chat = ChatTarget("/agent")

#: GET ``/agent``; filters ``search``, ``search_type``, ``search_types``, ``q``, ``active``,
#: ``public``, ``tags``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/agent/{id}``; params may carry ``export`` (e.g. ``"full"``).
get_by_id = resource.get_by_id
create = resource.create
update = resource.update
delete = resource.delete
chat_completion = chat.chat_completion
async_chat_completion = chat.async_chat_completion
