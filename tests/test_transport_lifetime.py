"""A client's transport over its lifetime: derived clients share one pool unless a transport
setting changes, ``close()`` and ``with`` release it through every layer, every decorator keeps
what it wraps as ``inner``, and importing the SDK leaves the process's logging as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from returns.result import Result, Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.errors import ConnectionFailure, InvalidRequest, TransportError
from mosaia.executors import LoggingExecutor, RetryingExecutor, Urllib3Executor
from mosaia.executors._base import Executor
from mosaia.http import HttpRequest, HttpResponse
from mosaia.refresh import RefreshingExecutor, renewer
from mosaia.retry import RetryPolicy
from mosaia.session import Session
from mosaia.testing import SimulatorServer
from mosaia.testing._cassettes import Recorder

LOCAL = MosaiaConfig(api_key="k", base_url="http://127.0.0.1:9")
SESSION = Session(access_token="at", refresh_token="rt", auth_type="password")


def pool_of(executor: Any) -> Any:
    """The urllib3 pool at the bottom of an executor stack."""
    while not isinstance(executor, Urllib3Executor):
        executor = executor.inner
    return executor.pool


# --- one pool for derived clients ---------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [{"api_key": "x"}, {"org": "o1"}, {"timeout": 5.0}, {"max_response_bytes": 1024}],
    ids=["api_key", "org", "timeout", "max_response_bytes"],
)
def test_a_client_derived_with_other_call_settings_shares_the_pool(changes: Any) -> None:
    client = Mosaia(LOCAL)
    assert pool_of(client.with_config(**changes).executor) is pool_of(client.executor)


def test_a_bound_client_shares_the_pool_and_so_do_clients_derived_from_it() -> None:
    client = Mosaia(LOCAL)
    bound = client.with_session(SESSION)
    assert pool_of(bound.executor) is pool_of(client.executor)
    assert pool_of(bound.with_config(user="u1").executor) is pool_of(client.executor)


@pytest.mark.parametrize(
    "changes",
    [{"proxy_url": "http://127.0.0.1:3128"}, {"retry": RetryPolicy(max_retries=5)}],
    ids=["proxy_url", "retry"],
)
def test_changing_a_transport_setting_builds_a_new_transport(changes: Any) -> None:
    client = Mosaia(LOCAL)
    derived = client.with_config(**changes)
    assert pool_of(derived.executor) is not pool_of(client.executor)


def test_a_new_transport_keeps_the_session_layer_on_top() -> None:
    bound = Mosaia(LOCAL).with_session(SESSION)
    derived = bound.with_config(retry=RetryPolicy(max_retries=5))
    layer = derived.executor
    assert isinstance(layer, RefreshingExecutor)
    assert isinstance(layer.inner, RetryingExecutor)
    assert layer.inner.policy.max_retries == 5
    assert derived.session == bound.session


@pytest.mark.parametrize("base_url", ["https://h:99999", "https://[::1", 123])
def test_a_base_url_that_does_not_parse_fails_each_call_not_the_client(
    base_url: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")  # so the URL is looked at
    client = Mosaia(MosaiaConfig(base_url=base_url))
    derived = client.with_config(org="o1").with_session(SESSION)
    # (prepare does not check the port's range yet; urllib3 then refuses to parse the URL)
    assert isinstance(derived.agents.get_all().failure(), InvalidRequest | TransportError)


def test_an_executor_given_to_a_client_is_kept_whatever_changes() -> None:
    given = Urllib3Executor()
    client = Mosaia(LOCAL, given)
    assert client.with_config(proxy_url="http://127.0.0.1:3128").executor is given


# --- closing ----------------------------------------------------------------------------------


def test_with_closes_the_pool_and_a_closed_client_still_works(server: SimulatorServer) -> None:
    with Mosaia(server.config()) as client:
        assert isinstance(client.agents.get_all(), Success)
        pools = pool_of(client.executor).pools
        assert len(pools) == 1
    assert len(pools) == 0
    client.close()  # twice is harmless
    assert isinstance(client.agents.get_all(), Success)  # it reconnects


def test_closing_a_bound_client_closes_the_pool_under_its_session_layer(
    server: SimulatorServer,
) -> None:
    client = Mosaia(server.config())
    bound = client.with_session(SESSION)
    assert isinstance(client.agents.get_all(), Success)
    bound.close()
    assert len(pool_of(client.executor).pools) == 0


class Closable:
    """An executor that counts how often it was closed."""

    def __init__(self) -> None:
        self.closed = 0

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        return Success(HttpResponse(200))

    def close(self) -> None:
        self.closed += 1


class SendOnly:
    """An executor without ``close``, as a user may write one."""

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        return Success(HttpResponse(200))


def decorators(inner: Executor, tmp_path: Path) -> list[Any]:
    """Every executor decorator of the SDK, each wrapping ``inner``."""
    return [
        RetryingExecutor(inner),
        LoggingExecutor(inner),
        RefreshingExecutor(inner, SESSION, renewer(LOCAL, inner)),
        Recorder(inner, tmp_path / "cassette.jsonl"),
    ]


def test_every_decorator_keeps_what_it_wraps_as_inner(tmp_path: Path) -> None:
    inner = SendOnly()
    assert all(d.inner is inner for d in decorators(inner, tmp_path))


def test_every_decorator_forwards_close_and_closing_twice_is_harmless(tmp_path: Path) -> None:
    for decorator in decorators(inner := Closable(), tmp_path):
        decorator.close()
        decorator.close()
        assert inner.closed == 2, type(decorator).__name__
        inner.closed = 0


def test_closing_over_an_executor_without_close_is_harmless(tmp_path: Path) -> None:
    for decorator in decorators(SendOnly(), tmp_path):
        decorator.close()
    Mosaia(LOCAL, SendOnly()).close()


def test_closing_a_client_closes_the_whole_stack_it_was_given() -> None:
    inner = Closable()
    with Mosaia(LOCAL, RetryingExecutor(LoggingExecutor(inner))).with_session(SESSION):
        pass
    assert inner.closed == 1


# --- importing changes no global state ----------------------------------------------------------

_IMPORT_PROBE = """
import json, logging, urllib3

def state():
    loggers = {"": logging.getLogger()}
    loggers.update(
        (name, logger)
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger) and not name.startswith("mosaia")
    )
    return {
        name: [[id(f) for f in l.filters], [id(h) for h in l.handlers], l.level, l.propagate]
        for name, l in loggers.items()
    }

before = state()
import mosaia
client = mosaia.Mosaia()  # a client too, with logging left off
after_import = state()
mosaia.executors.LoggingExecutor(client.executor)
filtered = [type(f).__name__ for f in logging.getLogger("urllib3.connectionpool").filters]
print(json.dumps({"before": before, "after": after_import, "filtered": filtered}))
"""


def test_importing_mosaia_adds_no_filter_or_handler_to_other_loggers() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        timeout=60,
    )
    seen = json.loads(probe.stdout)
    before, after = seen["before"], seen["after"]
    assert {name: after[name] for name in before} == before
    assert all(after[name][:2] == [[], []] for name in after.keys() - before.keys())
    # Logging turned on is when urllib3's URL lines get masked.
    assert seen["filtered"] == ["RedactingFilter"]
