"""Batches on a Dask cluster: two worker processes (so every value really crosses a process
boundary) against the simulator served on 127.0.0.1; a worker killed mid-chunk; JSON lines."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import msgspec
import pytest
from hypothesis import given
from returns.result import Failure, Result, Success

from mosaia import Mosaia
from mosaia.api import agents
from mosaia.batch import CANCELLED
from mosaia.errors import AnyMosaiaError, ApiError, InvalidRequest, MosaiaError, NotFoundError
from mosaia.http import HttpRequest, HttpResponse
from mosaia.request import Call
from mosaia.scale import decode_line, encode_line, read_results, run_on_dask, write_on_dask
from mosaia.testing import Faults, Simulator, SimulatorServer
from mosaia.testing import strategies as sst
from mosaia.testing._sim.forms import Form
from mosaia.types import Agent

CHUNK = 50


class Watched(Simulator):
    """A simulator that also notes when each request arrived and how many it was answering at
    once, holding each for ``hold`` seconds (inside the count, unlike ``latency``); on request
    number ``interrupt_at`` it sends SIGINT to the main thread, as Ctrl-C would."""

    def __init__(self) -> None:
        super().__init__()
        self.hold = 0.0
        self.interrupt_at: int | None = None
        self.arrivals: list[float] = []
        self.most = 0
        self._now = 0
        self._count_lock = threading.Lock()

    def handle(self, request: HttpRequest, *, form: Form | None = None) -> HttpResponse:
        with self._count_lock:
            self.arrivals.append(time.monotonic())
            self._now += 1
            self.most = max(self.most, self._now)
            if len(self.arrivals) == self.interrupt_at:
                signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        try:
            time.sleep(self.hold)
            return super().handle(request, form=form)
        finally:
            with self._count_lock:
                self._now -= 1


@pytest.fixture
def sim() -> Simulator:
    """The served simulator, watched (overrides the conftest fixture of the same name)."""
    return Watched()


@pytest.fixture(scope="module")
def distributed() -> Any:
    """Dask's ``distributed``; the tests that run a batch skip without the ``dask`` extra."""
    return pytest.importorskip("distributed", reason="needs the dask extra: mosaia[dask]")


def cluster(distributed: Any, threads: int) -> Any:
    """A LocalCluster of two worker processes (not threads: values really get pickled)."""
    return distributed.LocalCluster(
        n_workers=2, threads_per_worker=threads, processes=True, dashboard_address=":0"
    )


@pytest.fixture(scope="module")
def dask(distributed: Any) -> Iterator[Any]:
    """A client of two worker processes with two threads each, shared by this module's tests
    (starting one takes a second or two). It connects by address, as to any scheduler."""
    with (
        cluster(distributed, threads=2) as running,
        distributed.Client(running.scheduler_address) as client,
    ):
        yield client


def make_agents(sim: Simulator, count: int) -> list[str]:
    return [str(sim.insert("/agent", {"name": f"a{i}"})["id"]) for i in range(count)]


def comparable(result: Result[Any, MosaiaError]) -> Result[Any, MosaiaError]:
    """``result`` without what the server stamps on each answer (its request id and Date)."""
    if isinstance(result, Failure) and isinstance(result.failure(), ApiError):
        error = result.failure()
        kept = tuple((k, v) for k, v in error.headers if k not in ("X-Request-Id", "Date"))
        return Failure(msgspec.structs.replace(error, request_id=None, headers=kept))
    return result


def test_500_calls_on_two_worker_processes_match_a_local_run_many(
    dask: Any, server: SimulatorServer, sim: Simulator
) -> None:
    ids = make_agents(sim, 490)
    for at in range(3, 500, 50):
        ids.insert(at, f"missing-{at}")
    calls = [agents.get_by_id(i) for i in ids]
    on_dask = run_on_dask(calls, server.config(), dask, chunk_size=CHUNK)
    local = Mosaia(server.config()).run_many(calls)
    assert len(on_dask) == 500
    assert [comparable(r) for r in on_dask] == [comparable(r) for r in local]
    assert sum(isinstance(r, Failure) for r in on_dask) == 10
    assert os.getpid() not in dask.run(os.getpid).values()  # it really ran elsewhere


# mypy sees a plain base: with dask absent the real one would be Any, which --strict rejects.
if TYPE_CHECKING:
    _WorkerPlugin = object
