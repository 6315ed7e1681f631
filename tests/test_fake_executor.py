"""FakeExecutor: routing by method and path pattern, function and sequence responders, the
record of requests, and assertions that explain themselves."""

from __future__ import annotations

import pytest
from returns.result import Failure, Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.api import agents, auth
from mosaia.errors import NotFoundError, TransportError
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing import FakeExecutor, error, ok, page, respond
from mosaia.types import Agent

CONFIG = MosaiaConfig(api_key="fake-secret-key")


def client_of(fake: FakeExecutor) -> Mosaia:
    return Mosaia(CONFIG, fake)


def test_a_parameter_pattern_routes_any_id() -> None:
    fake = FakeExecutor().add("GET", "/agent/{id}", ok({"id": "a1", "name": "Ada"}))

    result = client_of(fake).agents.get_by_id("whatever")

    assert result == Success(Agent(id="a1", name="Ada"))


def test_a_star_pattern_matches_every_path() -> None:
    fake = FakeExecutor().add("*", "*", respond(204))

    assert client_of(fake).agents.delete("a1") == Success(None)
    assert client_of(fake).users.delete("u1") == Success(None)


def test_star_matches_one_segment_only() -> None:
    fake = FakeExecutor().add("GET", "/agent/*", ok({"id": "a1"}))

    result = client_of(fake).run(agents.get_all())

    assert isinstance(result.failure(), NotFoundError)
    assert fake.unrouted == fake.requests


def test_the_latest_route_wins_so_a_test_can_override_a_fixture() -> None:
    fake = FakeExecutor().add("GET", "/agent/{id}", ok({"name": "general"}))
    fake.add("GET", "/agent/a1", ok({"name": "specific"}))

    assert client_of(fake).agents.get_by_id("a1").unwrap().name == "specific"
    assert client_of(fake).agents.get_by_id("a2").unwrap().name == "general"


def test_a_function_responder_sees_the_request() -> None:
    def echo_name(request: HttpRequest) -> HttpResponse:
        return ok({"name": request.url.rsplit("/", 1)[-1]})

    fake = FakeExecutor().add("GET", "/agent/{id}", echo_name)

    assert client_of(fake).agents.get_by_id("zed").unwrap().name == "zed"


def test_a_list_of_answers_is_played_in_turn_and_the_last_repeats() -> None:
    fake = FakeExecutor().add("GET", "/agent", [error(503), page([{"id": "a1"}])])
    client = client_of(fake)

    first, second, third = (client.agents.get_all() for _ in range(3))

    assert first.failure().status == 503  # type: ignore[union-attr]
    assert second.unwrap().items == [Agent(id="a1")]
    assert third.unwrap().items == [Agent(id="a1")]


def test_a_connection_failure_answer_is_returned_as_failure() -> None:
    broken = TransportError(message="reset by peer", code="connection_broken")
    fake = FakeExecutor().add("GET", "/agent", broken)

    assert client_of(fake).agents.get_all() == Failure(broken)


