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
- Except an answer that says the server did not process the request: 429 (rate limited), and
  503 carrying ``Retry-After`` (overloaded, come back later). Those are retried for every
  method, POST included, within the policy's limits: nothing happened, so nothing can happen
  twice.
- Retryable answers: 408, 409, 429 and every 5xx by default.
- The wait is exponential backoff with jitter, unless the server said how long to wait
  (``retry-after-ms``, or ``Retry-After`` as ASCII-digit seconds or an HTTP date in any of its
  three forms: RFC 1123, RFC 850, asctime); the server's wait is
  honoured exactly. When it asks for longer than ``retry_after_cap`` the call fails at once with
  the server's answer (a :class:`~mosaia.errors.RateLimitError` carrying the header) instead of
  either hanging or retrying before the server is ready.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

import msgspec
from returns.result import Failure, Result, Success

from mosaia.errors import ConnectionFailure, RequestTimeout, TransportError
from mosaia.http import HttpRequest, HttpResponse, Pairs, find_header

#: Methods the HTTP spec defines as idempotent that the API uses: safe to send twice.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})

#: Statuses below 500 worth retrying: timeout, conflict (usually a lost race), rate limit.
RETRY_STATUSES = frozenset({408, 409, 429})

#: Transport faults that another attempt will not cure: the answer will be as large next time,
#: a certificate that failed to verify will fail again, and a file a body streams from that
#: changed since the call was built has not changed back.
PERMANENT_FAULTS = frozenset(
    {"response_too_large", "tls_error", "proxy_unsupported", "invalid_config", "source_changed"}
)

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

_SECONDS = ("backoff_base", "backoff_cap", "jitter", "retry_after_cap")
_SWITCHES = ("retry_server_errors", "retry_connection_errors", "retry_timeouts")


