"""Any text in, a value out: every builder of the API and ``client.run`` take any ``str``
(lone surrogates, control characters, ``..`` included) and a config holding anything, and answer
with a value, never an exception. What cannot be sent is ``InvalidRequest`` naming the field, and
nothing goes out."""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from faultserver import fault_server, reply
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from mosaia import Mosaia, MosaiaConfig, RetryPolicy
from mosaia.api import agents, tools
from mosaia.config import prepare
from mosaia.curl import to_curl
from mosaia.errors import DecodeError, InvalidRequest, MosaiaError
from mosaia.pkce import exchange_call, refresh_call
from mosaia.request import Call
from mosaia.testing import Simulator
from mosaia.testing.strategies import builders
from mosaia.types import ChatCompletionChunk

#: ``json.loads('"a\\ud800b"')``: text a JSON document may carry and UTF-8 cannot encode.
SURROGATE = json.loads('"a\\ud800b"')

#: Any text at all, lone surrogates (category Cs) included, plus the strings most likely to
#: break something, so they come up in every run.
ANY_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12),
    st.sampled_from([SURROGATE, "\udfff", "", ".", "..", "a/b", "\r\n", "\x00", "\x7f", "\t"]),
)
ANY_MAPPING = st.dictionaries(
    ANY_TEXT, st.one_of(ANY_TEXT, st.none(), st.lists(ANY_TEXT, max_size=2)), max_size=3
)


def arguments_for(fn: Callable[..., Any]) -> st.SearchStrategy[tuple[list[Any], dict[str, Any]]]:
    """Arguments for every parameter of ``fn`` that takes text, a body or parameters: any text
    (or ``None`` where allowed), any mapping of text; other parameters keep their defaults."""
    positional: list[st.SearchStrategy[Any]] = []
    keywords: dict[str, st.SearchStrategy[Any]] = {}
    extra: st.SearchStrategy[dict[str, Any]] = st.just({})
    for parameter in inspect.signature(fn).parameters.values():
        annotation = str(parameter.annotation)
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            extra = st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2)
            continue
        if "str" in annotation or "Target" in annotation:
            value = st.one_of(ANY_TEXT, st.none()) if "None" in annotation else ANY_TEXT
        elif "Body" in annotation or "Params" in annotation:
            value = st.one_of(st.none(), ANY_MAPPING)
        elif parameter.default is inspect.Parameter.empty:
            # A required value of another type (a Session to renew): drawn from its type, whose
            # strategies put arbitrary text in its string fields.
            value = st.from_type(typing.get_type_hints(fn)[parameter.name])
        else:
            continue
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            positional.append(value)
        else:
            keywords[parameter.name] = value
    return st.tuples(st.tuples(*positional).map(list), st.fixed_dictionaries(keywords), extra).map(
        lambda drawn: (drawn[0], {**drawn[2], **drawn[1]})
    )


def scoped_tool_by_name(user: str, name: str) -> Call[Any]:
    """A builder reached through a factory: ``tools.scoped(user=...).get_by_name(...)``."""
    return tools.scoped(user=user).get_by_name(name)


#: Every builder, found by looking (mosaia.api), and the OAuth token calls and scoped tools.
BUILDERS: dict[str, Callable[..., Any]] = {
    **builders(),
    "pkce.exchange_call": exchange_call,
    "pkce.refresh_call": refresh_call,
    "tools.scoped().get_by_name": scoped_tool_by_name,
}


@pytest.fixture(scope="module")
def client() -> Mosaia:
    """One in-process simulator for the module: the calls are about not raising, not state."""
    sim = Simulator.with_fixtures()
    return Mosaia(sim.config(), sim)


def everything_about(client: Mosaia, call: Call[Any]) -> None:
    """Run, print and describe ``call`` every way a user might: none of it may raise."""
    result = client.run(call)
    assert isinstance(result, Success | Failure)
    for text in (repr(call), client.to_curl(call), client.to_curl(call, redact=False)):
        text.encode("utf-8")  # printable: no lone surrogate leaks into what a user prints
    if isinstance(result, Failure):
        repr(result.failure()).encode("utf-8")


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_every_builder_and_run_take_any_text_without_raising(client: Mosaia, name: str) -> None:
    builder = BUILDERS[name]

    @settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
    @given(arguments_for(builder))
    def check(drawn: tuple[list[Any], dict[str, Any]]) -> None:
        args, kwargs = drawn
        call = builder(*args, **kwargs)
        assert isinstance(call, Call), name
        everything_about(client, call)

    check()


# --- the lone surrogate, field by field --------------------------------------------------------


