"""Answers that are not stored documents: rerank and embeddings (with their requests), search,
batch delete, scopes, SSO, notifications, the answers of execute/approve/reindex actions, vector
search hits and the frames of the live-update relay. All new since July 2025."""

from __future__ import annotations

from typing import Any

import msgspec

from mosaia._types.apps import Scope
from mosaia._types.base import hides
from mosaia._types.entities import Agent, App, Model, Tool
from mosaia._types.page import Paging
from mosaia._types.work import Plan


class RerankRequest(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The body of ``POST /model/{id}/rerank``: order ``documents`` by relevance to ``query``
    (``model`` overrides the model's upstream id)."""

    query: str | None = None
    documents: list[str] | None = None
    model: str | None = None
    reorder_results: bool | None = None


class RerankDocument(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The text of one reranked document."""

    text: str | None = None


class RerankResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One document's place in a rerank: its ``index`` in the request and its score."""

    index: int | None = None
    document: RerankDocument | None = None
    relevance_score: float | None = None


class RerankUsage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What a rerank cost, in tokens."""

    total_tokens: int | None = None


class RerankResponse(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of a rerank: the documents with their scores."""

    id: str | None = None
    model: str | None = None
    results: list[RerankResult] | None = None
    usage: RerankUsage | None = None


class EmbeddingRequest(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The body of ``POST /model/{id}/embeddings``: one text or several."""

    input: str | list[str] | None = None
    model: str | None = None


class Embedding(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The vector of the ``index``-th input."""

    object: str | None = None
    index: int | None = None
    embedding: list[float] | None = None


class EmbeddingUsage(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What an embeddings call cost, in tokens."""

    prompt_tokens: int | None = None
    total_tokens: int | None = None


class EmbeddingResponse(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of an embeddings call (OpenAI's shape): one :class:`Embedding` per input."""

    object: str | None = None
    model: str | None = None
    data: list[Embedding] | None = None
    usage: EmbeddingUsage | None = None


class SearchResults(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What ``GET /search`` found, by kind (only the kinds asked for are present)."""

    agents: list[Agent] | None = None
    apps: list[App] | None = None
    tools: list[Tool] | None = None
    models: list[Model] | None = None


class SearchPaging(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where each kind's results of a search sit in all its matches."""

    agents: Paging | None = None
    apps: Paging | None = None
    tools: Paging | None = None
    models: Paging | None = None


class SearchResponse(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A whole search answer: the results by kind and each kind's paging."""

    data: SearchResults | None = None
    paging: SearchPaging | None = None


class BatchDeleteFailure(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An id a batch delete could not delete, and why."""

    id: str | None = None
    error: str | None = None


class BatchDeleteResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of a batch delete: each id is tried on its own, so some may fail while the
    rest are deleted."""

    deleted: list[str] | None = None
    failed: list[BatchDeleteFailure] | None = None


class ScopeList(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``GET /scope``: every OAuth scope there is."""

    scopes: list[Scope] | None = None


@hides("token")
class SsoToken(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``POST /sso``: a token for the user and its type. Its repr hides the
    token."""

    token: str | None = None
    type: str | None = None


class EmailNotificationResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``POST /notify/email``: whether it was sent, and the mail's id."""

    success: bool | None = None
    message_id: str | None = msgspec.field(default=None, name="messageId")


class TriggerExecution(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``POST /trigger/{id}/execute``: the trigger fired."""

    message: str | None = None
    trigger_id: str | None = msgspec.field(default=None, name="triggerId")


class PlanApproval(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``POST /plan/{id}/approve``: the plan and the ``mode`` it was approved in
    (``review`` or ``auto_execute``)."""

    message: str | None = None
    plan: str | Plan | None = None
    mode: str | None = None


class ReindexResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``POST /index/{id}/reindex``: the rebuild is queued (``status``), and how
    many vectors it dropped."""

    object: str | None = None
    created: int | float | str | None = None
    deleted_vectors: int | None = msgspec.field(default=None, name="deletedVectors")
    status: str | None = None
    message: str | None = None


class VectorMatch(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One hit of a vector index search: the matching document, its ``index`` and score."""

    document: Any = None
    index: int | str | None = None
    relevance_score: float | None = None


class RelayEvent(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One frame of the live-update relay: ``START`` once on connect, then one ``UPDATE`` per
    change. ``data`` is the payload as sent: usually JSON text to decode a second time,
    sometimes already an object."""

    event: str | None = None
    data: Any = None


class ActivityFeedStart(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The ``START`` payload of the ``/activity`` feed: its scope (``user:<id>`` or
    ``org:<id>``), the activity it replays from and the collections it watches."""

    feed: str | None = None
    scope: str | None = None
    since: str | None = None
    collections: list[str] | None = None
