"""Lazy pagination: the pure ``next_page`` rule, and walking lists over the served simulator."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Any, assert_type

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Result, Success

from mosaia import Mosaia
from mosaia.api import agents, billing
from mosaia.errors import InvalidRequest, MosaiaError, TransportError
from mosaia.paging import iterate, next_page
from mosaia.request import Call
from mosaia.testing import Simulator
from mosaia.types import Agent, Page, Paging


def query_of(call: Call[Page[Agent]]) -> dict[str, str]:
    return dict(call.request.query)


def page_of(count: int, **paging: int) -> Page[int]:
    return Page(items=list(range(count)), paging=Paging(**paging) if paging else None)


# --- next_page ------------------------------------------------------------------------------


def test_the_next_call_moves_offset_past_the_page_and_keeps_the_filters() -> None:
    first = agents.get_all({"limit": 10, "search": "bot"})
    following = next_page(first, page_of(10, offset=0, limit=10, total=25))
    assert following is not None
    assert query_of(following) == {"limit": "10", "search": "bot", "offset": "10"}
    assert following.request.path == first.request.path


def test_an_empty_page_ends_the_list() -> None:
    assert next_page(agents.get_all({"limit": 10}), page_of(0, total=0)) is None


def test_a_short_page_ends_the_list_even_without_a_total() -> None:
    assert next_page(agents.get_all({"limit": 10}), page_of(7)) is None


def test_reaching_the_total_ends_the_list_without_asking_for_an_empty_page() -> None:
    call = agents.get_all({"limit": 10, "offset": 10})
    assert next_page(call, page_of(10, offset=10, limit=10, total=20)) is None


def test_a_full_page_without_a_total_asks_for_more() -> None:
    following = next_page(agents.get_all({"limit": 10}), page_of(10))
    assert following is not None
    assert query_of(following)["offset"] == "10"


def test_a_server_capping_the_page_size_is_walked_without_gaps() -> None:
    # Asked for 50, got the server's maximum of 20: the next page starts at 20, not 50.
    following = next_page(agents.get_all({"limit": 50}), page_of(20, limit=20, total=45))
    assert following is not None
    assert query_of(following)["offset"] == "20"


Runner = Callable[[Call[Page[Agent]]], Result[Page[Agent], MosaiaError]]


def list_runner(items: list[Agent], log: list[dict[str, str]], server_max: int) -> Runner:
    def run(call: Call[Page[Agent]]) -> Result[Page[Agent], MosaiaError]:
        query = dict(call.request.query)
        log.append(query)
        offset = int(query.get("offset", 0))
        limit = min(int(query.get("limit", 100)), server_max)
        chunk = items[offset : offset + limit]
        return Success(
            Page(items=chunk, paging=Paging(offset=offset, limit=limit, total=len(items)))
        )

    return run


@given(st.integers(0, 300), st.integers(1, 40), st.integers(1, 60))
def test_walking_yields_every_item_once_in_as_few_requests_as_possible(
    count: int, limit: int, server_max: int
) -> None:
    items = [Agent(name=str(i)) for i in range(count)]
    log: list[dict[str, str]] = []
    walked = [
        r.unwrap()
        for r in iterate(agents.get_all({"limit": limit}), list_runner(items, log, server_max))
    ]
    assert walked == items
    per_page = min(limit, server_max)
    assert len(log) == max(1, -(-count // per_page))


def test_a_failing_page_is_yielded_and_ends_the_walk() -> None:
    broken = TransportError(message="reset", code="connection_broken")
    calls: list[Call[Page[Agent]]] = []

    def run(call: Call[Page[Agent]]) -> Result[Page[Agent], MosaiaError]:
        calls.append(call)
        if len(calls) == 2:
            return Failure(broken)
        return Success(Page(items=[Agent(name="a")] * 2, paging=Paging(limit=2, total=10)))

    results = list(iterate(agents.get_all({"limit": 2}), run))
    assert results == [Success(Agent(name="a")), Success(Agent(name="a")), Failure(broken)]
    assert len(calls) == 2


# --- over the served simulator ---------------------------------------------------------------


def fill(sim: Simulator, count: int) -> None:
    for i in range(count):
        sim.insert("/agent", {"name": f"agent {i:02d}", "short_description": "x"})


def list_requests(sim: Simulator) -> int:
    return sum(1 for r in sim.requests if r.method == "GET" and "/agent" in r.url)


def test_25_items_at_10_a_page_take_exactly_3_requests(client: Mosaia, sim: Simulator) -> None:
    fill(sim, 25)
    names = [r.unwrap().name for r in client.agents.iterate({"limit": 10})]
    assert names == [f"agent {i:02d}" for i in range(25)]
    assert list_requests(sim) == 3


def test_iterating_is_lazy(client: Mosaia, sim: Simulator) -> None:
    fill(sim, 25)
    first_three = list(islice(client.agents.iterate({"limit": 10}), 3))
    assert len(first_three) == 3
    assert list_requests(sim) == 1


def test_whole_pages_come_from_iter_pages(client: Mosaia, sim: Simulator) -> None:
    fill(sim, 25)
    sizes = [len(p.unwrap()) for p in client.agents.iter_pages({"limit": 10})]
    assert sizes == [10, 10, 5]


def test_the_client_walks_any_list_call(client: Mosaia, sim: Simulator) -> None:
    fill(sim, 5)
    walked = list(client.iterate(agents.get_all({"limit": 2, "search": "agent 0"})))
    assert len(walked) == 5
    assert len(list(client.iter_pages(agents.get_all({"limit": 2})))) == 3


def test_a_failing_first_page_is_one_failure(client: Mosaia) -> None:
    results = list(client.agents.iterate({"limit": 0}))
    assert len(results) == 1
    assert isinstance(results[0], Failure)


def test_walks_are_typed(local: Mosaia) -> None:
    for result in local.agents.iterate():
        assert_type(result, Result[Agent, MosaiaError])
    for page in local.iter_pages(agents.get_all()):
        assert_type(page, Result[Page[Agent], MosaiaError])


@pytest.mark.parametrize(
    ("group", "path"),
    [
        ("users", "/user"),
        ("organizations", "/org"),
        ("agents", "/agent"),
        ("agent_groups", "/group"),
        ("models", "/model"),
        ("clients", "/client"),
        ("apps", "/app"),
        ("tools", "/tool"),
        ("app_bots", "/bot"),
    ],
)
def test_every_listable_group_walks_its_list(
    client: Mosaia, sim: Simulator, group: str, path: str
) -> None:
    for i in range(3):
        sim.insert(path, {"name": f"n{i}"})
    walked: list[Result[object, MosaiaError]] = list(getattr(client, group).iterate({"limit": 2}))
    assert [isinstance(r, Success) for r in walked] == [True, True, True]


def test_collections_without_a_group_iterate_are_walked_by_the_client(
    client: Mosaia, sim: Simulator
) -> None:
    for i in range(3):
        sim.insert("/billing/wallet", {"balance": i, "currency": "USD"})
    walked = list(client.iterate(billing.get_wallets({"limit": 2})))
    assert sorted(r.unwrap().balance or 0 for r in walked) == [0, 1, 2]


def test_a_server_that_ignores_the_offset_ends_the_walk_instead_of_looping() -> None:
    from mosaia.api import agents
    from mosaia.paging import next_page
    from mosaia.types import Agent, Page, Paging

    asked = agents.get_all({"limit": 2, "offset": 2})
    same_page_again = Page(items=[Agent(id="a"), Agent(id="b")], paging=Paging(offset=0, limit=2))
    assert next_page(asked, same_page_again) is None


# --- what cannot be walked --------------------------------------------------------------------


def test_walking_a_call_that_is_not_a_list_is_one_invalid_request_and_sends_nothing(
    local: Mosaia, sim: Simulator
) -> None:
    one = agents.get_by_id("a1")
    walked: list[Result[Any, MosaiaError]] = list(local.iterate(one))  # type: ignore[arg-type]
    pages: list[Result[Any, MosaiaError]] = list(local.iter_pages(one))  # type: ignore[arg-type]
    for results in (walked, pages):
        [only] = results
        assert isinstance(only.failure(), InvalidRequest)
        assert "page" in only.failure().message
    assert sim.requests == []


def test_walking_something_that_is_not_a_call_is_one_invalid_request(local: Mosaia) -> None:
    walked: list[Result[Any, MosaiaError]] = list(local.iterate(None))  # type: ignore[arg-type]
    [only] = walked
    assert isinstance(only.failure(), InvalidRequest)
