"""Configuration as one frozen value, and :func:`prepare`, which joins a call with it.

:func:`prepare` is the only place a secret enters a request: calls and requests built before it
carry none, which is why they can be logged, hashed, stored and shipped freely.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import MASKED, redact_url
from mosaia._version import __version__
from mosaia.errors import InvalidRequest
from mosaia.http import HttpRequest, Timeout, timeout_problem
from mosaia.request import Call, header_problem
from mosaia.retry import RetryPolicy

USER_AGENT = f"mosaia-python/{__version__}"
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class MosaiaConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a client needs to reach Mosaia. Immutable: derive variants with
    :meth:`replace`. Its repr and str never show ``api_key`` or ``client_secret``.

    ``timeout`` is seconds for both connect and read (``timeout=2.5``), or a
    :class:`~mosaia.request.Timeout` with each (``Timeout(connect=3, read=120)``); never infinite,
    and a single call may override it with ``call.with_timeout(...)``. ``max_retries`` is how
    often a failed request is retried under the default :class:`~mosaia.retry.RetryPolicy`;
    ``retry`` replaces that policy wholesale (see :mod:`mosaia.retry` for what is retried).
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
    #: A full retry policy; when given it wins over ``max_retries``.
    retry: RetryPolicy | None = None
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
    def retry_policy(self) -> RetryPolicy:
        """The retry policy this config asks for: ``retry``, or the default policy with
        ``max_retries``."""
        if self.retry is not None:
            return self.retry
        return _default_policy(self.max_retries)

    @property
    def api_url(self) -> str:
        """``{base_url}/v{version}``: the root every API path hangs from."""
        return f"{self.base_url.rstrip('/')}/v{self.version}"

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self._shown())
        return f"MosaiaConfig({shown})"

    __str__ = __repr__

    def __rich_repr__(self) -> Any:
        # msgspec's default rich repr would print the raw secrets.
        yield from self._shown()

    def _shown(self) -> Iterator[tuple[str, object]]:
        # Each field as a repr shows it: keys and secrets masked, credentials in URLs too.
        for name in self.__struct_fields__:
            value = getattr(self, name)
            if name in ("api_key", "client_secret") and value is not None:
                yield name, MASKED
            elif name in ("proxy_url", "base_url", "frontend_url") and isinstance(value, str):
                yield name, redact_url(value)
            else:
                yield name, value


#: The seed SDK's spelling, kept so its examples run unchanged.
MosiaConfig = MosaiaConfig


def prepare(call: Call[Any], config: MosaiaConfig) -> Result[HttpRequest, InvalidRequest]:
    """The absolute :class:`HttpRequest` for ``call`` under ``config``, or why it cannot be sent.

    Pure: the same call and config always give the same request."""
    if call.problem is not None:
        return Failure(InvalidRequest(message=call.problem))
    request = call.request
    base = _checked_base(config.base_url, config.version)
    if isinstance(base, str):
        return Failure(InvalidRequest(message=base))
    scheme, host = base
    send_key = request.auth and bool(config.api_key)
    insecure = scheme == "http" and not is_loopback(host)
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
        if not isinstance(config.api_key, str):
            return Failure(InvalidRequest(message="api_key must be a string"))
        return Failure(InvalidRequest(message="api_key contains CR, LF or NUL"))
    timeout = request.timeout or Timeout.of(config.timeout)
    problem = timeout_problem(timeout)
    if problem is not None:
        return Failure(InvalidRequest(message=problem))

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
            timeout=timeout,
            max_body=config.max_response_bytes,
        )
    )


def _checked_base(base_url: str, version: str) -> tuple[str, str] | str:
    # The scheme and host of a usable base URL, or why it is not usable. Configs are built by
    # hand and from the environment: a value of the wrong type is a caller mistake to report,
    # not a TypeError to raise out of `run`.
    if not isinstance(base_url, str):
        return f"base_url must be a string, got {type(base_url).__name__}"
    if isinstance(version, bool) or not isinstance(version, str | int):
        return f"version must be a string, got {type(version).__name__}"
    return _checked_url(base_url, str(version))


_VERSION = re.compile(r"[0-9A-Za-z._-]+")


@lru_cache(maxsize=32)
def _checked_url(base_url: str, version: str) -> tuple[str, str] | str:
    # Cached: these are the same for every request of a client, and parsing is not free.
    if not _VERSION.fullmatch(version):
        # It is spliced into every URL unescaped (`/v{version}`): a `/`, `?` or `#` would
        # change what is addressed.
        return f"version must be letters, digits, '.', '_' or '-', got {version!r}"
    shown = redact_url(base_url)  # a message must not quote a password in its user-info
    try:
        parts = urlsplit(base_url)
    except ValueError as exc:
        return f"base_url {shown!r} is not a URL: {exc}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"base_url must be an absolute http(s) URL, got {shown!r}"
    if parts.query or parts.fragment:
        return f"base_url must not carry a query or fragment, got {shown!r}"
    if any(ch in base_url for ch in "\r\n\0 "):
        return "base_url contains whitespace or control characters"
    return parts.scheme, parts.hostname


@lru_cache(maxsize=32)
def _default_policy(max_retries: int) -> RetryPolicy:
    return RetryPolicy(max_retries=max_retries)


@lru_cache(maxsize=64)
def is_loopback(host: str) -> bool:
    """Whether ``host`` (a hostname or IP literal) names this machine: ``localhost``,
    ``127.0.0.0/8`` or ``::1``. Only a whole address counts: ``127.0.0.1.example.com`` is a
    remote host."""
    if host.lower().rstrip(".") in _LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