else:
    try:
        from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
    except ImportError:  # the test that uses it skips
        _WorkerPlugin = object


class KillOnce(_WorkerPlugin):
    """Kills the worker process it runs in ``delay`` seconds after a mosaia chunk starts there,
    once in the whole cluster: the marker file, created exclusively, says who did it and during
    which chunk."""

    def __init__(self, marker: str, delay: float) -> None:
        self.marker = marker
        self.delay = delay

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or not str(key).startswith("mosaia-chunk-"):
            return
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(key).encode())
        os.close(fd)
        threading.Timer(self.delay, os.kill, (os.getpid(), signal.SIGKILL)).start()


def test_a_killed_workers_chunk_is_rerun_and_nothing_is_lost_or_duplicated(
    distributed: Any, server: SimulatorServer, sim: Simulator, tmp_path: Path
) -> None:
    ids = make_agents(sim, 500)
    # A chunk takes ~0.15 s: a kill 0.05 s in lands while it is in flight.
    sim.faults = Faults(latency=0.02)
    marker = tmp_path / "killed"
    with cluster(distributed, threads=1) as running, distributed.Client(running) as client:
        client.register_plugin(KillOnce(str(marker), delay=0.05))
        results = run_on_dask(
            [agents.get_by_id(i) for i in ids], server.config(), client, chunk_size=CHUNK
        )
    assert [r.unwrap().id for r in results] == ids  # complete, in order, each once
    # Each GET reached the server at least once; only the chunk that was running when its
    # worker died (and at most one more it held unfetched) sent any again.
    sent = Counter(r.url.rsplit("/", 1)[-1] for r in sim.requests)
    assert all(sent[i] >= 1 for i in ids)
    twice = {n // CHUNK for n, i in enumerate(ids) if sent[i] > 1}
    killed_during = int(marker.read_text().rsplit("-", 1)[-1]) // CHUNK
    assert killed_during in twice
    assert len(twice) <= 2
    assert max(sent.values()) == 2


def test_results_written_as_json_lines_read_back_equal_to_the_gathered_ones(
    dask: Any, server: SimulatorServer, sim: Simulator, tmp_path: Path
) -> None:
    ids = [*make_agents(sim, 120), "missing"]
    calls = [agents.get_by_id(i) for i in ids]
    files = write_on_dask(calls, server.config(), tmp_path / "out", dask, chunk_size=CHUNK)
    written = files.unwrap()
    assert [(f.start, f.count, f.failed, f.error) for f in written] == [
        (0, 50, 0, None),
        (50, 50, 0, None),
        (100, 21, 1, None),
    ]
    read = [result for f in written for result in read_results(f.path)]
    gathered = run_on_dask(calls, server.config(), dask, chunk_size=CHUNK)
    assert [comparable(r) for r in read] == [comparable(r) for r in gathered]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "chunk-00000000.jsonl",
        "chunk-00000001.jsonl",
        "chunk-00000002.jsonl",
    ]


def test_a_rate_limit_is_one_budget_shared_by_the_workers(
    dask: Any, server: SimulatorServer, sim: Watched
) -> None:
    ids = make_agents(sim, 40)
    run_on_dask(
        [agents.get_by_id(i) for i in ids], server.config(), dask, chunk_size=5, rate_limit=40
    )
    # 40 starts at 40 a second span at least 39 intervals, less a little jitter; had each of
    # the two workers used the whole budget, they would span about half of that.
    assert sim.arrivals[-1] - sim.arrivals[0] >= 0.8 * 39 / 40


def test_concurrency_per_worker_bounds_each_worker_across_its_chunks(
    dask: Any, server: SimulatorServer, sim: Watched
) -> None:
    ids = make_agents(sim, 48)
    sim.hold = 0.02
    run_on_dask(
        [agents.get_by_id(i) for i in ids],
        server.config(),
        dask,
        chunk_size=4,
        concurrency_per_worker=2,
    )
    # Two workers, each running two chunks at once on its two threads, but two calls at most.
    assert sim.most <= 4


def test_bad_settings_fail_every_call_and_send_nothing(sim: Simulator, tmp_path: Path) -> None:
    calls = [agents.get_by_id("a"), agents.get_by_id("b")]
    results = run_on_dask(calls, sim.config(), chunk_size=0)
    assert [type(r.failure()) for r in results] == [InvalidRequest, InvalidRequest]
    out = tmp_path / "out"
    written = write_on_dask(calls, sim.config(), out, concurrency_per_worker=0)
    assert isinstance(written.failure(), InvalidRequest)
    assert not out.exists()
    assert sim.requests == []


