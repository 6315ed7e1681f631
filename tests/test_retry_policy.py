"""The retry policy as pure decisions, and the executor that applies it (with scripted inner
executors: this is pure logic, the real-network behaviour is in test_transport_faults.py)."""

from __future__ import annotations

from collections.abc import Iterator
from email.utils import formatdate

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from mosaia.errors import ConnectionFailure, RequestTimeout, TransportError
from mosaia.executors._base import StreamingResponse
from mosaia.executors._retry import RetryingExecutor, current_attempt
from mosaia.http import HttpRequest, HttpResponse, Pairs
from mosaia.retry import (
    RetryPolicy,
    delay,
    next_delay,
    parse_retry_after,
    retry_after,
    should_retry,
)

POLICY = RetryPolicy()
NOW = 1_700_000_000.0

policies = st.builds(
    RetryPolicy,
    max_retries=st.integers(0, 10),
    backoff_base=st.floats(0, 30),
    backoff_cap=st.floats(0, 120),
    jitter=st.floats(0, 1),
    retry_after_cap=st.floats(0, 600),
)
fractions = st.floats(0, 1, exclude_max=True)


def request(method: str = "GET", *headers: tuple[str, str]) -> HttpRequest:
    return HttpRequest(method=method, url="https://api.example/v1/agent", headers=headers)


def answer(status: int, *headers: tuple[str, str]) -> Result[HttpResponse, ConnectionFailure]:
    return Success(HttpResponse(status=status, headers=headers))


def fault(error: ConnectionFailure) -> Result[HttpResponse, ConnectionFailure]:
    return Failure(error)


RESET = TransportError(message="reset", code="connection_broken", sent=True)
REFUSED = TransportError(message="refused", code="connect_error", sent=False)
READ_TIMEOUT = RequestTimeout(message="slow", phase="read")
CONNECT_TIMEOUT = RequestTimeout(message="no route", phase="connect")
KEY = ("Idempotency-Key", "k-1")


@pytest.mark.parametrize(
    ("method", "outcome", "headers", "expected"),
    [
        ("GET", answer(503), (), True),
        ("PUT", answer(500), (), True),
        ("DELETE", answer(502), (), True),
        ("HEAD", answer(504), (), True),
        ("GET", answer(429), (), True),
        ("GET", answer(408), (), True),
        ("GET", answer(409), (), True),
        ("GET", answer(404), (), False),
        ("GET", answer(400), (), False),
        ("GET", answer(200), (), False),
        ("POST", answer(500), (), False),
        # A 429, or a 503 saying when to come back, means the server did nothing: any method
        # may go again. Other failures of a POST are retried only with an idempotency key.
        ("POST", answer(429), (), True),
        ("PATCH", answer(429), (), True),
        ("POST", answer(503, ("Retry-After", "1")), (), True),
        ("POST", answer(503, ("retry-after-ms", "10")), (), True),
        ("POST", answer(503), (), False),
        ("PATCH", answer(503), (), False),
        ("POST", answer(500), (KEY,), True),
        ("GET", fault(RESET), (), True),
        ("POST", fault(RESET), (), False),
        ("POST", fault(RESET), (KEY,), True),
        ("POST", fault(REFUSED), (), True),
        ("POST", fault(CONNECT_TIMEOUT), (), True),
        ("POST", fault(READ_TIMEOUT), (), False),
        ("GET", fault(READ_TIMEOUT), (), True),
        ("GET", fault(TransportError(message="big", code="response_too_large")), (), False),
        ("GET", fault(TransportError(message="cert", code="tls_error", sent=False)), (), False),
    ],
)
def test_should_retry_follows_status_method_and_idempotency_rules(
    method: str,
    outcome: Result[HttpResponse, ConnectionFailure],
    headers: tuple[tuple[str, str], ...],
    expected: bool,
) -> None:
    assert should_retry(POLICY, request(method, *headers), outcome, 1) is expected


@given(policy=policies, attempt=st.integers(1, 1000))
def test_no_retry_once_max_retries_are_used(policy: RetryPolicy, attempt: int) -> None:
    decided = should_retry(policy, request(), answer(503), attempt)
    assert decided is (attempt <= policy.max_retries)


