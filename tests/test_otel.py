"""``mosaia.otel``: one OpenTelemetry CLIENT span per HTTP attempt, by the HTTP semantic
conventions, recorded with the SDK's in-memory exporter against real sockets (the served
simulator and the fault server). Spans carry nothing the redaction rules hide."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from faultserver import AGENT, fault_server, reply, reset
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from returns.result import Success

from mosaia import Mosaia, RetryPolicy
from mosaia.api import agents, auth
from mosaia.executors import RetryingExecutor, Urllib3Executor
from mosaia.otel import TracingExecutor, traced_executor
from mosaia.retry import NO_RETRIES
from mosaia.testing import SimulatorServer

FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def provider(exporter: InMemorySpanExporter) -> Iterator[TracerProvider]:
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield tracer_provider
    tracer_provider.shutdown()


def spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return list(exporter.get_finished_spans())


def attrs(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


def everything_recorded(exporter: InMemorySpanExporter) -> str:
    """Every name, attribute and status description of every span, as one text to search."""
    return " ".join(
        f"{s.name} {attrs(s)!r} {s.status.description or ''} {s.events!r}" for s in spans(exporter)
    )


def test_a_get_is_one_client_span_named_by_its_method(
    server: SimulatorServer, provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    config = server.config()
    client = Mosaia(config, traced_executor(config, tracer_provider=provider, environ={}))
    created = client.agents.create(name="Traced", short_description="x").unwrap()
    assert created.id is not None
    exporter.clear()

    assert isinstance(client.agents.get_by_id(created.id), Success)

    (span,) = spans(exporter)
    assert (span.name, span.kind) == ("GET", SpanKind.CLIENT)
    found = attrs(span)
    (request_id,) = found.pop("http.response.header.x-request-id")
    assert request_id.startswith("req_")
    assert found == {
        "http.request.method": "GET",
        "url.full": f"{server.url}/v1/agent/{created.id}",
        "server.address": "127.0.0.1",
        "server.port": server.port,
        "http.response.status_code": 200,
    }
    assert span.status.status_code is StatusCode.UNSET
    assert span.instrumentation_scope is not None
    assert span.instrumentation_scope.name == "mosaia"


def test_an_error_answer_sets_error_type_and_an_error_status(
    server: SimulatorServer, provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    config = server.config()
    client = Mosaia(config, traced_executor(config, tracer_provider=provider, environ={}))

    client.agents.get_by_id("missing")

    (span,) = spans(exporter)
    assert attrs(span)["http.response.status_code"] == 404
    assert attrs(span)["error.type"] == "404"
    assert span.status.status_code is StatusCode.ERROR


def test_each_retry_is_its_own_span_counting_resends_with_the_request_id(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    busy = reply(503, json={"error": {"message": "busy"}})
    with fault_server(busy, busy, reply(200, json={"data": AGENT})) as server:
        config = server.config()
        executor = traced_executor(config, tracer_provider=provider, environ={}, policy=FAST)
        assert isinstance(Mosaia(config, executor).agents.get_by_id("a1"), Success)
        assert server.count == 3

    found = spans(exporter)
    assert [attrs(s)["http.response.status_code"] for s in found] == [503, 503, 200]
    assert [attrs(s).get("http.request.resend_count") for s in found] == [None, 1, 2]
    assert [attrs(s)["http.response.header.x-request-id"] for s in found] == [
        ("fault-1",),
        ("fault-2",),
        ("fault-3",),
    ]
    assert [s.status.status_code for s in found] == [
        StatusCode.ERROR,
        StatusCode.ERROR,
        StatusCode.UNSET,
    ]


def test_a_connection_that_fails_is_a_span_with_the_failures_code(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    with fault_server(reset(), default=reset()) as server:
        config = server.config()
        executor = traced_executor(config, tracer_provider=provider, environ={}, policy=NO_RETRIES)
        error = Mosaia(config, executor).agents.get_by_id("a1").failure()

    (span,) = spans(exporter)
    assert attrs(span)["error.type"] == error.code
    assert "http.response.status_code" not in attrs(span)
    assert span.status.status_code is StatusCode.ERROR


def test_secrets_never_reach_a_span(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    # A token in the query and the API key in the Authorization header: neither is recorded.
    with fault_server(default=reply(200, json={"data": AGENT})) as server:
        config = server.config()
        client = Mosaia(config, TracingExecutor(Urllib3Executor(), provider))
        client.agents.get_all({"token": "query-secret-42", "search": "plain"})
        client.run(auth.sign_out("refresh-secret-43"))
        sent = server.received

    recorded = everything_recorded(exporter)
    assert len(spans(exporter)) == 2
    assert "query-secret-42" in sent[0].path  # it was really sent, and only hidden in the span
    for secret in ("query-secret-42", "refresh-secret-43", config.api_key or "?"):
        assert secret not in recorded
    assert "search=plain" in recorded


def test_a_streams_span_lasts_until_the_stream_is_released(
    server: SimulatorServer, provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    config = server.config()
    client = Mosaia(config, traced_executor(config, tracer_provider=provider, environ={}))
    agent = client.agents.create(name="Streamer", short_description="x").unwrap()
    exporter.clear()

    with client.agents.chat_completion_stream(
        id=agent.id, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        assert isinstance(stream.open(), Success)
        assert spans(exporter) == []  # still open while the stream is
        chunks = [event.unwrap() for event in stream]
        assert chunks

    (span,) = spans(exporter)
    assert (span.name, attrs(span)["http.response.status_code"]) == ("POST", 200)


def test_open_on_an_executor_that_cannot_stream_fails_without_a_span(
    provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    class SendOnly:
        def send(self, request: Any) -> Any:
            raise AssertionError("not reached")

    outcome = TracingExecutor(SendOnly(), provider).open(agents.get_by_id("a1").request)  # type: ignore[arg-type]
    assert outcome.failure().code == "not_streaming"
    assert spans(exporter) == []


def test_the_tracer_sits_inside_the_retries_and_close_reaches_the_pool(
    server: SimulatorServer, provider: TracerProvider
) -> None:
    config = server.config()
    stack = traced_executor(config, tracer_provider=provider, environ={})
    assert isinstance(stack, RetryingExecutor)
    assert isinstance(stack.inner, TracingExecutor)
    without_retries = traced_executor(config, tracer_provider=provider, policy=NO_RETRIES)
    assert isinstance(without_retries, TracingExecutor)

    client = Mosaia(config, stack)
    client.agents.get_all()
    client.close()
    client.close()  # harmless twice, and the pool reconnects when used again
    assert isinstance(client.agents.get_all(), Success)


def test_a_stream_closed_unread_ends_its_span(
    server: SimulatorServer, provider: TracerProvider, exporter: InMemorySpanExporter
) -> None:
    config = server.config()
    client = Mosaia(config, traced_executor(config, tracer_provider=provider, environ={}))
    agent = client.agents.create(name="Closer", short_description="x").unwrap()
    exporter.clear()

    stream = client.agents.chat_completion_stream(id=agent.id, messages=[{"role": "user"}])
    assert isinstance(stream.open(), Success)
    assert spans(exporter) == []
    stream.close()
    stream.close()

    assert [s.name for s in spans(exporter)] == ["POST"]
