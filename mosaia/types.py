"""Typed values of the Mosaia API: entities, pages, chat completions and auth answers.

The seed SDK's ``...Interface`` names are aliases of the same Structs, kept so code written
against it still imports.
"""

# The seed imported its config from here too (`from mosaia.types import MosiaConfig`). This module
# is the public face of the data layer (mosaia._types), so it may re-export from above it;
# nothing inside the package imports it.
from mosaia._types.base import Entity
from mosaia._types.chat import (
    ChatChoice,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    ChatMessage,
    ChunkChoice,
    ChunkDelta,
    Role,
    Usage,
)
from mosaia._types.entities import (
    AccessPolicy,
    Agent,
    AgentGroup,
    App,
    AppBot,
    AuthToken,
    Client,
    Meter,
    Model,
    Organization,
    OrgPermission,
    OrgUser,
    Permissions,
    Self,
    SessionToken,
    Tool,
    User,
    UserPermission,
    Wallet,
)
from mosaia._types.envelope import APIResponse, ErrorDetail, ErrorResponse, ResponseMeta
from mosaia._types.oauth import OAuthConfig, OAuthErrorResponse, OAuthTokenResponse
from mosaia._types.page import Page, Paging
from mosaia.config import MosaiaConfig, MosiaConfig

AgentInterface = Agent
AgentGroupInterface = AgentGroup
ModelInterface = Model
UserInterface = User
OrganizationInterface = Organization
ClientInterface = Client
AppInterface = App
ToolInterface = Tool
AppBotInterface = AppBot
WalletInterface = Wallet
MeterInterface = Meter
AccessPolicyInterface = AccessPolicy
OrgPermissionInterface = OrgPermission
UserPermissionInterface = UserPermission
OrgUserInterface = OrgUser

__all__ = [
    "APIResponse",
    "AccessPolicy",
    "AccessPolicyInterface",
    "Agent",
    "AgentGroup",
    "AgentGroupInterface",
    "AgentInterface",
    "App",
    "AppBot",
    "AppBotInterface",
    "AppInterface",
    "AuthToken",
    "ChatChoice",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatCompletionRequest",
    "ChatMessage",
    "ChunkChoice",
    "ChunkDelta",
    "Client",
    "ClientInterface",
    "Entity",
    "ErrorDetail",
    "ErrorResponse",
    "Meter",
    "MeterInterface",
    "Model",
    "ModelInterface",
    "MosaiaConfig",
    "MosiaConfig",
    "OAuthConfig",
    "OAuthErrorResponse",
    "OAuthTokenResponse",
    "OrgPermission",
    "OrgPermissionInterface",
    "OrgUser",
    "OrgUserInterface",
    "Organization",
    "OrganizationInterface",
    "Page",
    "Paging",
    "Permissions",
    "ResponseMeta",
    "Role",
    "Self",
    "SessionToken",
    "Tool",
    "ToolInterface",
    "Usage",
    "User",
    "UserInterface",
    "UserPermission",
    "UserPermissionInterface",
    "Wallet",
    "WalletInterface",
]
