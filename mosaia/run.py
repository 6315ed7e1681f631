"""``run``: prepare, send, decode. The one function that joins the pure core to an executor.

``run_with_response`` does the same and keeps the answer's status and headers beside the value,
for callers who need the request id of a success, a rate-limit header, or a paging link.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import msgspec
from returns.pipeline import is_successful
from returns.result import Failure, Result, Success

from mosaia._redact import redact_headers, redact_url, scrub
from mosaia.config import MosaiaConfig, prepare
from mosaia.decode import decode
from mosaia.errors import InvalidRequest, MosaiaError, TransportError
from mosaia.executors._base import Executor
from mosaia.http import HttpRequest, HttpResponse, Pairs, find_header
from mosaia.request import Call

__all__ = ["Response", "exchange", "executor_raised", "not_runnable", "run", "run_with_response"]

T = TypeVar("T")


class Response(msgspec.Struct, Generic[T], frozen=True):
    """A decoded value with the answer it came from: ``status``, ``headers`` (as sent) and the
    server's ``request_id`` (``X-Request-Id``), the handle support asks for."""

    value: T
    status: int
    headers: Pairs = ()

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id`` for this exchange, if it sent one."""
        return find_header(self.headers, "x-request-id")

    def header(self, name: str) -> str | None:
        """The first value of response header ``name`` (case-insensitive)."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        return (
            f"Response(value={self.value!r}, status={self.status!r}, "
            f"headers={redact_headers(self.headers)!r})"
        )

    def __rich_repr__(self) -> Any:
        yield "value", self.value
        yield "status", self.status
        yield "headers", redact_headers(self.headers)


def run(call: Call[T], config: MosaiaConfig, executor: Executor) -> Result[T, MosaiaError]:
    """Run ``call``: prepare it under ``config``, send it through ``executor``, decode the answer.

    Never raises. A caller mistake is ``Failure(InvalidRequest)`` and nothing is sent; a transport
    fault, an error status or an answer of the wrong shape is the matching error value."""
    sent = exchange(call, config, executor)
    if not is_successful(sent):
        return Failure(sent.failure())
    return decode(sent.unwrap(), call)


def run_with_response(
    call: Call[T], config: MosaiaConfig, executor: Executor
) -> Result[Response[T], MosaiaError]:
    """Like :func:`run`, with the value wrapped in a :class:`Response` that also carries the
    status, headers and request id. Failures are the same values :func:`run` returns (an
    :class:`~mosaia.errors.ApiError` already carries its own status, headers and request id)."""
    sent = exchange(call, config, executor)
    if not is_successful(sent):
        return Failure(sent.failure())
    answer = sent.unwrap()
    decoded = decode(answer, call)
    if not is_successful(decoded):
        return Failure(decoded.failure())
    return Success(Response(value=decoded.unwrap(), status=answer.status, headers=answer.headers))


def exchange(
    call: Call[Any], config: MosaiaConfig, executor: Executor
) -> Result[HttpResponse, MosaiaError]:
    """Prepare ``call`` and send it: the raw answer before decoding, or why there is none.

    Executors must not raise; one that does anyway (a custom executor, a hook inside one) gives
    ``Failure(TransportError(code="executor"))`` here, so ``run`` keeps its promise. Anything
    :func:`not_runnable` refuses is ``Failure(InvalidRequest)``, and nothing is sent."""
    problem = not_runnable(call)
    if problem is not None:
        return Failure(problem)
    prepared = prepare(call, config)
    if not is_successful(prepared):
        return Failure(prepared.failure())
    request = prepared.unwrap()
    try:
        return executor.send(request)
    except Exception as exc:
        return Failure(executor_raised(exc, request))


def not_runnable(call: object) -> InvalidRequest | None:
    """Why ``call`` cannot be run for one whole answer, or ``None`` when it can: it must be a
    :class:`~mosaia.request.Call` (not ``None`` or a builder's name), and not one whose answer
    is a stream of events, which is read with ``client.stream(call)``."""
    if not isinstance(call, Call):
        return InvalidRequest(message=f"expected a Call to run, got {type(call).__name__}")
    if call.shape == "stream":
        return InvalidRequest(
            message="a streamed call is read event by event: use client.stream(call)"
        )
    return None


def executor_raised(exc: Exception, request: HttpRequest) -> TransportError:
    """The error for an executor that raised ``exc`` while sending ``request``: ``sent=True``,
    since it may have gone out, and the exception's text with the request's secrets masked."""
    detail = scrub(f"{type(exc).__name__}: {exc}", request.url, request.headers)
    return TransportError(
        message=f"the executor raised {detail}",
        code="executor",
        url=redact_url(request.url),
        sent=True,
    )
