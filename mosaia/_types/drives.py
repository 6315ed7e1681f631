"""Storage on the platform: drives, the items in them, the jobs that upload files into them, and
the vector indexes (with their vectors) built over them. All new since July 2025.

Sizes are bytes; dates are ISO strings. References (``drive``, ``folder``, ``index``...) decode
as an id or as the embedded document.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from mosaia._types.base import Entity, hides
from mosaia._types.entities import Organization, User

ItemType = Literal["FILE", "FOLDER", "SYMLINK"]


class RetentionPolicy(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """How long a drive keeps what is deleted from it: ``retention_period`` days, under a
    ``LEGAL_HOLD``, ``COMPLIANCE`` or ``BUSINESS`` retention."""

    enabled: bool | None = None
    retention_period: int | None = None
    retention_type: Literal["LEGAL_HOLD", "COMPLIANCE", "BUSINESS"] | None = None


class Drive(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A drive: a quota'd store of files and folders owned by an org or a user.

    ``current_size`` (set by the server) and ``max_size`` (default 1 GiB) are bytes; the quota
    thresholds are percentages (alert at 80, critical at 95 unless set)."""

    org: str | Organization | None = None
    user: str | User | None = None
    name: str | None = None
    description: str | None = None
    current_size: int | None = None
    max_size: int | None = None
    status: str | None = None
    public: bool | None = None
    retention_policy: RetentionPolicy | None = None
    monitoring_enabled: bool | None = None
    quota_alert_threshold: int | None = None
    critical_quota_threshold: int | None = None
    audit_logging_enabled: bool | None = None


class FolderLevel(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """One folder on the way from a drive's root to an item (``level`` 0 is the top)."""

    folder_id: str | None = None
    folder_name: str | None = None
    level: int | None = None


class DriveItem(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A file, folder or symlink in a drive, at ``path``, under ``parent_folder`` (``None`` at
    the root); ``folder_structure`` lists the folders above it, top first."""

    drive: str | Drive | None = None
    name: str | None = None
    path: str | None = None
    size: int | None = None
    mime_type: str | None = None
    item_type: ItemType | None = None
    url: str | None = None
    parent_folder: str | None = None
    folder_structure: list[FolderLevel] | None = None
    metadata: dict[str, Any] | None = None


UploadStatus = Literal["PENDING", "UPLOADING", "COMPLETED", "FAILED", "CANCELLED"]


@hides("presigned_url")
class UploadJob(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """The upload of one file into a drive: the client PUTs the bytes to ``presigned_url``
    before ``presigned_url_expires_at``; the job ends ``COMPLETED`` or ``FAILED`` (reported at
    ``failed_url``). ``duration_ms``, ``formatted_duration``, ``formatted_size`` and
    ``is_expired`` are computed by the server. Its repr hides the presigned URL, which lets
    whoever holds it write to storage."""

    drive: str | Drive | None = None
    status: UploadStatus | None = None
    name: str | None = None
    original_name: str | None = None
    s3_key: str | None = None
    size: int | None = None
    mime_type: str | None = None
    content_type_category: (
        Literal["IMAGE", "VIDEO", "AUDIO", "DOCUMENT", "ARCHIVE", "CODE", "DATA", "OTHER"] | None
    ) = None
    path: str | None = None
    item_type: ItemType | None = None
    presigned_url: str | None = None
    presigned_url_expires_at: str | None = None
    etag: str | None = None
    s3_version_id: str | None = None
    started_at: str | None = None
    completed_at: str | None = None
    error_summary: str | None = None
    failed_url: str | None = None
    status_url: str | None = None
    duration_ms: float | None = None
    formatted_duration: str | None = None
    formatted_size: str | None = None
    is_expired: bool | None = None


class VectorIndex(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """A vector index over a drive, or over one folder of it (``folder`` wins over ``drive``),
    searchable by meaning. ``extensors`` hold any JSON values here."""

    org: str | Organization | None = None
    user: str | User | None = None
    name: str | None = None
    description: str | None = None
    drive: str | Drive | None = None
    folder: str | DriveItem | None = None
    status: Literal["ACTIVE", "BUILDING", "INACTIVE"] | None = None
    vector_count: int | None = None
    index_size_bytes: int | None = None
    last_rebuild: str | None = None
    tags: list[str] | None = None
    extensors: dict[str, Any] | None = None


class Vector(Entity, frozen=True, kw_only=True, omit_defaults=True):
    """One embedding in a vector index, with the content it was computed from and the drive
    item (``file``) that content came from."""

    index: str | VectorIndex | None = None
    file: str | DriveItem | None = None
    embedding: list[float] | None = None
    content: Any = None
    metadata: dict[str, Any] | None = None
    tags: list[str] | None = None
    extensors: dict[str, Any] | None = None
