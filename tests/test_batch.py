"""Batches of prepared calls: order, bounded concurrency, pacing, progress, Ctrl-C, processes."""

from __future__ import annotations

import io
import multiprocessing
import pickle
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import assert_type

import pytest
from faultserver import fault_server, interrupting_when_all_arrive, reply
from returns.result import Failure, Result, Success

from mosaia import Mosaia
from mosaia.api import agents
from mosaia.batch import CANCELLED, Progress, ProgressBar, RateLimiter, TqdmBar, run_many
from mosaia.errors import ConnectionFailure, InvalidRequest, MosaiaError, NotFoundError
from mosaia.executors._base import Executor
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing import Faults, Simulator, SimulatorServer
from mosaia.types import Agent


def make_agents(sim: Simulator, count: int) -> list[str]:
    return [
        str(sim.insert("/agent", {"name": f"a{i}", "short_description": "x"})["id"])
        for i in range(count)
    ]


class Watching:
    """Wraps an executor: counts calls in flight and when each started; on call number
    ``interrupt_at`` it sends SIGINT to the main thread, as Ctrl-C would."""

    def __init__(self, inner: Executor, interrupt_at: int | None = None) -> None:
        self.inner = inner
        self.interrupt_at = interrupt_at
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0
        self.starts: list[float] = []

    def send(self, request: HttpRequest) -> Result[HttpResponse, ConnectionFailure]:
        with self.lock:
            self.starts.append(time.monotonic())
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            if len(self.starts) == self.interrupt_at:
                signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        try:
            return self.inner.send(request)
        finally:
            with self.lock:
                self.in_flight -= 1


def test_200_calls_with_one_bad_id_come_back_in_order_with_one_failure(
    client: Mosaia, sim: Simulator
) -> None:
    ids = make_agents(sim, 199)
    ids.insert(117, "no-such-agent")
    results = client.run_many([agents.get_by_id(i) for i in ids])
    assert_type(results, list[Result[Agent, MosaiaError]])
    assert len(results) == 200
    failures = [i for i, r in enumerate(results) if isinstance(r, Failure)]
    assert failures == [117]
    assert isinstance(results[117].failure(), NotFoundError)
    assert [r.unwrap().id for r in results if isinstance(r, Success)] == ids[:117] + ids[118:]


def test_40_calls_at_concurrency_8_beat_the_sequential_time(client: Mosaia, sim: Simulator) -> None:
    ids = make_agents(sim, 40)
    sim.faults = Faults(latency=0.05)
    started = time.monotonic()
    results = client.run_many([agents.get_by_id(i) for i in ids], concurrency=8)
    elapsed = time.monotonic() - started
    assert all(isinstance(r, Success) for r in results)
    sequential = 40 * sim.faults.latency
    assert elapsed < sequential / 2  # ideal is sequential / 8; the bound is generous


def test_no_more_than_concurrency_calls_are_in_flight(
    server: SimulatorServer, sim: Simulator
) -> None:
    ids = make_agents(sim, 12)
    sim.faults = Faults(latency=0.02)
    watching = Watching(Mosaia(server.config()).executor)
    client = Mosaia(server.config(), watching)
    client.run_many([agents.get_by_id(i) for i in ids], concurrency=3)
    assert watching.most == 3


def test_a_rate_limit_spaces_the_starts(server: SimulatorServer, sim: Simulator) -> None:
    ids = make_agents(sim, 5)
    watching = Watching(Mosaia(server.config()).executor)
    client = Mosaia(server.config(), watching)
    client.run_many([agents.get_by_id(i) for i in ids], rate_limit=20)
    # Five starts at 20 a second span at least four intervals (less a little thread jitter).
    assert watching.starts[-1] - watching.starts[0] >= 0.8 * 4 / 20


