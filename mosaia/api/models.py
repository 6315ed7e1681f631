"""Models (``/model``): CRUD, list filters, and OpenAI-compatible chat completions.

>>> from mosaia.api import models
>>> models.get_all({"provider": "openai"}).request.query
(('provider', 'openai'),)
"""

from __future__ import annotations

from mosaia._types.entities import Model
from mosaia.api._chat import ChatTarget
from mosaia.api._typed import ModelResource

#: The ``/model`` collection: the generic CRUD builders the operations below are bound from.
resource = ModelResource("/model", Model)
#: OpenAI-compatible completions (``/model/chat/completions``, or per model by ``id``).
chat = ChatTarget("/model")

#: GET ``/model``; filters as for agents plus ``provider``.
get_all = resource.get_all
#: GET ``/model/{id}``.
get_by_id = resource.get_by_id
#: POST ``/model``; ``name``, ``short_description``, ``provider`` and ``model_id`` are required.
create = resource.create
#: PUT ``/model/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/model/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: POST ``/model/chat/completions``; ``model`` is the model's id or name. The answer comes bare,
#: as OpenAI sends it.
chat_completion = chat.chat_completion
#: Like ``chat_completion`` with ``"type": "async"``.
async_chat_completion = chat.async_chat_completion
#: The same completion streamed as Server-Sent Events (run it with ``client.stream``).
chat_completion_stream = chat.chat_completion_stream
#: POST ``/model/{id}/like``: toggle the caller's like; answers the model after the toggle.
like = resource.like
