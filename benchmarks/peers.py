"""What a user would write without the SDK: the floor and the two usual peers, each built once.

- the floor: raw urllib3, one ``PoolManager``, same headers as the SDK, body bytes not decoded
  (and, stricter still, one ``HTTPConnectionPool`` used directly);
- requests + pydantic: one ``requests.Session``, status checked, ``model_validate_json``;
- httpx + pydantic: one ``httpx.Client``, the same.

The pydantic models mirror the SDK's Structs field for field (all optional, unknown fields
ignored, frozen), and use pydantic's fastest path (``model_validate_json`` in Rust) so the peers
are given their best showing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pydantic
import requests
import urllib3

from mosaia.config import USER_AGENT

API_KEY = "bench-key"
HEADERS = {
    "Accept": "application/json",
    "User-Agent": USER_AGENT,
    "Authorization": f"Bearer {API_KEY}",
}


class _Model(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True, extra="ignore")


class _PdEntity(_Model):
    # The fields every entity may carry, as in ``mosaia.types.Entity``.
    id: str | None = None
    active: bool | None = None
    external_id: str | None = None
    extensors: dict[str, str] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    record_history: Any = None


class PdOrganization(_PdEntity):
    """The pydantic twin of ``mosaia.types.Organization``."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    image: str | None = None


class PdAgent(_PdEntity):
    """The pydantic twin of ``mosaia.types.Agent``."""

    name: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    org: str | PdOrganization | None = None
    user: str | dict[str, Any] | None = None
    image: str | None = None
    model: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None
    system_prompt: str | None = None
    public: bool | None = None
    tags: list[str] | None = None
    keywords: list[str] | None = None


class PdPaging(_Model):
    """The pydantic twin of ``mosaia.types.Paging``."""

    offset: int | None = None
    limit: int | None = None
    total: int | None = None
    page: int | None = None
    total_pages: int | None = None


class PdOne(_Model):
    """``{"data": agent}``."""

    data: PdAgent | None = None


class PdPage(_Model):
    """``{"data": [agents], "paging": {...}}``."""

    data: list[PdAgent] = []
    paging: PdPaging | None = None


Fetch = Callable[[], object]


def floor(url: str) -> tuple[Fetch, Callable[[], None]]:
    """Raw urllib3 fetching ``url``'s bytes, not decoded; and how to close it."""
    pool = urllib3.PoolManager(maxsize=64, retries=False)
    request = pool.request

    def fetch() -> bytes:
        return request("GET", url, headers=HEADERS, retries=False, redirect=False).data

    return fetch, pool.clear


def strict_floor(url: str) -> tuple[Fetch, Callable[[], None]]:
    """Stricter than the floor: one urllib3 ``HTTPConnectionPool`` for the host, skipping the
    ``PoolManager``'s per-request URL parsing and pool lookup; bytes not decoded."""
    pool = urllib3.connection_from_url(url, maxsize=64, retries=False)
    path = url.split("/", 3)[3]
    target = "/" + path
    request = pool.request

    def fetch() -> bytes:
        return request("GET", target, headers=HEADERS, retries=False, redirect=False).data

    return fetch, pool.close


def with_requests(url: str, model: type[_Model]) -> tuple[Fetch, Callable[[], None]]:
    """requests + pydantic fetching ``url`` into ``model``; and how to close it."""
    session = requests.Session()
    session.headers.update(HEADERS)
    get = session.get

    def fetch() -> _Model:
        answer = get(url)
        if answer.status_code != 200:
            raise RuntimeError(f"HTTP {answer.status_code}")
        return model.model_validate_json(answer.content)

    return fetch, session.close


def with_httpx(url: str, model: type[_Model]) -> tuple[Fetch, Callable[[], None]]:
    """httpx + pydantic fetching ``url`` into ``model``; and how to close it."""
    client = httpx.Client(headers=HEADERS)
    get = client.get

    def fetch() -> _Model:
        answer = get(url)
        if answer.status_code != 200:
            raise RuntimeError(f"HTTP {answer.status_code}")
        return model.model_validate_json(answer.content)

    return fetch, client.close
