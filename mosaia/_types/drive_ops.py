"""The answers of drive operations beyond CRUD: starting and failing a file upload, and granting,
revoking and listing access to a drive or an item (with the accessor and options a grant
takes). All new since July 2025."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from mosaia._types.base import Entity, hides
from mosaia._types.entities import AccessPolicy, Organization, User

#: The roles a drive or item can be shared with, least to most.
AccessRole = Literal["READ_ONLY", "VIEWER", "CONTRIBUTOR", "EDITOR", "MANAGER"]


@hides("presigned_url")
class UploadTarget(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Where to send one announced file: PUT its bytes to ``presigned_url`` (with its
    ``mime_type``) before ``expires_at``; report a failure at ``failed_url``. The job's id is
    ``upload_job_id`` here (``id`` on the job itself). Its repr hides the presigned URL."""

    upload_job_id: str | None = None
    name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    path: str | None = None
    presigned_url: str | None = None
    expires_in: int | None = None
    expires_at: str | None = None
    failed_url: str | None = None
    status_url: str | None = None


class UploadInstructions(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The platform's own words on the three steps of an upload."""

    step1: str | None = None
    step2: str | None = None
    step3: str | None = None


class UploadStart(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of announcing files to a drive: one :class:`UploadTarget` per file, in the
    order they were announced."""

    message: str | None = None
    files: list[UploadTarget] | None = None
    instructions: UploadInstructions | None = None


class UploadFailure(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of marking an upload failed: the job, now ``FAILED``, and why."""

    id: str | None = None
    status: str | None = None
    error_summary: str | None = None
    message: str | None = None


class Accessor(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Who is given (or loses) access: normally exactly one of a user, an org membership, an
    agent or a client, by id."""

    user: str | None = None
    org_user: str | None = None
    agent: str | None = None
    client: str | None = None


class AccessOptions(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """How far a grant reaches: into the items and folders below (``cascade_to_...``), by
    ``path`` or ``recursive`` ``mode``, with other roles for folders and items."""

    cascade_to_items: bool | None = None
    cascade_to_folders: bool | None = None
    mode: Literal["path", "recursive"] | None = None
    folder_role: AccessRole | None = None
    item_role: AccessRole | None = None


class GrantedPermission(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A permission a grant created: the policy it attaches, for an org or user."""

    org: str | Organization | None = None
    user: str | User | None = None
    policy: str | AccessPolicy | None = None
    tags: list[str] | None = None


class PermissionChange(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What one step of a grant did (``action``), whether it worked, and the permission it
    made or the error it met."""

    action: str | None = None
    success: bool | None = None
    permission: GrantedPermission | None = None
    error: str | None = None


class FolderPermissions(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The permissions a grant made on one folder above the target."""

    folder_id: str | None = None
    folder_name: str | None = None
    level: int | None = None
    permissions: list[PermissionChange] | None = None


class CascadeItem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What a cascading grant did to one item below the target."""

    item_id: str | None = None
    action: str | None = None
    error: str | None = None


class CascadeSummary(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """How a grant cascaded: of ``total`` items, how many were ``granted`` and ``failed``."""

    total: int | None = None
    granted: int | None = None
    failed: int | None = None
    items: list[CascadeItem] | None = None


class AccessGrant(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of a grant on a drive (``drive_id``) or an item (``item_id``): the role given
    to the accessor and every permission made on the way. The older one-action form answers
    ``action`` and a single ``permission``."""

    drive_id: str | None = None
    item_id: str | None = None
    accessor_id: str | None = None
    role: str | None = None
    action: str | None = None
    permission: GrantedPermission | None = None
    permissions: list[PermissionChange] | None = None
    drive_permissions: list[PermissionChange] | None = None
    target_permissions: list[PermissionChange] | None = None
    folder_permissions: list[FolderPermissions] | None = None
    cascaded_items: CascadeSummary | None = None
    nested_items: CascadeSummary | None = None


class AccessRevocation(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of a revoke: how many permissions the accessor lost."""

    drive_id: str | None = None
    item_id: str | None = None
    accessor_id: str | None = None
    revoked_count: int | None = None


class AccessEntry(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One accessor of a drive or item, with its role and permissions."""

    accessor_id: str | None = None
    accessor_type: str | None = None
    role: str | None = None
    permissions: list[Any] | None = None


class AccessList(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of listing who may access a drive or an item."""

    drive_id: str | None = None
    item_id: str | None = None
    accessors: list[AccessEntry] | None = None
