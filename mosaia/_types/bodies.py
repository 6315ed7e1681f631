"""The keywords a create, update or chat builder takes, as ``TypedDict`` s for ``**fields:
Unpack[...]``: ``agents.create(name="x", short_descripton="y")`` is a type error naming the typo
(and suggesting ``short_description``), while a Struct or a mapping as the positional body is
still taken as it was.

Each holds every field of its entity in both contracts (today's platform and July 2025), less
what only the server sets (``id``, ``created_at``, ``updated_at``, ``record_history``). A
reference to another entity (``org``, ``agent``, ``log``) takes its id or the entity itself, which
is sent as its id. Generated from the entity Structs, so a field added there
belongs here too (tests/test_bodies.py checks they agree).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypedDict

from mosaia._types.base import Entity
from mosaia._types.chat import ChatMessage, FrontendTool
from mosaia._types.drives import Drive, FolderLevel, RetentionPolicy
from mosaia._types.entities import Agent, Client, Model, Organization, User
from mosaia._types.nested import AgentFork, ClientOAuth
from mosaia._types.work import Log, Message, Participant, Plan, Task, TaskMetadata, TriggerConfig

__all__ = [
    "AgentBody",
    "AppBody",
    "ChatBody",
    "ClientBody",
    "DriveBody",
    "DriveItemBody",
    "LogBody",
    "MessageBody",
    "ModelBody",
    "OrganizationBody",
    "PlanBody",
    "TaskBody",
    "ToolBody",
    "TriggerBody",
    "UserBody",
]


class EntityBody(TypedDict, total=False):
    """The fields every entity's create or update may send, whatever the entity."""

    active: bool
    external_id: str
    extensors: Mapping[str, str]


class AgentBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Agent` may send (all optional
    here; the platform says which it requires)."""

    name: str
    description: str
    short_description: str
    readme: str
    long_description: str
    org: str | Organization
    user: str | User
    image: str
    model: str | list[str] | Model
    temperature: float
    max_tokens: int
    system_message: str
    system_prompt: str
    public: bool
    featured: bool
    mia: bool
    forked: AgentFork | Mapping[str, Any]
    tags: list[str]
    keywords: list[str]


class ModelBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Model` may send (all optional
    here; the platform says which it requires)."""

    name: str
    model: str
    model_id: str
    description: str
    short_description: str
    long_description: str
    readme: str
    image: str
    api_type: str
    provider: str
    type: Literal[
        "chat", "image", "rerank", "moderation", "language", "embedding", "contextualized_embedding"
    ]
    base_url: str
    api_key: str
    prices: Mapping[str, float]
    max_context_tokens: int
    max_output_tokens: int
    max_tokens: int
    temperature: float
    encoding: str
    safety_margin: float
    tokens_per_char_multiplier: float
    org: str | Organization
    user: str | User
    public: bool
    tags: list[str]
    keywords: list[str]


class AppBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.App` may send (all optional
    here; the platform says which it requires)."""

    name: str
    type: Literal["INTEGRATION", "DEPLOYER", "CLIENT", "NOTIFIER"]
    short_description: str
    long_description: str
    readme: str
    org: str | Organization
    user: str | User
    client: str | Client
    image: str
    external_app_url: str
    external_api_urls: Mapping[str, str]
    external_api_key: str
    external_headers: Mapping[str, str]
    public: bool
    featured: bool
    tags: list[str]
    keywords: list[str]


class ToolBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Tool` may send (all optional
    here; the platform says which it requires)."""

    name: str
    friendly_name: str
    friendly_name_slug: str
    short_description: str
    tool_schema: str | Mapping[str, Any]
    required_environment_variables: list[str]
    default_environment_secrets: str
    source_url: str
    url: str
    image: str
    org: str | Organization
    user: str | User
    public: bool
    featured: bool
    tags: list[str]
    keywords: list[str]


class UserBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.User` may send (all optional
    here; the platform says which it requires)."""

    email: str
    first_name: str
    last_name: str
    username: str
    name: str
    image: str
    description: str
    url: str
    location: str
    links: Mapping[str, str]
    public_address: str
    org: str | Organization
    user: str | User


class OrganizationBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Organization` may send (all optional
    here; the platform says which it requires)."""

    name: str
    description: str
    short_description: str
    long_description: str
    image: str
    type: Literal["SUPERORG", "CLIENT"]
    url: str
    size: str
    location: str
    mosaia_recommendation: str


class ClientBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Client` may send (all optional
    here; the platform says which it requires)."""

    name: str
    client_id: str
    secret: str
    client_secret: str
    oauth: ClientOAuth | Mapping[str, Any]
    org: str | Organization
    user: str | User
    redirect_uris: list[str]
    scopes: list[str]
    tags: list[str]


class DriveBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Drive` may send (all optional
    here; the platform says which it requires)."""

    org: str | Organization
    user: str | User
    name: str
    description: str
    current_size: int
    max_size: int
    status: str
    public: bool
    retention_policy: RetentionPolicy | Mapping[str, Any]
    monitoring_enabled: bool
    quota_alert_threshold: int
    critical_quota_threshold: int
    audit_logging_enabled: bool


class DriveItemBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.DriveItem` may send (all optional
    here; the platform says which it requires)."""

    drive: str | Drive
    name: str
    path: str
    size: int
    mime_type: str
    item_type: Literal["FILE", "FOLDER", "SYMLINK"]
    url: str
    parent_folder: str
    folder_structure: Sequence[FolderLevel | Mapping[str, Any]]
    metadata: Mapping[str, Any]


class TaskBody(TypedDict, total=False):
    """Fields a create or update of :class:`~mosaia.types.Task` may send (all optional
    here; the platform says which it requires)."""

    active: bool
    external_id: str
    extensors: Mapping[str, Any]
    plan: str | Plan
    agent: str | Agent
    log: str | Log
    parent_log: str | Log
    org: str | Organization
    user: str | User
    dependencies: list[str]
    name: str
    description: str
    content: str
    metadata: TaskMetadata | Mapping[str, Any]
    status: Literal["PENDING", "BUILDING", "APPROVED", "EXECUTING", "COMPLETED", "FAILED", "REVIEW"]
    keywords: list[str]
    tags: list[str]
    attempt_count: int
    max_attempts: int
    failure_reason: str


class PlanBody(TypedDict, total=False):
    """Fields a create or update of :class:`~mosaia.types.Plan` may send (all optional
    here; the platform says which it requires)."""

    active: bool
    external_id: str
    extensors: Mapping[str, Any]
    task: str | Task
    agent: str | Agent
    log: str | Log
    parent_log: str | Log
    org: str | Organization
    user: str | User
    name: str
    description: str
    content: str
    status: Literal["DRAFT", "APPROVED", "EXECUTING", "COMPLETED", "FAILED", "REVIEW", "PAUSED"]
    keywords: list[str]
    tags: list[str]


class TriggerBody(TypedDict, total=False):
    """Fields a create or update of :class:`~mosaia.types.Trigger` may send (all optional
    here; the platform says which it requires)."""

    active: bool
    external_id: str
    extensors: Mapping[str, Any]
    org: str | Organization
    user: str | User
    name: str
    description: str
    type: Literal["CRON", "WEBHOOK", "EVENT", "MANUAL"]
    agent: str | Agent
    task: str | Task
    plan: str | Plan
    log: str | Log
    user_message: str
    status: Literal["ACTIVE", "PAUSED"]
    pause_on_completion: bool
    last_triggered_at: str
    next_trigger_at: str
    trigger_count: int
    config: TriggerConfig | Mapping[str, Any]
    metadata: Mapping[str, Any]
    keywords: list[str]
    tags: list[str]


class LogBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Log` may send (all optional
    here; the platform says which it requires)."""

    name: str
    org: str | Organization
    user: str | User
    model: str | Model
    agent: str | Agent
    agents: list[str]
    clients: list[str]
    org_users: list[str]
    guest_users: list[str]
    summary: str
    messages: list[Message | str]
    status: Literal["STANDBY", "PROCESSING", "ERROR"]
    keywords: list[str]
    tags: list[str]


class MessageBody(EntityBody, total=False):
    """Fields a create or update of :class:`~mosaia.types.Message` may send (all optional
    here; the platform says which it requires)."""

    org: str | Organization
    user: str | User
    log: str | Log
    role: Literal["user", "assistant", "tool"]
    content: str | list[Any]
    tool_calls: Sequence[Mapping[str, Any]]
    tool_call_id: str
    type: Literal["INFO", "WARNING", "ERROR"]
    creator: Participant | Mapping[str, Any]
    recipient: Participant | Mapping[str, Any]
    associated_conversation_ids: list[str]
    metadata: Mapping[str, Any]
    keywords: list[str]
    tags: list[str]


class ChatBody(TypedDict, total=False):
    """The fields of a chat completion body (:class:`~mosaia.types.ChatCompletionRequest`)."""

    messages: Sequence[ChatMessage | Mapping[str, Any]]
    model: str | Entity
    max_tokens: int
    temperature: float
    stream: bool
    logging: bool
    log_id: str
    type: str
    frontend_tools: Sequence[FrontendTool | Mapping[str, Any]]
