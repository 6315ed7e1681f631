"""The executor a client gets when it is given none: urllib3, retries and logging, from a config.

``default_executor(config)`` is ``RetryingExecutor(LoggingExecutor(Urllib3Executor(proxy)))``,
leaving out what the config and environment do not ask for: no retrying executor when
``max_retries`` is 0, no logging executor unless logging is on. Logging sits inside the retries
so that every attempt gets its own line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from returns.result import Failure, Result

from mosaia._redact import redact_url, scrub
from mosaia.config import MosaiaConfig, config_problem, is_loopback
from mosaia.errors import ConnectionFailure, TransportError
from mosaia.executors._base import Executor, StreamingResponse
from mosaia.executors._log import LoggingExecutor, logger_from_env
from mosaia.executors._pool import Urllib3Executor
from mosaia.executors._retry import RetryingExecutor
from mosaia.http import HttpRequest, HttpResponse
from mosaia.retry import RetryPolicy, policy_problem


def default_executor(
    config: MosaiaConfig,
    *,
    environ: Mapping[str, str] | None = None,
    policy: RetryPolicy | None = None,
) -> Executor:
    """The full executor stack for ``config``: a urllib3 pool (through the proxy
    :func:`proxy_for` picks), logging when :func:`~mosaia.executors._log.logger_from_env` turns
    it on, and retries under ``policy`` (default: ``config.retry_policy``). ``environ`` stands
    in for ``os.environ``. Never raises: a proxy urllib3 cannot use gives an executor whose
    every request fails with ``TransportError(code="proxy_unsupported")``, rather than one that
    silently goes around the proxy; a config that cannot be used at all (see
    :func:`~mosaia.config.config_problem`) gives one failing with ``code="invalid_config"``
    (calls prepared under it are refused before they reach an executor anyway)."""
    problem = config_problem(config)
    if problem is None and policy is not None:
        problem = policy_problem(policy)
    if problem is not None:
        return Unavailable(TransportError(message=problem, code="invalid_config", sent=False))
    proxy = proxy_for(config, environ)
    base: Executor
    try:
        base = Urllib3Executor(proxy_url=proxy)
    except Exception as exc:  # urllib3 rejects unknown proxy schemes (socks5://) by raising
        shown = redact_url(proxy or "")
        # urllib3 may quote the proxy URL, credentials and all, in its message.
        detail = scrub(str(exc), proxy or "")
        base = Unavailable(
            TransportError(
                message=f"cannot use proxy {shown!r}: {type(exc).__name__}: {detail}",
                code="proxy_unsupported",
                sent=False,
            )
        )
    logger = logger_from_env(environ)
    executor: Executor = base if logger is None else LoggingExecutor(base, logger)
    chosen = policy if policy is not None else config.retry_policy
    if chosen.max_retries > 0:
        executor = RetryingExecutor(executor, chosen, logger=logger)
    return executor


def proxy_for(config: MosaiaConfig, environ: Mapping[str, str] | None = None) -> str | None:
    """The proxy requests to ``config.base_url`` go through, or ``None`` for a direct
    connection: ``config.proxy_url`` when set; otherwise ``https_proxy``/``HTTPS_PROXY`` (or
    the ``http_`` pair for an ``http://`` base URL) unless ``no_proxy``/``NO_PROXY`` lists the
    host (``*``, exact names, domain suffixes, ``host:port``). Loopback hosts are never sent to
    an environment proxy (as in Go and curl's defaults), since a proxy cannot reach this
    machine's loopback. Pure given ``environ``."""
    if config.proxy_url:
        return _with_scheme(config.proxy_url)
    env = os.environ if environ is None else environ
    try:
        parts = urlsplit(config.base_url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (TypeError, ValueError, AttributeError):
        # A base URL that does not parse sends nothing: `prepare` refuses every call, saying
        # why. Building the client (or deriving one) must not raise over it first.
        return None
    if not host or is_loopback(host):
        return None
    proxy = _variable(env, f"{parts.scheme}_proxy")
    if not proxy:
        return None
    no_proxy = _variable(env, "no_proxy")
    if no_proxy and bypasses(no_proxy, host, port):
        return None
    return _with_scheme(proxy)


def bypasses(no_proxy: str, host: str, port: int) -> bool:
    """Whether a ``NO_PROXY`` value exempts ``host`` (and ``port``): ``*`` exempts everything;
    each comma-separated entry matches the host exactly or as a domain suffix (a leading dot is
    optional), and an entry with ``:port`` matches only that port."""
    host = host.lower().rstrip(".")
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if entry == "*":
            return True
        name, colon, entry_port = entry.rpartition(":") if _has_port(entry) else (entry, "", "")
        if colon and entry_port != str(port):
            continue
        name = name.strip("[]").lstrip(".").rstrip(".")
        if name and (host == name or host.endswith("." + name)):
            return True
    return False


def _has_port(entry: str) -> bool:
    # `::1` and `[::1]` are addresses, not host:port; `[::1]:8080` and `host:8080` carry ports.
    head, colon, tail = entry.rpartition(":")
    return bool(colon) and tail.isdigit() and (head.endswith("]") or ":" not in head)


def _variable(env: Mapping[str, str], name: str) -> str | None:
    # Lowercase wins, as in curl. Under CGI, HTTP_PROXY is a request header the client chose
    # ("httpoxy"), so the uppercase http_proxy is ignored there, as the stdlib does.
    value = env.get(name)
    if not value and not (name == "http_proxy" and "REQUEST_METHOD" in env):
        value = env.get(name.upper())
    return value.strip() if value and value.strip() else None


def _with_scheme(proxy: str) -> str:
    return proxy if "://" in proxy else f"http://{proxy}"


class Unavailable:
    """An executor that fails every request with one fixed error, sending nothing: what the
    default stack becomes when its transport cannot be built as configured."""

    def __init__(self, error: TransportError) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"Unavailable({self.error.message!r})"

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        """Fail with the fixed error."""
        return Failure(self.error)

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        """Fail with the fixed error."""
        return Failure(self.error)

    def close(self) -> None:
        """Nothing to release."""