def test_the_rate_limiter_paces_by_its_clock_without_saving_up_a_burst() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(4, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.wait()
    assert slept == pytest.approx([0.25] * 4)
    now[0] += 10
    limiter.wait()
    limiter.wait()
    assert slept[4:] == pytest.approx([0.25])


def test_progress_is_reported_after_each_call(client: Mosaia, sim: Simulator) -> None:
    ids = [*make_agents(sim, 4), "missing"]
    seen: list[Progress] = []
    client.run_many([agents.get_by_id(i) for i in ids], on_progress=seen.append)
    assert [p.done for p in seen] == [1, 2, 3, 4, 5]
    assert seen[-1] == Progress(done=5, total=5, failed=1)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_in_place_and_ends_its_line() -> None:
    screen = _Terminal()
    bar = ProgressBar(screen)
    for done in range(1, 11):
        bar.draw(Progress(done=done, total=10, failed=1))
    drawn = screen.getvalue()
    assert drawn.startswith("\r[")
    assert drawn.endswith("] 10/10  1 failed\n")


def test_the_progress_bar_stays_silent_off_a_terminal(
    local: Mosaia, sim: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = make_agents(sim, 3)
    local.run_many([agents.get_by_id(i) for i in ids], progress=True)
    assert capsys.readouterr().err == ""


def test_ctrl_c_cancels_the_calls_not_yet_started(local: Mosaia, sim: Simulator) -> None:
    ids = make_agents(sim, 10)

    def interrupt(progress: Progress) -> None:
        if progress.done == 3:
            raise KeyboardInterrupt

    results = local.run_many(
        [agents.get_by_id(i) for i in ids], concurrency=1, on_progress=interrupt
    )
    assert all(isinstance(r, Success) for r in results[:3])
    for result in results[3:]:
        error = result.failure()
        assert (error.code, getattr(error, "sent", None)) == (CANCELLED, False)
    assert len(sim.requests) == 3


def test_a_real_sigint_returns_promptly_with_the_rest_cancelled(
    server: SimulatorServer, sim: Simulator
) -> None:
    ids = make_agents(sim, 80)
    sim.faults = Faults(latency=0.05)
    watching = Watching(Mosaia(server.config()).executor, interrupt_at=6)
    client = Mosaia(server.config(), watching)
    started = time.monotonic()
    results = client.run_many([agents.get_by_id(i) for i in ids], concurrency=4)
    elapsed = time.monotonic() - started
    assert elapsed < 80 * sim.faults.latency / 4 / 2  # a full run takes 1 s; this one stopped early
    codes = [r.failure().code if isinstance(r, Failure) else "ok" for r in results]
    assert "ok" in codes  # the calls that finished keep their results
    assert set(codes) == {"ok", CANCELLED}
    never_sent = [r for r in results if isinstance(r, Failure) and not r.failure().sent]
    assert len(never_sent) >= 60


def test_bad_settings_fail_every_call_and_send_nothing(local: Mosaia, sim: Simulator) -> None:
    results = local.run_many([agents.get_by_id("a"), agents.get_by_id("b")], concurrency=0)
    assert [type(r.failure()) for r in results] == [InvalidRequest, InvalidRequest]
    assert sim.requests == []


@pytest.mark.parametrize("rate_limit", ["fast", True, float("nan")])
def test_a_rate_limit_that_is_not_a_number_fails_every_call_instead_of_raising(
    local: Mosaia, sim: Simulator, rate_limit: object
) -> None:
    calls = [agents.get_by_id("a"), agents.get_by_id("b")]
    results = local.run_many(calls, rate_limit=rate_limit)  # type: ignore[arg-type]
    assert [type(r.failure()) for r in results] == [InvalidRequest, InvalidRequest]
    assert sim.requests == []


def test_an_on_progress_hook_that_raises_does_not_cost_the_batch_its_results(
    local: Mosaia, sim: Simulator
) -> None:
    ids = make_agents(sim, 3)

    def broken(progress: Progress) -> None:
        raise RuntimeError("the progress display crashed")

    results = local.run_many([agents.get_by_id(i) for i in ids], on_progress=broken)
    assert [r.unwrap().id for r in results] == ids


def test_results_of_structs_and_errors_pickle(client: Mosaia, sim: Simulator) -> None:
    ids = [*make_agents(sim, 1), "missing"]
    results = client.run_many([agents.get_by_id(i) for i in ids])
    assert pickle.loads(pickle.dumps(results)) == results  # noqa: S301 - our own bytes


def test_a_process_pool_runs_the_batch_in_order(client: Mosaia, sim: Simulator) -> None:
    ids = make_agents(sim, 5)
    ids.insert(2, "missing")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = client.run_many([agents.get_by_id(i) for i in ids], pool=pool)
    assert [isinstance(r, Success) for r in results] == [True, True, False, True, True, True]
    assert [r.unwrap().id for r in results if isinstance(r, Success)] == ids[:2] + ids[3:]
    assert isinstance(results[2].failure(), NotFoundError)


def test_after_ctrl_c_no_call_starts_another_attempt() -> None:
    # Every answer is a 503 the policy retries after a backoff of 0.25 to 0.5 s (then 0.5 to
    # 1 s). Ctrl-C comes once the 8 first attempts in flight have all arrived, before any is
    # answered: from then on nothing may reach the server, and the batch's threads end instead
    # of waiting to retry.
    busy = reply(503, json={"error": {"message": "busy", "code": "BUSY"}})
    with fault_server(default=interrupting_when_all_arrive(8, busy)) as server:
        client = Mosaia(server.config())
        started = time.monotonic()
        results = client.run_many([agents.get_by_id(f"a{n}") for n in range(40)], concurrency=8)
        returned = time.monotonic() - started
        requests, connections = server.count, server.connections
        time.sleep(1.6)  # longer than any retry the policy would still have made
        assert (server.count, server.connections) == (requests, connections)
        assert requests == 8
    assert returned < 5.0  # promptly: not after the retries it cancelled (the count says none ran)
    assert {r.failure().code for r in results} == {CANCELLED}
    lingering = [t for t in threading.enumerate() if t.name.startswith("mosaia-batch")]
    assert lingering == []


def test_a_rate_limiter_shared_by_two_batches_paces_them_as_one(
    server: SimulatorServer, sim: Simulator
) -> None:
    ids = make_agents(sim, 10)
    watching = Watching(Mosaia(server.config()).executor)
    client = Mosaia(server.config(), watching)
    shared = RateLimiter(20)
    halves = [ids[:5], ids[5:]]
    threads = [
        threading.Thread(
            target=run_many,
            args=([agents.get_by_id(i) for i in half], client.config, watching),
            kwargs={"rate_limit": shared},
        )
        for half in halves
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts = sorted(watching.starts)
    # Ten starts at 20 a second between them span nine intervals; two budgets would span four.
    assert starts[-1] - starts[0] >= 0.8 * 9 / 20


def test_progress_true_draws_through_the_same_hook_as_on_progress(
    local: Mosaia, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_agents(sim, 3)
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    seen: list[Progress] = []
    local.run_many([agents.get_by_id(i) for i in ids], progress=True, on_progress=seen.append)
    assert seen[-1] == Progress(done=3, total=3, failed=0)
    drawn = screen.getvalue()
    assert "3/3" in drawn
    assert drawn.endswith("\n")


def test_progress_true_draws_with_tqdm_when_the_progress_extra_is_installed(
    local: Mosaia, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tqdm")
    ids = [*make_agents(sim, 4), "missing"]
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    local.run_many([agents.get_by_id(i) for i in ids], progress=True)
    last = screen.getvalue().rsplit("\r", 1)[-1]
    assert last.startswith("100%|")  # tqdm's own layout: percentage, bar, count, rate
    assert "5/5" in last
    assert "failed=1" in last
    assert last.endswith("\n")


def test_progress_true_falls_back_to_the_plain_bar_without_tqdm(
    local: Mosaia, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # what a missing install makes `import` do
    ids = make_agents(sim, 3)
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    local.run_many([agents.get_by_id(i) for i in ids], progress=True)
    assert screen.getvalue().endswith("] 3/3\n")


def test_the_tqdm_bar_stays_silent_off_a_terminal() -> None:
    pytest.importorskip("tqdm")
    log = io.StringIO()
    bar = TqdmBar(log)
    for done in range(1, 4):
        bar(Progress(done=done, total=3, failed=0))
    assert log.getvalue() == ""


def test_a_pool_that_is_not_an_executor_fails_every_call_and_sends_nothing(
    local: Mosaia, sim: Simulator
) -> None:
    results = local.run_many([agents.get_by_id("a")], pool="threads")  # type: ignore[arg-type]
    assert "concurrent.futures.Executor" in results[0].failure().message
    assert sim.requests == []
