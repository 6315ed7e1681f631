"""Agent groups (``/group``): CRUD, list filters, and chat completions with a whole group.

Retired: the platform removed agent groups in December 2025 ("no longer supported"); these
operations stay for code written against the seed SDK, and may stop being answered.

>>> from mosaia.api import agent_groups
>>> agent_groups.chat_completion({"model": "g1"}).request.path
'/group/chat/completions'
"""

from __future__ import annotations

from mosaia._types.entities import AgentGroup
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Resource

#: The ``/group`` collection: the generic CRUD builders the operations below are bound from.
resource = Resource("/group", AgentGroup)
#: Chat completions with a whole group (``/group/chat/completions``, or per group by ``id``).
chat = ChatTarget("/group")

#: GET ``/group``; filters as for agents: ``search``, ``search_type``, ``search_types``, ``q``,
#: ``active``, ``public``, ``tags``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/group/{id}``.
get_by_id = resource.get_by_id
#: POST ``/group``; ``name`` and ``short_description`` are required, ``agents`` lists members.
create = resource.create
#: PUT ``/group/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/group/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/group/chat/completions`` (``model`` = the group id), or ``/group/{id}/...``.
chat_completion = chat.chat_completion
#: Like ``chat_completion`` with ``"type": "async"``.
async_chat_completion = chat.async_chat_completion
#: The same completion streamed as Server-Sent Events (run it with ``client.stream``).
chat_completion_stream = chat.chat_completion_stream