def refusal(result: Result[Any, MosaiaError]) -> str:
    assert isinstance(result, Failure), result
    error = result.failure()
    assert isinstance(error, InvalidRequest), error
    return error.message


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: agents.get_by_id(SURROGATE), "id"),
        (lambda: agents.get_all().with_query(q=SURROGATE), "'q'"),
        (lambda: agents.get_by_id("a1").with_header("X-Note", SURROGATE), "'X-Note'"),
        (
            lambda: exchange_call(
                client_id="c", redirect_uri="r", code=SURROGATE, code_verifier="v"
            ),
            "code",
        ),
    ],
    ids=["id", "query value", "header value", "form field"],
)
def test_a_lone_surrogate_is_refused_naming_the_field_and_nothing_is_sent(
    build: Callable[[], Call[Any]], field: str
) -> None:
    call = build()  # building never raises either
    with fault_server() as server:
        client = Mosaia(server.config(max_retries=0))
        message = refusal(client.run(call))
        # The same request built to stream (as a *_stream builder would) is refused alike.
        as_stream = Call.stream(call.request, ChatCompletionChunk, call.problem)
        with client.stream(as_stream) as events:
            streamed = list(events)
        curl = client.to_curl(call)
        assert server.count == 0
    assert field in message
    assert refusal(streamed[0]) == message
    assert curl.startswith("# not sendable")
    curl.encode("utf-8")


def test_a_lone_surrogate_in_the_api_key_or_base_url_is_refused() -> None:
    call = agents.get_by_id("a1")
    assert "api_key" in refusal(prepare(call, MosaiaConfig(api_key=SURROGATE)))
    assert "base_url" in refusal(prepare(call, MosaiaConfig(base_url=f"https://{SURROGATE}.x")))


# --- configs holding anything ------------------------------------------------------------------

BAD_CONFIGS: dict[str, dict[str, Any]] = {
    "base_url": {"base_url": "http://[::1"},
    "base_url ": {"base_url": 5},
    "base_url  ": {"base_url": "https://api.example:99999"},
    "max_retries": {"max_retries": "3"},
    "max_retries ": {"max_retries": -1},
    "retry": {"retry": "x"},
    "retry.max_retries": {"retry": RetryPolicy(max_retries="3")},  # type: ignore[arg-type]
    "retry.backoff_base": {"retry": RetryPolicy(backoff_base=float("nan"))},
    "proxy_url": {"proxy_url": 5},
    "timeout": {"timeout": "x"},
    "max_response_bytes": {"max_response_bytes": "x"},
    "api_key": {"api_key": 5},
    "version": {"version": "1/../2"},
    "allow_insecure_http": {"allow_insecure_http": "yes"},
}


@pytest.mark.parametrize("field", BAD_CONFIGS, ids=[f.strip() for f in BAD_CONFIGS])
def test_a_config_holding_anything_builds_and_fails_the_first_call_naming_the_field(
    field: str,
) -> None:
    values = BAD_CONFIGS[field]
    with fault_server() as server:
        bad = {"base_url": server.url, **values}
        configs = [MosaiaConfig(**bad), MosaiaConfig.from_env({}, **bad)]
        results = [Mosaia(config).run(agents.get_by_id("a1")) for config in configs]
        assert server.count == 0
    for result in results:
        assert field.strip().split(".")[0] in refusal(result)


def test_a_config_that_is_not_a_config_fails_the_first_call() -> None:
    client = Mosaia({"api_key": "k"})  # type: ignore[arg-type]
    assert "MosaiaConfig" in refusal(client.run(agents.get_by_id("a1")))


def test_from_env_with_a_malformed_base_url_builds_a_client_that_refuses() -> None:
    config = MosaiaConfig.from_env({"MOSAIA_BASE_URL": "http://[::1"})
    assert "base_url" in refusal(Mosaia(config).run(agents.get_by_id("a1")))


def test_to_curl_of_anything_is_printable() -> None:
    assert to_curl(agents.get_by_id(SURROGATE), MosaiaConfig()).startswith("# not sendable")
    to_curl(agents.get_by_id(SURROGATE), MosaiaConfig()).encode("utf-8")


# --- answers that are not what was asked for ---------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [{"data": None}, {"data": {"unrelated": 1}}, {"hello": "world"}],
    ids=["data null", "data not a completion", "no envelope"],
)
def test_a_chat_completion_answered_with_no_completion_is_a_decode_error(body: Any) -> None:
    # An empty Success would tell the caller the model answered nothing, which it did not say.
    with fault_server(reply(200, json=body)) as server:
        call = agents.chat_completion(
            {"model": "a1", "messages": [{"role": "user", "content": "hi"}]}
        )
        result = Mosaia(server.config(max_retries=0)).run(call)
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), DecodeError)
