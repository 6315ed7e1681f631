"""Configuration as one frozen value, and :func:`prepare`, which joins a call with it.

:func:`prepare` is the only place a secret enters a request: calls and requests built before it
carry none, which is why they can be logged, hashed, stored and shipped freely.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia.errors import InvalidRequest
from mosaia.http import HttpRequest
from mosaia.request import Call, Timeout, header_problem
from mosaia.version import __version__

USER_AGENT = f"mosaia-python/{__version__}"
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class MosaiaConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a client needs to reach Mosaia. Immutable: derive variants with
    :meth:`replace`. Its repr and str never show ``api_key`` or ``client_secret``.

    ``timeout`` is seconds for both connect and read, or a :class:`~mosaia.request.Timeout` with
    each; ``max_retries`` is how often an idempotent request is retried on a retryable failure.
    """

    api_key: str | None = None
    version: str = "1"
    base_url: str = "https://api.mosaia.ai"
    frontend_url: str = "https://mosaia.ai"
    client_id: str | None = None
    client_secret: str | None = None
    user: str | None = None
    org: str | None = None
    timeout: float | Timeout = Timeout()
    max_retries: int = 2
    #: Permit sending the bearer token over plain ``http://`` to a host other than loopback.
    allow_insecure_http: bool = False
    #: Answers larger than this many bytes fail instead of exhausting memory.
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    #: An explicit proxy; when unset, ``HTTPS_PROXY``/``NO_PROXY`` from the environment apply.
    proxy_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> MosaiaConfig:
        """A config from ``MOSAIA_*`` variables (``MOSAIA_API_KEY``, ``MOSAIA_BASE_URL``,
        ``MOSAIA_VERSION``, ``MOSAIA_FRONTEND_URL``, ``MOSAIA_CLIENT_ID``,
        ``MOSAIA_CLIENT_SECRET``, ``MOSAIA_USER``, ``MOSAIA_ORG``); keyword overrides win."""
        env = os.environ if environ is None else environ
        names = ("api_key", "base_url", "version", "frontend_url", "client_id", "client_secret")
        found: dict[str, Any] = {
            name: env[f"MOSAIA_{name.upper()}"]
            for name in (*names, "user", "org")
            if env.get(f"MOSAIA_{name.upper()}")
        }
        found.update(overrides)
        return cls(**found)

    def replace(self, **changes: Any) -> MosaiaConfig:
        """A copy with ``changes`` applied."""
        return msgspec.structs.replace(self, **changes)

    @property
    def api_url(self) -> str:
        """``{base_url}/v{version}``: the root every API path hangs from."""
        return f"{self.base_url.rstrip('/')}/v{self.version}"

    def __repr__(self) -> str:
        parts = []
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if name in ("api_key", "client_secret") and value is not None:
                value = "***"
                parts.append(f"{name}={value}")
            else:
                parts.append(f"{name}={value!r}")
        return f"MosaiaConfig({', '.join(parts)})"

    __str__ = __repr__


#: The seed SDK's spelling, kept so its examples run unchanged.
MosiaConfig = MosaiaConfig


def prepare(call: Call[Any], config: MosaiaConfig) -> Result[HttpRequest, InvalidRequest]:
    """The absolute :class:`HttpRequest` for ``call`` under ``config``, or why it cannot be sent.

    Pure: the same call and config always give the same request."""
    if call.problem is not None:
        return Failure(InvalidRequest(message=call.problem))
    request = call.request
    base = _checked_base(config.base_url)
    if isinstance(base, str):
        return Failure(InvalidRequest(message=base))
    scheme, host = base
    send_key = request.auth and bool(config.api_key)
    insecure = scheme == "http" and not _is_loopback(host)
    if send_key and insecure and not config.allow_insecure_http:
        return Failure(
            InvalidRequest(
                message=(
                    f"refusing to send the API key over plain http to {host!r}; use https, "
                    "or set allow_insecure_http=True if you really mean it"
                )
            )
        )
    if config.api_key is not None and header_problem("Authorization", config.api_key):
        return Failure(InvalidRequest(message="api_key contains CR, LF or NUL"))

    url = config.api_url + request.path
    if request.query:
        url += "?" + urlencode(request.query, quote_via=quote)
    headers: list[tuple[str, str]] = [("Accept", "application/json"), ("User-Agent", USER_AGENT)]
    if send_key:
        headers.append(("Authorization", f"Bearer {config.api_key}"))
    if request.body is not None:
        headers.append(("Content-Type", request.content_type or "application/json"))
    if request.headers:
        overridden = {name.lower() for name, _ in request.headers}
        headers = [h for h in headers if h[0].lower() not in overridden]
        headers.extend(request.headers)
    return Success(
        HttpRequest(
            method=request.method,
            url=url,
            headers=tuple(headers),
            body=request.body,
            timeout=request.timeout or Timeout.of(config.timeout),
            max_body=config.max_response_bytes,
        )
    )


@lru_cache(maxsize=32)
def _checked_base(base_url: str) -> tuple[str, str] | str:
    # Cached: the base URL is the same for every request of a client, and parsing it is not free.
    try:
        parts = urlsplit(base_url)
    except ValueError as exc:
        return f"base_url {base_url!r} is not a URL: {exc}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"base_url must be an absolute http(s) URL, got {base_url!r}"
    if parts.query or parts.fragment:
        return f"base_url must not carry a query or fragment, got {base_url!r}"
    if any(ch in base_url for ch in "\r\n\0 "):
        return "base_url contains whitespace or control characters"
    return parts.scheme, parts.hostname


def _is_loopback(host: str) -> bool:
    return host in _LOOPBACK_HOSTS or host.startswith("127.")
