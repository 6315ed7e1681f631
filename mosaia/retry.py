"""Retrying as a pure policy: a :class:`RetryPolicy` value and the decisions made with it.

Whether to try again, and how long to wait first, depends only on the policy, the request, what
came back, the attempt number, the current time and one random number. The clock and the random
number are arguments, so every decision is reproducible and tested without sleeping; the
executor in :mod:`mosaia.executors._retry` draws them and does the waiting.

The rules, in one place:

- A request that certainly never reached the server (the connection was refused, or connecting
  timed out) may be sent again whatever its method.
- Once it may have reached the server (any HTTP answer, a reset or a read timeout after sending)
  only an idempotent method (GET, PUT, DELETE, HEAD) or a request carrying an
  ``Idempotency-Key`` header is sent again: resending a POST could create a thing twice.
- Retryable answers: 408, 409, 429 and every 5xx by default.
- The wait is exponential backoff with jitter, unless the server said how long to wait
  (``retry-after-ms``, or ``Retry-After`` in seconds or as an HTTP date); the server's wait is
  honoured exactly. When it asks for longer than ``retry_after_cap`` the call fails at once with
  the server's answer (a :class:`~mosaia.errors.RateLimitError` carrying the header) instead of
  either hanging or retrying before the server is ready.
"""

from __future__ import annotations

import math
from email.utils import parsedate_to_datetime

import msgspec
from returns.result import Failure, Result, Success

from mosaia.errors import ConnectionFailure, TimeoutError, TransportError
from mosaia.http import HttpRequest, HttpResponse, Pairs, find_header

#: Methods the HTTP spec defines as idempotent that the API uses: safe to send twice.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})

#: Statuses below 500 worth retrying: timeout, conflict (usually a lost race), rate limit.
RETRY_STATUSES = frozenset({408, 409, 429})

#: Transport faults that another attempt will not cure: the answer will be as large next time,
#: and a certificate that failed to verify will fail again.
PERMANENT_FAULTS = frozenset({"response_too_large", "tls_error", "proxy_unsupported"})

#: What one attempt produced: an answer, or why there was none.
Outcome = Result[HttpResponse, ConnectionFailure]


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """How a failed request is retried. A frozen value: compare, hash, store and ship it.

    ``max_retries`` is how many times a request may be sent again (so at most
    ``1 + max_retries`` attempts). The n-th retry waits ``backoff_base * 2 ** (n - 1)`` seconds,
    at most ``backoff_cap``, shortened by up to ``jitter`` (a fraction) at random so clients
    that failed together do not come back together."""

    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    jitter: float = 0.5
    #: Statuses retried besides the 5xx family.
    retry_statuses: frozenset[int] = RETRY_STATUSES
    #: Whether every 5xx is retried.
    retry_server_errors: bool = True
    retry_connection_errors: bool = True
    retry_timeouts: bool = True
    #: The longest server-requested wait honoured; a longer one ends the retries.
    retry_after_cap: float = 60.0
    idempotent_methods: frozenset[str] = IDEMPOTENT_METHODS


#: A policy that never retries.
NO_RETRIES = RetryPolicy(max_retries=0)


def retryable_status(policy: RetryPolicy, status: int) -> bool:
    """Whether an answer with ``status`` is worth another attempt under ``policy``."""
    return status in policy.retry_statuses or (policy.retry_server_errors and 500 <= status < 600)


def may_resend(policy: RetryPolicy, request: HttpRequest, reached_server: bool) -> bool:
    """Whether sending ``request`` again cannot do something twice: it never reached the server,
    its method is idempotent, or the server deduplicates it by its ``Idempotency-Key``."""
    return (
        not reached_server
        or request.method.upper() in policy.idempotent_methods
        or bool(request.header("idempotency-key"))
    )


def should_retry(policy: RetryPolicy, request: HttpRequest, outcome: Outcome, attempt: int) -> bool:
    """Whether to send ``request`` again after attempt number ``attempt`` (1 for the first
    send) ended in ``outcome``. Ignores ``Retry-After``; :func:`next_delay` applies it."""
    if attempt > policy.max_retries:
        return False
    match outcome:
        case Success(HttpResponse() as response):
            return retryable_status(policy, response.status) and may_resend(policy, request, True)
        case Failure(TimeoutError() as timeout):
            reached = timeout.phase != "connect"
            return policy.retry_timeouts and may_resend(policy, request, reached)
        case Failure(TransportError() as fault):
            return (
                policy.retry_connection_errors
                and fault.code not in PERMANENT_FAULTS
                and may_resend(policy, request, fault.sent)
            )
    return False


def delay(
    policy: RetryPolicy, attempt: int, retry_after: float | None, random_fraction: float
) -> float:
    """Seconds to wait before the attempt after ``attempt``: the server's ``retry_after``
    (seconds, already parsed) when it gave one, clamped to ``[0, retry_after_cap]``; otherwise
    exponential backoff shortened by ``jitter * random_fraction`` (``random_fraction`` in
    ``[0, 1)``, drawn by the caller)."""
    if retry_after is not None and math.isfinite(retry_after):
        return min(max(retry_after, 0.0), policy.retry_after_cap)
    # The exponent is bounded so a huge attempt number cannot overflow the float.
    backoff = min(policy.backoff_cap, policy.backoff_base * 2.0 ** min(max(attempt - 1, 0), 64))
    fraction = min(max(random_fraction, 0.0), 1.0)
    return max(backoff * (1.0 - policy.jitter * fraction), 0.0)


def parse_retry_after(value: str, now: float) -> float | None:
    """Seconds until the time a ``Retry-After`` value names, relative to ``now`` (epoch
    seconds): delay-seconds (``"120"``) or an HTTP date (``"Wed, 21 Oct 2015 07:28:00 GMT"``).
    A date in the past is ``0.0``; anything unparseable is ``None``."""
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None  # an HTTP date is always GMT; a zoneless one is not an HTTP date
    return max(when.timestamp() - now, 0.0)


def retry_after(headers: Pairs, now: float) -> float | None:
    """The wait the server asked for, in seconds: ``retry-after-ms`` (milliseconds, which some
    gateways send for precision) wins over ``Retry-After``; ``None`` when neither parses."""
    millis = find_header(headers, "retry-after-ms")
    if millis is not None:
        try:
            value = float(millis) / 1000.0
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return value
    header = find_header(headers, "retry-after")
    return None if header is None else parse_retry_after(header, now)


def next_delay(
    policy: RetryPolicy,
    request: HttpRequest,
    outcome: Outcome,
    attempt: int,
    *,
    now: float,
    random_fraction: float,
) -> float | None:
    """The whole decision: seconds to wait before sending ``request`` again after attempt
    ``attempt`` ended in ``outcome``, or ``None`` to stop and hand ``outcome`` to the caller."""
    if not should_retry(policy, request, outcome, attempt):
        return None
    asked: float | None = None
    if isinstance(outcome, Success):
        asked = retry_after(outcome.unwrap().headers, now)
        if asked is not None and asked > policy.retry_after_cap:
            return None
    return delay(policy, attempt, asked, random_fraction)
