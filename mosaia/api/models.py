"""Models (``/model``): CRUD, list filters, and OpenAI-compatible chat completions.

>>> from mosaia.api import models
>>> models.get_all({"provider": "openai"}).request.query
(('provider', 'openai'),)
"""

from __future__ import annotations

from typing import Any

from mosaia._types.answers import (
    EmbeddingRequest,
    EmbeddingResponse,
    RerankRequest,
    RerankResponse,
)
from mosaia._types.entities import Model
from mosaia.api._chat import ChatTarget
from mosaia.api._crud import build
from mosaia.api._typed import ModelResource as TypedModelResource
from mosaia.request import Call


class ModelResource(TypedModelResource):
    """The model collection: the standard operations plus :meth:`rerank` and
    :meth:`embeddings`, which run the model itself."""

    def rerank(
        self, id: str, body: RerankRequest | dict[str, Any] | None = None, /, **fields: Any
    ) -> Call[RerankResponse]:
        """POST ``/model/{id}/rerank`` ``{query, documents, model?, reorder_results?}``: each
        document's relevance to ``query``. The answer may come with or without ``data``."""
        path, problem = self.item(id)
        where = (path + "/rerank", problem)
        return build("POST", where, body=body, fields=fields).bare(RerankResponse)

    def embeddings(
        self, id: str, body: EmbeddingRequest | dict[str, Any] | None = None, /, **fields: Any
    ) -> Call[EmbeddingResponse]:
        """POST ``/model/{id}/embeddings`` ``{input, model?}``: one vector per input text, in
        OpenAI's shape. Bare or inside ``data``: the decoder tells them apart (contract 2.9)."""
        path, problem = self.item(id)
        where = (path + "/embeddings", problem)
        return build("POST", where, body=body, fields=fields).bare(EmbeddingResponse)


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
#: POST ``/model/{id}/rerank``: order documents by relevance to a query.
rerank = resource.rerank
#: POST ``/model/{id}/embeddings``: a vector per input text.
embeddings = resource.embeddings