def policy_problem(policy: object) -> str | None:
    """Why ``policy`` cannot be used, naming the field, or ``None`` when it can. A Struct's
    fields are not checked when it is built, and a policy may come from a config file or the
    environment: ``max_retries="3"`` must be reported, not raise a ``TypeError`` mid-request."""
    if not isinstance(policy, RetryPolicy):
        return f"retry must be a RetryPolicy, got {type(policy).__name__}"
    count = policy.max_retries
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return f"retry.max_retries must be a whole number >= 0, got {count!r}"
    for name in _SECONDS:
        value = getattr(policy, name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"retry.{name} must be a number, got {type(value).__name__}"
        if not (math.isfinite(value) and value >= 0):
            return f"retry.{name} must be finite and >= 0, got {value!r}"
    for name in _SWITCHES:
        if not isinstance(getattr(policy, name), bool):
            return f"retry.{name} must be True or False"
    statuses, methods = policy.retry_statuses, policy.idempotent_methods
    if not isinstance(statuses, frozenset | set) or not all(type(s) is int for s in statuses):
        return "retry.retry_statuses must be a set of status codes (ints)"
    if not isinstance(methods, frozenset | set) or not all(isinstance(m, str) for m in methods):
        return "retry.idempotent_methods must be a set of method names"
    return None


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


def unprocessed(response: HttpResponse) -> bool:
    """Whether ``response`` says the server did not act on the request, so sending it again
    cannot do anything twice whatever its method: a 429 (the rate limiter refused it before
    anything ran), or a 503 that says when to come back (``Retry-After`` or
    ``retry-after-ms``: the server shed it while overloaded)."""
    if response.status == 429:
        return True
    return response.status == 503 and (
        find_header(response.headers, "retry-after") is not None
        or find_header(response.headers, "retry-after-ms") is not None
    )


def should_retry(policy: RetryPolicy, request: HttpRequest, outcome: Outcome, attempt: int) -> bool:
    """Whether to send ``request`` again after attempt number ``attempt`` (1 for the first
    send) ended in ``outcome``. Ignores ``Retry-After``; :func:`next_delay` applies it."""
    if attempt > policy.max_retries:
        return False
    match outcome:
        case Success(HttpResponse() as response):
            return retryable_status(policy, response.status) and (
                unprocessed(response) or may_resend(policy, request, True)
            )
        case Failure(RequestTimeout() as timeout):
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
    seconds): delay-seconds, which RFC 9110 defines as ASCII digits only (``"120"``; not
    ``"1.5"``, ``"+1"``, ``"1e3"``, ``"1_000"`` or other scripts' digits, which Python's
    ``int`` and ``float`` would accept), or an HTTP date in any of its three forms: RFC 1123
    (``Sun, 06 Nov 1994 08:49:37 GMT``), RFC 850 (``Sunday, 06-Nov-94 08:49:37 GMT``) or
    asctime (``Sun Nov  6 08:49:37 1994``). A date in the past is ``0.0``; anything else is
    ``None``. Never raises."""
    if not isinstance(value, str):
        return None
    text = value.strip(" \t")
    seconds = ascii_seconds(text)
    if seconds is not None:
        return seconds
    when = http_date(text, now)
    return None if when is None else max(when - now, 0.0)


#: Longer than any wait worth honouring, and still a finite float: a 400-digit value must not
#: overflow converting to float, it only has to exceed every ``retry_after_cap``.
_LONGEST = 1e15


def ascii_seconds(text: str) -> float | None:
    """``text`` as a whole number of seconds when it is one or more ASCII digits, else
    ``None``."""
    if not (text and text.isascii() and text.isdigit()):
        return None
    return float(int(text)) if len(text) < 16 else _LONGEST


_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_WDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = rf"(?P<mon>{'|'.join(_MONTH_NAMES)})"
_TIME = r"(?P<h>[0-9]{2}):(?P<m>[0-9]{2}):(?P<s>[0-9]{2})"
_HTTP_DATES = (
    re.compile(rf"{_WDAY}, (?P<d>[0-9]{{2}}) {_MONTH} (?P<y>[0-9]{{4}}) {_TIME} GMT", re.ASCII),
    re.compile(rf"{_WEEKDAY}, (?P<d>[0-9]{{2}})-{_MONTH}-(?P<yy>[0-9]{{2}}) {_TIME} GMT", re.ASCII),
    re.compile(rf"{_WDAY} {_MONTH} (?P<d>[ 0-9][0-9]) {_TIME} (?P<y>[0-9]{{4}})", re.ASCII),
)


def http_date(text: str, now: float) -> float | None:
    """The epoch seconds of an HTTP date (RFC 9110 section 5.6.7, all three forms, always
    GMT), or ``None`` when ``text`` is not one. An RFC 850 two-digit year is read as RFC 9110
    says: a year more than 50 years after ``now`` is the one a century earlier."""
    for form in _HTTP_DATES:
        match = form.fullmatch(text)
        if match is not None:
            break
    else:
        return None
    parts = match.groupdict()
    if parts.get("yy") is not None:
        year = 2000 + int(parts["yy"])
        current = _year_of(now)
        if current is not None and year > current + 50:
            year -= 100
    else:
        year = int(parts["y"])
    second = int(parts["s"])
    try:
        when = datetime(
            year, _MONTHS[parts["mon"]], int(parts["d"]), int(parts["h"]), int(parts["m"]),
            min(second, 59), tzinfo=UTC,
        )  # fmt: skip
    except ValueError:
        return None  # 31 Feb, 25:00 and the like
    return when.timestamp() + (second - min(second, 59))  # a leap second is the next second


def _year_of(now: float) -> int | None:
    # The UTC year of epoch seconds (a conversion, not a clock read), None when out of range.
    try:
        return datetime.fromtimestamp(now, UTC).year
    except (ValueError, OverflowError, OSError):
        return None


def retry_after(headers: Pairs, now: float) -> float | None:
    """The wait the server asked for, in seconds: ``retry-after-ms`` (milliseconds as ASCII
    digits, which some gateways send for precision) wins over ``Retry-After``; ``None`` when
    neither parses."""
    millis = find_header(headers, "retry-after-ms")
    if millis is not None:
        value = ascii_seconds(millis.strip(" \t"))
        if value is not None:
            return value / 1000.0
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


__all__ = [
    "IDEMPOTENT_METHODS",
    "NO_RETRIES",
    "PERMANENT_FAULTS",
    "RETRY_STATUSES",
    "Outcome",
    "RetryPolicy",
    "ascii_seconds",
    "delay",
    "http_date",
    "may_resend",
    "next_delay",
    "parse_retry_after",
    "policy_problem",
    "retry_after",
    "retryable_status",
    "should_retry",
    "unprocessed",
]
