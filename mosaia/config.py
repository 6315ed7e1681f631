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
from typing import Any, cast
from urllib.parse import quote, urlencode, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import MASKED, redact_url, secret_names
from mosaia._version import __version__
from mosaia.errors import InvalidRequest
from mosaia.http import (
    Body,
    HttpRequest,
    Streamed,
    Timeout,
    streamed_shape_problem,
    timeout_problem,
)
from mosaia.request import Call, unencodable
from mosaia.retry import RetryPolicy, policy_problem

USER_AGENT = f"mosaia-python/{__version__}"
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class MosaiaConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Everything a client needs to reach Mosaia. Immutable: derive variants with
    :meth:`replace`. Its repr and str never show ``api_key`` or ``client_secret``.

    ``timeout`` is seconds for both connect and read (``timeout=2.5``), or a
    :class:`~mosaia.http.Timeout` with each limit (``Timeout(connect=3, read=120, total=600)``;
    a whole answer's ``total``, a stream's ``first_event`` and ``idle`` have finite defaults);
    never infinite, and a single call may override it with ``call.with_timeout(...)``.
    ``max_retries`` is how often a failed request is retried under the default
    :class:`~mosaia.retry.RetryPolicy`; ``retry`` replaces that policy wholesale (see
    :mod:`mosaia.retry` for what is retried).

    Building a config never raises, whatever its fields hold: a value that cannot be used (a
    ``base_url`` that is not a URL, ``max_retries="3"``) fails the first call made with it as
    ``InvalidRequest`` naming the field (see :func:`config_problem`), and nothing is sent.
    """

    api_key: str | None = None
    version: str = "1"
    base_url: str = "https://api.mosaia.ai"
    frontend_url: str = "https://mosaia.ai"
    #: The live-update relay (Server-Sent Events); watches live under ``{sse_url}/v{version}``.
    sse_url: str = "https://sse.mosaia.ai"
    client_id: str | None = None
    client_secret: str | None = None
    user: str | None = None
    org: str | None = None
    timeout: float | Timeout = Timeout()
    max_retries: int = 2
    #: A full retry policy; when given it wins over ``max_retries``.
    retry: RetryPolicy | None = None
    #: Permit sending credentials (the bearer token, a password, a client secret, a refresh
    #: token, an OAuth code or verifier) over plain ``http://`` to a host other than loopback.
    allow_insecure_http: bool = False
    #: Answers larger than this many bytes fail instead of exhausting memory.
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    #: An explicit proxy; when unset, ``HTTPS_PROXY``/``NO_PROXY`` from the environment apply.
    proxy_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> MosaiaConfig:
        """A config from ``MOSAIA_*`` variables (``MOSAIA_API_KEY``, ``MOSAIA_BASE_URL``,
        ``MOSAIA_VERSION``, ``MOSAIA_FRONTEND_URL``, ``MOSAIA_SSE_URL``, ``MOSAIA_CLIENT_ID``,
        ``MOSAIA_CLIENT_SECRET``, ``MOSAIA_USER``, ``MOSAIA_ORG``); keyword overrides win."""
        env = os.environ if environ is None else environ
        names = ("api_key", "base_url", "version", "frontend_url", "sse_url", "client_id")
        found: dict[str, Any] = {
            name: env[f"MOSAIA_{name.upper()}"]
            for name in (*names, "client_secret", "user", "org")
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
            elif name in ("proxy_url", "base_url", "frontend_url", "sse_url") and isinstance(
                value, str
            ):
                yield name, redact_url(value)
            else:
                yield name, value


#: The seed SDK's spelling, kept so its examples run unchanged.
MosiaConfig = MosaiaConfig


def prepare(call: Call[Any], config: MosaiaConfig) -> Result[HttpRequest, InvalidRequest]:
    """The absolute :class:`HttpRequest` for ``call`` under ``config``, or why it cannot be sent.

    Refused, with nothing sent: a call its builder marked invalid; a config that cannot be used
    (:func:`config_problem`); any credential (the API key, or a secret field of the query,
    headers or body: a password, client secret, refresh token, OAuth code or verifier) over
    plain http to a host other than loopback, unless ``allow_insecure_http``; header values
    holding control characters other than tab, or text HTTP cannot carry (a lone surrogate,
    characters beyond Latin-1); a query or path that does not encode as UTF-8.

    Pure: the same call and config always give the same request. Never raises."""
    if call.problem is not None:
        return Failure(InvalidRequest(message=call.problem))
    problem = config_problem(config)
    if problem is not None:
        return Failure(InvalidRequest(message=problem))
    request = call.request
    # Checked by config_problem, and cached: this is the scheme and host, not a message.
    scheme, host = cast(tuple[str, str], _checked_url(config.base_url, str(config.version)))
    if request.auth and not config.api_key and not _has_header(request.headers, "authorization"):
        # Said here, before anything is sent: a server's bare 401 does not tell a new user that
        # the key was never configured at all.
        return Failure(
            InvalidRequest(
                message=(
                    "no API key: export MOSAIA_API_KEY (read by Mosaia() and "
                    "MosaiaConfig.from_env()), pass MosaiaConfig(api_key=...), or sign in "
                    "(client.auth.sign_in_with_password) to act as a session"
                )
            )
        )
    send_key = request.auth
    if scheme == "http" and not config.allow_insecure_http and not is_loopback(host):
        refused = _insecure(request.query, request.headers, request.body, request.content_type)
        if send_key:
            refused = ["the API key", *refused]
        if refused:
            return Failure(
                InvalidRequest(
                    message=(
                        f"refusing to send {', '.join(refused)} over plain http to {host!r}; "
                        "use https, or set allow_insecure_http=True if you really mean it"
                    )
                )
            )
    timeout = request.timeout or Timeout.of(config.timeout)
    problem = timeout_problem(timeout) or _request_problem(request.path, request.headers)
    if problem is None and request.content_type is not None:
        problem = header_value_problem("Content-Type", request.content_type)
    if problem is None and isinstance(request.body, Streamed):
        problem = streamed_shape_problem(request.body)
    if problem is not None:
        return Failure(InvalidRequest(message=problem))

    url = config.api_url + request.path
    if request.query:
        query = _encoded_query(request.query)
        if isinstance(query, InvalidRequest):
            return Failure(query)
        url += "?" + query
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


_CHECKED: list[MosaiaConfig] = []


def _has_header(headers: Any, name: str) -> bool:
    # A call may carry its own Authorization header (with_header): then it needs no key.
    return any(str(key).lower() == name for key, _ in headers or ())


def config_problem(config: object) -> str | None:
    """Why ``config`` cannot be used, naming the field, or ``None`` when it can. Configs are
    built by hand, from the environment and from files, and a Struct does not check its fields
    when built: a value of the wrong type is a caller mistake to report on the first call, not
    an exception out of the constructor, the client or ``run``."""
    if _CHECKED and _CHECKED[0] is config:
        return None  # the config every call of a client shares: checked once
    problem = _config_problem(config)
    if problem is None and isinstance(config, MosaiaConfig):
        _CHECKED[:] = [config]
    return problem


def _config_problem(config: object) -> str | None:
    if not isinstance(config, MosaiaConfig):
        return f"config must be a MosaiaConfig, got {type(config).__name__}"
    for name in ("api_key", "client_id", "client_secret", "user", "org", "proxy_url"):
        value = getattr(config, name)
        if value is not None and not isinstance(value, str):
            return f"{name} must be a string or None, got {type(value).__name__}"
    if not isinstance(config.frontend_url, str):
        return f"frontend_url must be a string, got {type(config.frontend_url).__name__}"
    base = _checked_base(config.base_url, config.version)
    if isinstance(base, str):
        return base
    if config.api_key is not None:
        problem = header_value_problem("Authorization", config.api_key)
        if problem is not None:
            return "api_key " + problem.partition(" value ")[2]  # never quote the key itself
    for name, minimum in (("max_retries", 0), ("max_response_bytes", 1)):
        value = getattr(config, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            return f"{name} must be a whole number >= {minimum}, got {value!r}"
    if not isinstance(config.allow_insecure_http, bool):
        return "allow_insecure_http must be True or False"
    if config.retry is not None:
        return policy_problem(config.retry)
    return timeout_problem(Timeout.of(config.timeout))


def _insecure(query: Any, headers: Any, body: Body | None, content_type: str | None) -> list[str]:
    # The credentials a request carries, as they would be named in a refusal. A streamed body's
    # inline bytes (a form's headers and fields) are what pure code can look at; its files are
    # the caller's data, read only when sent.
    inline = body.inline if isinstance(body, Streamed) else body
    return [repr(name) for name in secret_names(query, headers, inline, content_type)]


#: What an HTTP field value may hold (RFC 9110 section 5.5): visible ASCII, space, tab and
#: obs-text (Latin-1's upper half). Any other control character (a C0 byte or DEL) could be
#: read as a delimiter by something on the way, and beyond Latin-1 the value cannot be encoded.
_FIELD_VALUE_BAD = re.compile(r"[^\t\x20-\x7e\x80-\xff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def header_value_problem(name: str, value: str) -> str | None:
    """Why header ``name`` cannot carry ``value``, or ``None`` when it can: only tab, space,
    visible ASCII and Latin-1 text (no CR, LF, NUL, other control characters, DEL, lone
    surrogates or characters beyond Latin-1). The message names the header, never the value."""
    if not isinstance(value, str):
        return f"header {name!r} value must be a string, got {type(value).__name__}"
    bad = _FIELD_VALUE_BAD.search(value)
    if bad is None:
        return None
    char = bad.group()
    what = "a control character" if ord(char) < 0x20 or char == "\x7f" else "text HTTP cannot carry"
    return f"header {name!r} value contains {what} ({_codepoint(char)})"


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def _request_problem(path: Any, headers: Any) -> str | None:
    # What a hand-built Request could carry that the builders never produce.
    if not isinstance(path, str) or not path.startswith("/"):
        return f"path must be a string starting with '/', got {path!r}"
    if not path.isascii() and unencodable(path):
        return "path contains text that cannot be encoded (a lone surrogate)"
    for name, value in headers:
        if not isinstance(name, str) or not _TOKEN.fullmatch(name):
            return f"header name {name!r} is not an HTTP token"
        problem = header_value_problem(name, value)
        if problem is not None:
            return problem
    return None


def _encoded_query(query: Any) -> str | InvalidRequest:
    try:
        return urlencode(query, quote_via=quote)
    except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
        pass
    for key, value in query:
        for part, what in ((key, "name"), (value, "value")):
            if not isinstance(part, str) or unencodable(part):
                shown = key if isinstance(key, str) else type(key).__name__
                return InvalidRequest(
                    message=f"query parameter {shown!r} {what} is not text that can be encoded"
                )
    return InvalidRequest(message="query does not encode")


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
    if "@" in parts.netloc:
        # urllib3 would drop them silently; the API key is how the API authenticates.
        return (
            f"base_url must not carry credentials (they would not be sent), got {shown!r}; "
            "pass the API key as api_key"
        )
    if _CONTROL.search(base_url) or " " in base_url or unencodable(base_url):
        return "base_url contains whitespace, control characters or text that cannot be encoded"
    try:
        parts.port  # noqa: B018 - a port out of range or not a number raises here
    except ValueError:
        return f"base_url has an invalid port, got {shown!r}"
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


__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "USER_AGENT",
    "MosaiaConfig",
    "MosiaConfig",
    "config_problem",
    "header_value_problem",
    "is_loopback",
    "prepare",
]
