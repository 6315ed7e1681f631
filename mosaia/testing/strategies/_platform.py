"""Strategies for the types the platform added since July 2025 (drives, logs, tasks, apps'
connectors and webhooks, the special answers, the nested objects of entities), one per type,
named for it in the plural like the rest (``drives()``, ``vector_indexes()``,
``access_grants()``). Entities take ``new=True`` for a body fit for ``create``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import msgspec
from hypothesis import strategies as st

from mosaia._types.base import Entity
from mosaia.testing.strategies._entities import entity
from mosaia.testing.strategies._structs import strategy_for
from mosaia.types import (
    AccessEntry,
    AccessGrant,
    AccessList,
    AccessOptions,
    Accessor,
    AccessRevocation,
    Activity,
    ActivityFeedStart,
    AgentFork,
    AgentTool,
    ApiRequestLog,
    AppConnector,
    AppUser,
    AppWebhook,
    BatchDeleteFailure,
    BatchDeleteResult,
    CascadeItem,
    CascadeSummary,
    ClientOAuth,
    ClientSession,
    Drive,
    DriveItem,
    EmailNotificationResult,
    Embedding,
    EmbeddingRequest,
    EmbeddingResponse,
    EmbeddingUsage,
    Entitlement,
    FolderLevel,
    FolderPermissions,
    FrontendTool,
    GrantedPermission,
    GroupAgent,
    Like,
    Log,
    Message,
    Participant,
    PermissionChange,
    PermissionRule,
    Plan,
    PlanApproval,
    RecordHistory,
    ReindexResult,
    RelayEvent,
    RerankDocument,
    RerankRequest,
    RerankResponse,
    RerankResult,
    RerankUsage,
    RetentionPolicy,
    Scope,
    ScopeList,
    SearchPaging,
    SearchResponse,
    SearchResults,
    Snapshot,
    SsoToken,
    Subscription,
    Task,
    TaskMetadata,
    ToolCall,
    ToolCallFunction,
    Trigger,
    TriggerConfig,
    TriggerExecution,
    UploadFailure,
    UploadInstructions,
    UploadJob,
    UploadStart,
    UploadTarget,
    Vector,
    VectorIndex,
    VectorMatch,
)

S = TypeVar("S", bound=msgspec.Struct)
E = TypeVar("E", bound=Entity)
E_co = TypeVar("E_co", bound=Entity, covariant=True)


class EntityStrategy(Protocol[E_co]):
    """A strategy function of an entity: answers, or with ``new=True`` bodies for ``create``."""

    def __call__(self, *, new: bool = False) -> st.SearchStrategy[E_co]:
        """The strategy."""
        ...


#: Every type of this module with its strategy function, for ``register``.
PLATFORM_STRATEGIES: dict[type[Any], Any] = {}


def _entities(cls: type[E]) -> EntityStrategy[E]:
    def draw(*, new: bool = False) -> st.SearchStrategy[E]:
        return entity(cls, new)

    draw.__doc__ = f":class:`~mosaia.types.{cls.__name__}` values (``new=True``: create bodies)."
    PLATFORM_STRATEGIES[cls] = draw
    return draw


def _values(cls: type[S]) -> Callable[[], st.SearchStrategy[S]]:
    def draw() -> st.SearchStrategy[S]:
        return strategy_for(cls)

    draw.__doc__ = f":class:`~mosaia.types.{cls.__name__}` values."
    PLATFORM_STRATEGIES[cls] = draw
    return draw


# Drives, their items, uploads and vector indexes.
drives = _entities(Drive)
drive_items = _entities(DriveItem)
upload_jobs = _entities(UploadJob)
vector_indexes = _entities(VectorIndex)
vectors = _entities(Vector)
retention_policies = _values(RetentionPolicy)
folder_levels = _values(FolderLevel)

# Logs, messages, snapshots, tasks, plans, triggers, activities.
logs = _entities(Log)
messages = _entities(Message)
snapshots = _entities(Snapshot)
tasks = _entities(Task)
plans = _entities(Plan)
triggers = _entities(Trigger)
activities = _entities(Activity)
participants = _values(Participant)
task_metadatas = _values(TaskMetadata)
trigger_configs = _values(TriggerConfig)

# Agent tools, app connectors and webhooks, scopes, likes, client sessions, declared links.
agent_tools = _entities(AgentTool)
app_webhooks = _entities(AppWebhook)
app_connectors = _entities(AppConnector)
likes = _entities(Like)
client_sessions = _entities(ClientSession)
group_agents = _entities(GroupAgent)
app_users = _entities(AppUser)
api_request_logs = _entities(ApiRequestLog)
scopes = _values(Scope)

# Objects nested in entities.
record_histories = _values(RecordHistory)
agent_forks = _values(AgentFork)
client_oauths = _values(ClientOAuth)
entitlements = _values(Entitlement)
subscriptions = _values(Subscription)
permission_rules = _values(PermissionRule)

# Special answers (and the requests that go with them).
rerank_requests = _values(RerankRequest)
rerank_documents = _values(RerankDocument)
rerank_results = _values(RerankResult)
rerank_usages = _values(RerankUsage)
rerank_responses = _values(RerankResponse)
embedding_requests = _values(EmbeddingRequest)
embeddings = _values(Embedding)
embedding_usages = _values(EmbeddingUsage)
embedding_responses = _values(EmbeddingResponse)
search_results = _values(SearchResults)
search_pagings = _values(SearchPaging)
search_responses = _values(SearchResponse)
batch_delete_failures = _values(BatchDeleteFailure)
batch_delete_results = _values(BatchDeleteResult)
scope_lists = _values(ScopeList)
sso_tokens = _values(SsoToken)
email_notification_results = _values(EmailNotificationResult)
trigger_executions = _values(TriggerExecution)
plan_approvals = _values(PlanApproval)
reindex_results = _values(ReindexResult)
vector_matches = _values(VectorMatch)
relay_events = _values(RelayEvent)
activity_feed_starts = _values(ActivityFeedStart)
upload_targets = _values(UploadTarget)
upload_instructions = _values(UploadInstructions)
upload_starts = _values(UploadStart)
upload_failures = _values(UploadFailure)
accessors = _values(Accessor)
access_options = _values(AccessOptions)
granted_permissions = _entities(GrantedPermission)
permission_changes = _values(PermissionChange)
folder_permissions = _values(FolderPermissions)
cascade_items = _values(CascadeItem)
cascade_summaries = _values(CascadeSummary)
access_grants = _values(AccessGrant)
access_revocations = _values(AccessRevocation)
access_entries = _values(AccessEntry)
access_lists = _values(AccessList)

# Chat additions.
tool_calls = _values(ToolCall)
tool_call_functions = _values(ToolCallFunction)
frontend_tools = _values(FrontendTool)

__all__ = [
    "PLATFORM_STRATEGIES",
    "EntityStrategy",
    "access_entries",
    "access_grants",
    "access_lists",
    "access_options",
    "access_revocations",
    "accessors",
    "activities",
    "activity_feed_starts",
    "agent_forks",
    "agent_tools",
    "api_request_logs",
    "app_connectors",
    "app_users",
    "app_webhooks",
    "batch_delete_failures",
    "batch_delete_results",
    "cascade_items",
    "cascade_summaries",
    "client_oauths",
    "client_sessions",
    "drive_items",
    "drives",
    "email_notification_results",
    "embedding_requests",
    "embedding_responses",
    "embedding_usages",
    "embeddings",
    "entitlements",
    "folder_levels",
    "folder_permissions",
    "frontend_tools",
    "granted_permissions",
    "group_agents",
    "likes",
    "logs",
    "messages",
    "participants",
    "permission_changes",
    "permission_rules",
    "plan_approvals",
    "plans",
    "record_histories",
    "reindex_results",
    "relay_events",
    "rerank_documents",
    "rerank_requests",
    "rerank_responses",
    "rerank_results",
    "rerank_usages",
    "retention_policies",
    "scope_lists",
    "scopes",
    "search_pagings",
    "search_responses",
    "search_results",
    "snapshots",
    "sso_tokens",
    "subscriptions",
    "task_metadatas",
    "tasks",
    "tool_call_functions",
    "tool_calls",
    "trigger_configs",
    "trigger_executions",
    "triggers",
    "upload_failures",
    "upload_instructions",
    "upload_jobs",
    "upload_starts",
    "upload_targets",
    "vector_indexes",
    "vector_matches",
    "vectors",
]