def test_a_raising_responder_is_a_transport_failure_not_an_exception() -> None:
    def boom(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("bug in the test's responder")

    fake = FakeExecutor().add("GET", "/agent", boom)

    result = client_of(fake).agents.get_all()

    assert isinstance(result.failure(), TransportError)
    assert isinstance(fake.errors[0], RuntimeError)


def test_unrouted_requests_get_the_apis_404_shape_naming_the_routes() -> None:
    fake = FakeExecutor().add("GET", "/user", page([]))

    error_value = client_of(fake).agents.get_all().failure()

    assert isinstance(error_value, NotFoundError)
    assert error_value.code == "NOT_ROUTED"
    assert "GET /agent" in error_value.message
    assert "GET /user" in error_value.message


def test_requests_are_recorded_in_order() -> None:
    fake = FakeExecutor().add("*", "*", respond(204))
    client = client_of(fake)

    client.agents.delete("a1")
    client.users.delete("u1")

    assert [(r.method, r.url.rsplit("/v1", 1)[1]) for r in fake.requests] == [
        ("DELETE", "/agent/a1"),
        ("DELETE", "/user/u1"),
    ]


def test_assert_called_matches_json_body_and_returns_the_request() -> None:
    fake = FakeExecutor().add("POST", "/agent", ok({"id": "a1"}))
    client_of(fake).agents.create({"name": "Ada", "short_description": "x"})

    sent = fake.assert_called("POST", "/agent", json={"name": "Ada", "short_description": "x"})

    assert sent.method == "POST"


def test_assert_called_accepts_a_struct_as_expected_json() -> None:
    fake = FakeExecutor().add("POST", "/agent", ok({"id": "a1"}))
    client_of(fake).agents.create(Agent(name="Ada"))

    fake.assert_called("POST", "/agent", json=Agent(name="Ada"))


def test_assert_called_compares_the_query_as_the_sdk_encodes_it() -> None:
    fake = FakeExecutor().add("GET", "/agent", page([]))
    client_of(fake).agents.get_all({"limit": 5, "active": True, "tags": ["a", "b"]})

    fake.assert_called("GET", "/agent", query={"limit": 5, "active": True, "tags": ["a", "b"]})
    with pytest.raises(AssertionError):
        fake.assert_called("GET", "/agent", query={"limit": 5})


def test_assert_called_counts_when_told_how_many_times() -> None:
    fake = FakeExecutor().add("GET", "/agent", page([]))
    client_of(fake).agents.get_all()
    client_of(fake).agents.get_all()

    fake.assert_called("GET", "/agent", times=2)
    with pytest.raises(AssertionError, match="1 time"):
        fake.assert_called("GET", "/agent", times=1)


def test_assert_called_failure_lists_what_was_sent_and_marks_the_same_route() -> None:
    fake = FakeExecutor().add("POST", "/agent", ok({"id": "a1"}))
    client_of(fake).agents.create({"name": "Bob"})

    with pytest.raises(AssertionError) as raised:
        fake.assert_called("POST", "/agent", json={"name": "Ada"})

    text = str(raised.value)
    assert "expected a request POST /agent with json={'name': 'Ada'}" in text
    assert "1. POST /agent  json={'name': 'Bob'}   <- same route" in text


def test_assert_called_failure_says_when_nothing_was_sent() -> None:
    with pytest.raises(AssertionError, match="No requests were sent at all"):
        FakeExecutor().assert_called("GET", "/agent")


def test_failure_messages_never_show_secrets() -> None:
    fake = FakeExecutor().add("POST", "/auth/signin", error(401))
    client_of(fake).run(auth.sign_in_with_password("a@b.c", "hunter2-secret", "c1"))

    with pytest.raises(AssertionError) as raised:
        fake.assert_called("GET", "/self")

    assert "hunter2-secret" not in str(raised.value)
    assert "fake-secret-key" not in str(raised.value)


def test_assert_not_called_passes_when_nothing_matched_and_lists_offenders_otherwise() -> None:
    fake = FakeExecutor().add("*", "*", respond(204))
    client_of(fake).agents.delete("a1")

    fake.assert_not_called("DELETE", "/user/{id}")
    with pytest.raises(AssertionError, match=r"DELETE /agent/a1"):
        fake.assert_not_called("DELETE", "/agent/{id}")


def test_reset_forgets_requests_but_keeps_routes() -> None:
    fake = FakeExecutor().add("GET", "/agent", page([]))
    client_of(fake).agents.get_all()

    fake.reset()

    assert fake.requests == []
    assert fake.routes == [("GET", "/agent")]


def test_open_streams_the_body_in_small_pieces() -> None:
    body = b"data: {}\n\ndata: [DONE]\n\n"
    fake = FakeExecutor().add("POST", "/agent/chat/completions", respond(200))
    fake.add("POST", "/agent/chat/completions", HttpResponse(200, (), body))
    request = HttpRequest(method="POST", url="https://x.test/v1/agent/chat/completions")

    stream = fake.open(request).unwrap()
    pieces = [piece.unwrap() for piece in stream.iter_bytes()]

    assert b"".join(pieces) == body
    assert len(pieces) > 1


def test_each_answer_of_a_sequence_goes_to_one_request_when_threads_send_at_once() -> None:
    answers = [ok({"id": f"a{i}"}) for i in range(40)]
    fake = FakeExecutor().add("GET", "/agent/{id}", [*answers, error(410)])

    results = client_of(fake).run_many([agents.get_by_id("x") for _ in range(40)], concurrency=8)

    assert sorted(r.unwrap().id or "" for r in results) == sorted(f"a{i}" for i in range(40))