_WITHOUT_A_CLIENT = """
import sys
from mosaia.api import agents
from mosaia.config import MosaiaConfig
from mosaia.scale import run_on_dask

url, key, *ids = sys.argv[1:]
results = run_on_dask([agents.get_by_id(i) for i in ids], MosaiaConfig(base_url=url, api_key=key))
print(sum(r.unwrap().id == i for r, i in zip(results, ids, strict=True)))
"""


def test_without_a_client_a_local_cluster_of_its_own_runs_the_batch(
    distributed: Any, server: SimulatorServer, sim: Simulator
) -> None:
    # In a fresh interpreter: in this one, the module's client is the default one.
    ids = make_agents(sim, 30)
    args = [sys.executable, "-c", _WITHOUT_A_CLIENT, server.url, sim.api_key, *ids]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, "30"), done.stderr[-2000:]
    assert len(sim.requests) == 30


def test_results_pickle_with_cloudpickle(client: Mosaia, sim: Simulator) -> None:
    cloudpickle = pytest.importorskip("cloudpickle")  # what Dask pickles tasks and results with
    ids = [*make_agents(sim, 1), "missing"]
    results = client.run_many([agents.get_by_id(i) for i in ids])
    assert cloudpickle.loads(cloudpickle.dumps(results)) == results


@given(sst.results(sst.agents()))
def test_any_result_round_trips_through_a_json_line(result: Result[Agent, MosaiaError]) -> None:
    call: Call[Agent] = agents.get_by_id("a1")
    assert decode_line(encode_line(7, call, result)) == (7, result)


@given(sst.results(sst.pages()))
def test_a_page_round_trips_through_a_json_line(result: Result[Any, MosaiaError]) -> None:
    assert decode_line(encode_line(0, agents.get_all(), result)) == (0, result)


def test_a_line_that_does_not_decode_is_a_decode_error() -> None:
    index, result = decode_line(b'{"index": 1, "ok": true}')
    assert index == -1
    assert result.failure().code == "decode_error"


def _subclasses(kind: type[Any]) -> set[type[Any]]:
    return {kind} | {s for sub in kind.__subclasses__() for s in _subclasses(sub)}


def test_any_mosaia_error_names_every_error_class() -> None:
    every = set().union(*(_subclasses(k) for k in get_args(MosaiaError)))
    assert set(get_args(AnyMosaiaError)) == every


def test_a_stored_error_keeps_its_kind() -> None:
    error = NotFoundError(status=404, message="agent 'x' not found", code="AGENT_NOT_FOUND")
    _, result = decode_line(encode_line(0, agents.get_by_id("x"), Failure(error)))
    assert type(result.failure()) is NotFoundError


def test_ctrl_c_settles_every_call_and_sends_no_more_chunks(
    dask: Any, server: SimulatorServer, sim: Watched
) -> None:
    ids = make_agents(sim, 400)
    sim.faults = Faults(latency=0.02)
    sim.interrupt_at = 160
    calls = [agents.get_by_id(i) for i in ids]
    results = run_on_dask(calls, server.config(), dask, chunk_size=20, chunks_ahead=4)
    codes = [r.failure().code if isinstance(r, Failure) else "ok" for r in results]
    assert len(codes) == 400
    assert set(codes) == {"ok", CANCELLED}  # finished chunks keep their results
    assert [r.unwrap().id for r in results if isinstance(r, Success)] == [
        i for i, code in zip(ids, codes, strict=True) if code == "ok"
    ]
    never_sent = [r for r in results if isinstance(r, Failure) and not r.failure().sent]
    # At most 160 calls (8 chunks) finished and 4 chunks were ahead when Ctrl-C came: the 160
    # calls beyond were never handed to Dask and never will be (less two chunks for a race).
    assert len(never_sent) >= 120


def test_run_many_refuses_a_dask_executor_there_is_one_dask_path(
    dask: Any, client: Mosaia, sim: Simulator
) -> None:
    results = client.run_many(
        [agents.get_by_id("a"), agents.get_by_id("b")], pool=dask.get_executor()
    )
    assert [type(r.failure()) for r in results] == [InvalidRequest, InvalidRequest]
    assert "run_on_dask" in results[0].failure().message
    assert sim.requests == []
