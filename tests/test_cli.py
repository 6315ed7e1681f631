"""The ``mosaia`` command line, end to end: ``python -m mosaia ...`` in a subprocess, configured
by ``MOSAIA_BASE_URL``/``MOSAIA_API_KEY``, against the simulator served by this test process
(so a test can count what reached it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from faultserver import fault_server, slow
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success
from wire import sent_bytes

from mosaia.api import agents
from mosaia.cli._batch import compact
from mosaia.errors import InvalidRequest
from mosaia.jsonl import decode_line, encode_line, read_results
from mosaia.testing import IDS, Simulator, SimulatorServer
from mosaia.types import Agent

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world() -> Iterator[SimulatorServer]:
    with SimulatorServer(Simulator.with_fixtures()) as running:
        yield running


def mosaia(
    server: SimulatorServer | None, *args: str, stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m mosaia *args`` pointed at ``server`` (or at nothing)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    if server is not None:
        env |= {"MOSAIA_BASE_URL": server.url, "MOSAIA_API_KEY": server.simulator.api_key}
    return subprocess.run(
        [sys.executable, "-m", "mosaia", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line_error(stderr: str) -> str:
    """The error told on stderr: exactly one line, and no traceback."""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def write_calls(path: Path, calls: list[object]) -> None:
    path.write_bytes(b"".join(msgspec.json.encode(call) + b"\n" for call in calls))


# --- run --------------------------------------------------------------------------------------


def test_run_writes_one_result_per_call_in_order_then_resumes_sending_nothing(
    world: SimulatorServer, tmp_path: Path
) -> None:
    calls_file, results_file = tmp_path / "calls.jsonl", tmp_path / "results.jsonl"
    ids = [IDS.support_agent, IDS.research_agent] * 5
    write_calls(calls_file, [agents.get_by_id(i) for i in ids])

    first = mosaia(world, "run", str(calls_file), "-o", str(results_file), "--concurrency", "3")
    assert (first.returncode, first.stdout) == (0, "")
    results = read_results(results_file)
    assert [r.unwrap().id for r in results if isinstance(r, Success)] == ids
    sent = len(world.simulator.requests)
    assert sent == len(ids)

    again = mosaia(world, "run", str(calls_file), "-o", str(results_file))
    assert again.returncode == 0
    assert len(world.simulator.requests) == sent  # nothing sent the second time
    assert read_results(results_file) == results
    assert "10 of 10 calls already answered" in again.stderr


def test_run_resends_only_what_failed_and_exits_1_while_a_call_fails(
    world: SimulatorServer, tmp_path: Path
) -> None:
    calls_file, results_file = tmp_path / "calls.jsonl", tmp_path / "results.jsonl"
    write_calls(
        calls_file,
        [agents.get_by_id(IDS.support_agent), agents.get_by_id("missing"), agents.get_all()],
    )
    first = mosaia(world, "run", str(calls_file), "-o", str(results_file))
    assert first.returncode == 1
    assert "1 of 3 calls failed" in one_line_error(first.stderr)
    before = len(world.simulator.requests)

    second = mosaia(world, "run", str(calls_file), "-o", str(results_file))
    assert second.returncode == 1
    assert [r.url for r in world.simulator.requests[before:]] == [f"{world.url}/v1/agent/missing"]
    stored = read_results(results_file)
    assert len(stored) == 3  # one line per call still, the retried one replaced
    assert stored[1].failure().status == 404  # type: ignore[union-attr]


def test_run_without_an_output_file_writes_result_lines_to_stdout(
    world: SimulatorServer, tmp_path: Path
) -> None:
    calls_file = tmp_path / "calls.jsonl"
    write_calls(calls_file, [agents.get_by_id(IDS.research_agent)])
    done = mosaia(world, "run", str(calls_file))
    assert done.returncode == 0
    (line,) = done.stdout.splitlines()
    assert msgspec.json.decode(line)["value"]["id"] == IDS.research_agent


def test_run_tells_a_file_that_is_not_calls_as_a_usage_error(
    world: SimulatorServer, tmp_path: Path
) -> None:
    calls_file = tmp_path / "calls.jsonl"
    calls_file.write_text('{"not": "a call"}\n')
    bad = mosaia(world, "run", str(calls_file))
    assert bad.returncode == 2
    assert "line 1: not a call" in one_line_error(bad.stderr)
    missing = mosaia(world, "run", str(tmp_path / "absent.jsonl"))
    assert (missing.returncode, "cannot read" in missing.stderr) == (2, True)
    assert world.simulator.requests == []


# --- group operations -----------------------------------------------------------------------


def test_a_group_operation_prints_the_answer_as_json(world: SimulatorServer) -> None:
    done = mosaia(world, "agents", "get-by-id", IDS.support_agent)
    assert done.returncode == 0, done.stderr
    agent = msgspec.json.decode(done.stdout, type=Agent)
    assert (agent.id, agent.name) == (IDS.support_agent, "Support Assistant")
    assert done.stdout.startswith("{\n  ")  # pretty


def test_options_become_query_parameters_and_json_the_body(world: SimulatorServer) -> None:
    listed = mosaia(world, "agents", "get-all", "--limit", "1")
    assert listed.returncode == 0, listed.stderr
    assert len(msgspec.json.decode(listed.stdout)["items"]) == 1
    assert world.simulator.requests[-1].url.endswith("/v1/agent?limit=1")

    body = '{"name": "From the shell", "short_description": "made by mosaia"}'
    created = mosaia(world, "agents", "create", "--json", body)
    assert created.returncode == 0, created.stderr
    assert msgspec.json.decode(created.stdout)["name"] == "From the shell"


def test_parents_are_given_with_under(world: SimulatorServer) -> None:
    done = mosaia(world, "tasks", "get-all", "--under", f"agent={IDS.support_agent}")
    assert done.returncode == 0, done.stderr
    assert f"/v1/agent/{IDS.support_agent}/task" in world.simulator.requests[-1].url


def test_a_failing_operation_is_one_line_and_exit_1(world: SimulatorServer) -> None:
    done = mosaia(world, "agents", "get-by-id", "missing")
    assert (done.returncode, done.stdout) == (1, "")
    assert one_line_error(done.stderr).startswith("mosaia: NotFoundError (HTTP 404)")


@pytest.mark.parametrize(
    "args",
    [
        ["agents", "get-by-id"],  # a missing argument
        ["agents", "no-such-operation"],
        ["no-such-group"],
        ["agents", "get-by-id", "a1", "stray"],
        ["agents", "get-by-id", "a1", "--under", "org"],
        ["agents", "create", "--json", "{not json"],
        ["run"],
        [],
    ],
)
def test_usage_errors_exit_2_without_sending(world: SimulatorServer, args: list[str]) -> None:
    done = mosaia(world, *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "error" in done.stderr
    assert world.simulator.requests == []


def test_every_command_has_help() -> None:
    for args in (["--help"], ["run", "--help"], ["chat", "-h"], ["sim", "-h"]):
        done = mosaia(None, *args)
        assert done.returncode == 0
        assert done.stdout.startswith("usage: mosaia")
    group = mosaia(None, "agents", "get-all", "--help")
    assert "GET ``/agent``" in group.stdout


# --- chat -------------------------------------------------------------------------------------


def test_chat_with_a_message_prints_the_streamed_reply(world: SimulatorServer) -> None:
    done = mosaia(world, "chat", IDS.support_agent, "hello there")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Support Assistant heard: hello there\n"
    (request,) = world.simulator.requests
    assert request.header("accept") == "text/event-stream"


def test_chat_without_a_message_answers_each_line_until_end_of_input(
    world: SimulatorServer,
) -> None:
    done = mosaia(world, "chat", IDS.support_agent, stdin="hi\n\nand again\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Support Assistant heard: hi",
        "Support Assistant heard: and again",
    ]
    # The second exchange carries the first along.
    last = msgspec.json.decode(sent_bytes(world.simulator.requests[-1].body) or b"{}")
    assert [m["content"] for m in last["messages"]] == [
        "hi",
        "Support Assistant heard: hi",
        "and again",
    ]


def test_chat_with_an_unknown_agent_fails_on_one_line(world: SimulatorServer) -> None:
    done = mosaia(world, "chat", "missing", "hello")
    assert done.returncode == 1
    assert "404" in one_line_error(done.stderr)


# --- sim --------------------------------------------------------------------------------------


def test_sim_prints_the_exports_from_env_reads_and_stops_on_ctrl_c() -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "mosaia", "sim", "--port", "0", "--fixtures"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        exports = dict(
            process.stdout.readline().removeprefix("export ").strip().split("=", 1)
            for _ in range(2)
        )
        assert set(exports) == {"MOSAIA_BASE_URL", "MOSAIA_API_KEY"}
        assert not exports["MOSAIA_BASE_URL"].endswith("/v1")
        client_env = env | exports
        done = subprocess.run(
            [sys.executable, "-m", "mosaia", "agents", "get-by-id", IDS.support_agent],
            env=client_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Support Assistant" in done.stdout
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 130
        assert "Traceback" not in stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- the results file -------------------------------------------------------------------------


@given(order=st.lists(st.integers(min_value=0, max_value=7), max_size=30))
def test_compacting_keeps_the_last_line_of_each_call_in_input_order(order: list[int]) -> None:
    # However results were appended (retries repeat an index, chunks finish in any order),
    # the rewritten file holds one line per call, by index, the latest one winning.
    call = agents.get_by_id("a1")
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "results.jsonl")
        with open(path, "wb") as out:
            for turn, index in enumerate(order):
                out.write(encode_line(index, call, Failure(InvalidRequest(message=f"turn {turn}"))))
            out.write(b'{"index": 3, "half a line')
        compact(path, 6)
        stored = [decode_line(line) for line in Path(path).read_bytes().splitlines()]

    latest = {index: turn for turn, index in enumerate(order) if index < 6}
    assert [index for index, _ in stored] == sorted(latest)
    assert [r.failure().message for _, r in stored] == [f"turn {latest[i]}" for i in sorted(latest)]


@pytest.mark.parametrize(
    ("option", "told"),
    [
        (["--concurrency", "0"], "--concurrency must be at least 1"),
        (["--rate", "-1"], "--rate must be a positive number"),
        (["-o", "/no/such/directory/results.jsonl"], "cannot write"),
    ],
)
def test_run_settings_that_cannot_work_are_usage_errors(
    world: SimulatorServer, tmp_path: Path, option: list[str], told: str
) -> None:
    calls_file = tmp_path / "calls.jsonl"
    write_calls(calls_file, [agents.get_by_id(IDS.support_agent)])
    done = mosaia(world, "run", str(calls_file), *option)
    assert done.returncode == 2
    assert told in one_line_error(done.stderr)
    assert world.simulator.requests == []


def test_ctrl_c_during_a_run_keeps_the_results_so_far_and_a_rerun_finishes(
    world: SimulatorServer, tmp_path: Path
) -> None:
    calls_file, results_file = tmp_path / "calls.jsonl", tmp_path / "results.jsonl"
    write_calls(calls_file, [agents.get_by_id(IDS.support_agent)] * 6)
    with fault_server(default=slow(0.5)) as stalling:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "MOSAIA_BASE_URL": stalling.url,
            "MOSAIA_API_KEY": "fault-key-0123456789",
        }
        command = ["run", str(calls_file), "-o", str(results_file), "--concurrency", "1"]
        process = subprocess.Popen(
            [sys.executable, "-m", "mosaia", *command],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while stalling.count < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        sent_before_ctrl_c = stalling.count

    assert process.returncode == 130
    assert "interrupted" in one_line_error(stderr)
    stored = read_results(results_file)
    assert len(stored) == 6  # every call has its line: answered, or cancelled
    answered = sum(isinstance(r, Success) for r in stored)
    assert 1 <= answered < 6
    assert answered <= sent_before_ctrl_c

    finish = mosaia(world, "run", str(calls_file), "-o", str(results_file))
    assert finish.returncode == 0, finish.stderr
    assert len(world.simulator.requests) == 6 - answered
    assert all(isinstance(r, Success) for r in read_results(results_file))
