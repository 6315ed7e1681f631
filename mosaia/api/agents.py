"""Agents (``/agent``, and under ``/org/{o}`` or ``/user/{u}`` via ``resource.under``): CRUD,
list filters, batch delete, like, fork, and chat completions.

>>> from mosaia.api import agents
>>> agents.get_by_id("a1").request.path
'/agent/a1'
"""

from __future__ import annotations

from typing import Any

from mosaia._types.entities import Agent
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import Body, build
from mosaia.api._images import image_upload
from mosaia.api._typed import AgentResource
from mosaia.request import Call

#: The ``/agent`` collection: the generic CRUD builders the operations below are bound from.
resource = AgentResource("/agent", Agent)
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
#: POST ``/agent/batch-delete`` with ``{"ids": [...]}``; ``force=True`` deletes for good.
batch_delete = resource.batch_delete
#: POST ``/agent/{id}/like``: toggle the caller's like; answers the agent after the toggle.
like = resource.like


def fork(
    id: str, body: Body = None, /, *, generate_system_message: bool | None = None, **fields: Any
) -> Call[Agent]:
    """POST ``/agent/{id}/fork``: a copy of the agent as a new agent of the caller's, with the
    fields of ``body`` and keywords overriding the copy (no body when none are given).
    ``generate_system_message`` asks the platform to write the copy a new system prompt."""
    path, problem = resource.item(id)
    params = {"generate_system_message": generate_system_message}
    where = (path + "/fork", problem)
    return build("POST", where, params=params, body=body, fields=fields).one(Agent)


def upload_image(
    id: str, data: bytes, filename: str, content_type: str | None = None
) -> Call[Agent]:
    """POST ``/agent/{id}/image/upload``: set the agent's image from ``data``
    (one multipart part ``file`` named ``filename``, of ``content_type``); answers the
    updated agent, its ``image`` now the stored URL.
    From disk: :func:`mosaia.files.image_from_path`."""
    return image_upload(resource, id, data, filename, content_type)