@given(policy=policies, attempt=st.integers(1, 10_000), fraction=fractions)
def test_backoff_stays_between_the_jittered_floor_and_the_cap(
    policy: RetryPolicy, attempt: int, fraction: float
) -> None:
    full = min(policy.backoff_cap, policy.backoff_base * 2.0 ** min(attempt - 1, 64))
    waited = delay(policy, attempt, None, fraction)
    assert full * (1 - policy.jitter) - 1e-9 <= waited <= full + 1e-9


@given(policy=policies, attempt=st.integers(1, 60))
def test_backoff_without_jitter_never_shrinks_as_attempts_grow(
    policy: RetryPolicy, attempt: int
) -> None:
    assert delay(policy, attempt, None, 0.0) <= delay(policy, attempt + 1, None, 0.0)


def test_backoff_doubles_from_the_base() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=8.0)
    assert [delay(policy, n, None, 0.0) for n in range(1, 7)] == [0.5, 1, 2, 4, 8, 8]


@given(policy=policies, attempt=st.integers(1, 50), fraction=fractions, asked=st.floats(0, 600))
def test_server_requested_wait_is_used_as_is_up_to_the_cap(
    policy: RetryPolicy, attempt: int, fraction: float, asked: float
) -> None:
    assert delay(policy, attempt, asked, fraction) == min(asked, policy.retry_after_cap)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        (formatdate(NOW + 30, usegmt=True), 30.0),
        (formatdate(NOW - 30, usegmt=True), 0.0),
        ("-3", None),
        ("soon", None),
        ("", None),
        ("inf", None),
        ("Wed, 21 Oct 2015 07:28:00", None),
    ],
)
def test_parse_retry_after_reads_seconds_and_http_dates(value: str, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


#: RFC 9110 section 5.6.7's example instant, in each of the three forms a recipient must accept.
NOV_6_1994 = 784_111_777.0


@pytest.mark.parametrize(
    "value",
    [
        "Sun, 06 Nov 1994 08:49:37 GMT",  # RFC 1123, the preferred form
        "Sunday, 06-Nov-94 08:49:37 GMT",  # RFC 850, obsolete
        "Sun Nov  6 08:49:37 1994",  # ANSI C asctime(), obsolete
    ],
)
def test_parse_retry_after_reads_all_three_http_date_forms(value: str) -> None:
    assert parse_retry_after(value, NOV_6_1994 - 60) == 60.0


def test_an_rfc_850_two_digit_year_more_than_50_years_ahead_is_last_century() -> None:
    # Read in 2023 (NOW), "94" is 1994, not 2094.
    assert parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", NOW) == 0.0
    assert parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", NOV_6_1994 - 1) == 1.0


@pytest.mark.parametrize(
    "value",
    [
        "1.5",  # delay-seconds is 1*DIGIT: no fractions,
        "1_000",  # no Python digit separators,
        "1e3",  # no exponents,
        "+1",  # no signs,
        "\u0661",  # and no digits of other scripts (ARABIC-INDIC ONE), which int() accepts
        "\uff11\uff12",  # FULLWIDTH 12
        "Sun, 31 Feb 1994 08:49:37 GMT",  # no such day
        "sun, 06 nov 1994 08:49:37 gmt",  # HTTP dates are case-sensitive
        "Sun, 06 Nov 1994 08:49:37 +0000",  # only GMT
    ],
)
def test_parse_retry_after_refuses_what_is_not_delay_seconds_or_an_http_date(value: str) -> None:
    assert parse_retry_after(value, NOW) is None


def test_retry_after_ms_takes_ascii_digits_only() -> None:
    assert retry_after((("retry-after-ms", "1_000"), ("Retry-After", "2")), NOW) == 2.0
    assert retry_after((("retry-after-ms", "\u0661"),), NOW) is None


def test_a_huge_delay_is_finite_and_beyond_any_cap() -> None:
    parsed = parse_retry_after("9" * 400, NOW)
    assert parsed is not None
    assert parsed > 10**12


@given(value=st.text(), now=st.floats(allow_nan=False, allow_infinity=False))
def test_parse_retry_after_never_raises(value: str, now: float) -> None:
    parsed = parse_retry_after(value, now)
    assert parsed is None or parsed >= 0


def test_retry_after_ms_wins_over_retry_after() -> None:
    headers: Pairs = (("Retry-After", "9"), ("retry-after-ms", "250"))
    assert retry_after(headers, NOW) == 0.25


def test_next_delay_honours_the_servers_wait() -> None:
    outcome = answer(429, ("Retry-After", "4"))
    assert next_delay(POLICY, request(), outcome, 1, now=NOW, random_fraction=0.9) == 4.0


def test_next_delay_stops_when_the_server_asks_for_more_than_the_cap() -> None:
    outcome = answer(429, ("Retry-After", str(int(POLICY.retry_after_cap) + 1)))
    assert next_delay(POLICY, request(), outcome, 1, now=NOW, random_fraction=0.0) is None


def test_next_delay_ignores_retry_after_on_answers_that_are_not_retried() -> None:
    outcome = answer(400, ("Retry-After", "1"))
    assert next_delay(POLICY, request(), outcome, 1, now=NOW, random_fraction=0.0) is None


# --- the executor -----------------------------------------------------------------------------


class Scripted:
    """An executor answering from a list of outcomes, noting the attempt number it saw."""

    def __init__(self, *outcomes: Result[HttpResponse, ConnectionFailure]) -> None:
        self.outcomes = list(outcomes)
        self.attempts: list[int] = []

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        self.attempts.append(current_attempt())
        return self.outcomes.pop(0)


def test_executor_sleeps_the_computed_delays_and_returns_the_last_outcome() -> None:
    inner = Scripted(answer(503), fault(RESET), answer(502))
    slept: list[float] = []
    policy = RetryPolicy(backoff_base=1.0, jitter=0.5)
    executor = RetryingExecutor(inner, policy, sleep=slept.append, random=lambda: 0.5)
    assert executor.send(request()) == answer(502)
    assert (inner.attempts, slept) == ([1, 2, 3], [0.75, 1.5])


def test_executor_stops_at_the_first_success() -> None:
    inner = Scripted(answer(503), answer(200), answer(500))
    executor = RetryingExecutor(inner, POLICY, sleep=lambda _: None)
    assert executor.send(request()) == answer(200)
    assert inner.attempts == [1, 2]


def test_executor_resends_a_post_refused_with_429_until_it_goes_through() -> None:
    inner = Scripted(answer(429), answer(429, ("Retry-After", "0")), answer(200))
    executor = RetryingExecutor(inner, POLICY, sleep=lambda _: None)
    assert executor.send(request("POST")) == answer(200)
    assert inner.attempts == [1, 2, 3]


def test_a_post_refused_with_429_is_retried_only_within_the_policy() -> None:
    inner = Scripted(answer(429), answer(429), answer(200))
    policy = RetryPolicy(max_retries=1)
    executor = RetryingExecutor(inner, policy, sleep=lambda _: None)
    assert executor.send(request("POST")) == answer(429)
    unlisted = RetryPolicy(retry_statuses=frozenset({408}))
    assert should_retry(unlisted, request("POST"), answer(429), 1) is False


def test_executor_does_not_resend_a_post_the_server_may_have_seen() -> None:
    inner = Scripted(fault(RESET), answer(200))
    executor = RetryingExecutor(inner, POLICY, sleep=lambda _: None)
    assert executor.send(request("POST")) == fault(RESET)
    assert inner.attempts == [1]


class Stream:
    """A streaming answer with nothing to read, remembering whether it was closed."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.headers: Pairs = ()
        self.closed = False

    def iter_bytes(self) -> Iterator[Result[bytes, ConnectionFailure]]:
        return iter(())

    def close(self) -> None:
        self.closed = True


class StreamingScripted(Scripted):
    def __init__(self, *streams: Stream) -> None:
        super().__init__()
        self.streams = list(streams)

    def open(self, request: HttpRequest) -> Result[StreamingResponse, ConnectionFailure]:
        self.attempts.append(current_attempt())
        return Success(self.streams.pop(0))


def test_executor_retries_opening_a_stream_and_closes_the_discarded_one() -> None:
    busy, ready = Stream(503), Stream(200)
    inner = StreamingScripted(busy, ready)
    opened = RetryingExecutor(inner, POLICY, sleep=lambda _: None).open(request())
    assert opened == Success(ready)
    assert (busy.closed, ready.closed, inner.attempts) == (True, False, [1, 2])


def test_executor_open_over_a_non_streaming_executor_fails_without_sending() -> None:
    inner = Scripted()
    opened = RetryingExecutor(inner, POLICY).open(request())
    error = opened.failure()
    assert isinstance(error, TransportError)
    assert (error.code, inner.attempts) == ("not_streaming", [])
