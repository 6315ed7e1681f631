"""Chat completion builders shared by agents, agent groups and models.

The three groups differ only in their path prefix, so each declares a :class:`ChatTarget` and
binds its methods; the body is OpenAI-compatible (see
:class:`~mosaia._types.ChatCompletionRequest`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

from mosaia._types.chat import ChatCompletion, ChatCompletionChunk
from mosaia.api._crud import Body, Draft, Target, build, expand, references, target_id
from mosaia.http import EVENT_STREAM
from mosaia.request import Call

if TYPE_CHECKING:
    # Only named in annotations (the bodies' keywords are for the type checker): building
    # their TypedDicts at import would cost every program a couple of milliseconds.
    from mosaia._types.bodies import ChatBody


def wants_stream(body: Body, fields: Mapping[str, Any]) -> bool:
    """Whether a chat body (a mapping or a Struct, plus keyword fields) asks for a stream."""
    if "stream" in fields:
        return fields["stream"] is True
    if isinstance(body, Mapping):
        return body.get("stream") is True
    return getattr(body, "stream", None) is True


class ChatTarget:
    """Chat completions for the entities under ``prefix`` (``/agent``, ``/group``, ``/model``)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __repr__(self) -> str:
        return f"ChatTarget({self.prefix!r})"

    def _draft(self, body: Body, id: Target | None, given: Mapping[str, Any]) -> Draft:
        fields, wrong = references(given)  # `model=agent` is sent as the agent's id
        if id is None:
            path: tuple[str, str | None] = (self.prefix + "/chat/completions", None)
        else:
            ident, missing = target_id(id)
            template, problem = expand(self.prefix + "/{id}/chat/completions", id=ident)
            path = (template, missing or problem)
        if wrong is not None:
            path = (path[0], path[1] or wrong)
        return build("POST", path, body=body, fields=fields)

    def chat_completion(
        self, body: Body = None, /, *, id: Target | None = None, **fields: Unpack[ChatBody]
    ) -> Call[ChatCompletion]:
        """POST ``{prefix}/chat/completions`` with ``model`` naming the entity, or, given ``id``,
        POST ``{prefix}/{id}/chat/completions`` (where ``model`` is optional; ``id`` may be the
        entity). The keywords are :class:`~mosaia._types.bodies.ChatBody`'s, checked by a type
        checker; a mapping or Struct body is taken as it is.

        A body asking for ``"stream": true`` also asks for ``text/event-stream``, and the call's
        shape is ``folded``: run whole, its events fold into one completion (by
        :func:`~mosaia._types.chat.fold_chunks`). To read the chunks as they arrive, use
        :meth:`chat_completion_stream`."""
        draft = self._draft(body, id, fields)
        if not wants_stream(body, fields):
            return draft.bare(ChatCompletion)
        return draft.folded(ChatCompletion).with_header("Accept", EVENT_STREAM)

    def async_chat_completion(
        self, body: Body = None, /, *, id: Target | None = None, **fields: Unpack[ChatBody]
    ) -> Call[ChatCompletion]:
        """Like :meth:`chat_completion`, sent with ``"type": "async"`` so the platform queues it."""
        sent: ChatBody = {"type": "async"}
        sent.update(fields)  # a `type` given wins
        return self.chat_completion(body, id=id, **sent)

    def chat_completion_stream(
        self, body: Body = None, /, *, id: Target | None = None, **fields: Unpack[ChatBody]
    ) -> Call[ChatCompletionChunk]:
        """Like :meth:`chat_completion`, sent with ``"stream": true`` and ``Accept:
        text/event-stream``: the answer is Server-Sent Events, each decoding to a
        :class:`~mosaia._types.ChatCompletionChunk` (run it with ``client.stream(call)``)."""
        draft = self._draft(body, id, {**fields, "stream": True})
        return draft.stream(ChatCompletionChunk).with_header("Accept", EVENT_STREAM)
