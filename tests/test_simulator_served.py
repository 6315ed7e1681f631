"""The served simulator driven from outside Python: ``python -m mosaia.testing.server`` started
as a process, talked to with curl, as code in any language would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest

from mosaia.testing import IDS
from mosaia.testing._sim.fixtures import CLIENT_ID, CLIENT_SECRET

CURL = shutil.which("curl")
pytestmark = pytest.mark.skipif(
    CURL is None, reason="curl is not installed: the served simulator is driven with curl here"
)


class Served(NamedTuple):
    url: str
    api_key: str


class Answer(NamedTuple):
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def start(*flags: str) -> tuple[subprocess.Popen[str], Served]:
    """Start the simulator's command line on a free port and read where it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mosaia.testing.server", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed = dict(exported(process.stdout.readline()) for _ in range(3))
        assert printed["MOSAIA_BASE_URL"].startswith("http://127.0.0.1:"), printed
    except BaseException:
        stop(process)  # a server that did not come up as expected must not outlive the test
        raise
    return process, Served(printed["MOSAIA_BASE_URL"] + "/v1", printed["MOSAIA_API_KEY"])


def exported(line: str) -> tuple[str, str]:
    """``("NAME", "value")`` of a printed ``export NAME=value`` line (``("#", line)`` for the
    comment line that says where the simulator listens)."""
    if line.startswith("#"):
        return "#", line
    assert line.startswith("export "), line
    name, _, value = line.removeprefix("export ").strip().partition("=")
    return name, value


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """One simulator process with the fixture world for every test of this module."""
    process, where = start("--fixtures")
    try:
        yield where
    finally:
        stop(process)


def curl(*args: str) -> Answer:
    """Run curl; the answer's status and body (the status is written after the body)."""
    assert CURL is not None
    done = subprocess.run(
        [CURL, "-sS", "--max-time", "10", "-w", "\n%{http_code}", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
    )
    body, _, status = done.stdout.rpartition("\n")
    return Answer(int(status), body)


def authorized(served: Served) -> list[str]:
    return ["-H", f"Authorization: Bearer {served.api_key}"]


def test_curl_lists_the_fixture_agents(served: Served) -> None:
    answer = curl(*authorized(served), f"{served.url}/agent")

    assert answer.status == 200
    document = answer.json()
    assert [a["name"] for a in document["data"]] == ["Support Assistant", "Research Analyst"]
    assert document["paging"]["total"] == 2


def test_curl_without_a_key_is_refused_in_the_apis_error_shape(served: Served) -> None:
    answer = curl(f"{served.url}/agent")

    assert answer.status == 401
    assert answer.json()["error"]["status"] == 401


def test_curl_creates_then_reads_back(served: Served) -> None:
    created = curl(
        *authorized(served),
        "-H",
        "Content-Type: application/json",
        "--data",
        json.dumps({"name": "From curl", "short_description": "made outside Python"}),
        f"{served.url}/agent",
    )
    ident = created.json()["data"]["id"]

    fetched = curl(*authorized(served), f"{served.url}/agent/{ident}")

    assert created.status == 200
    assert fetched.json()["data"]["name"] == "From curl"


def test_curl_gets_the_apis_404_for_an_unknown_id(served: Served) -> None:
    answer = curl(*authorized(served), f"{served.url}/agent/{'0' * 24}")

    assert answer.status == 404
    assert answer.json()["error"]["code"] == "AGENT_NOT_FOUND"


def test_curl_signs_in_with_the_fixture_client_and_uses_the_token(served: Served) -> None:
    signed_in = curl(
        "-H",
        "Content-Type: application/json",
        "--data",
        json.dumps(
            {"grant_type": "client", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
        ),
        f"{served.url}/auth/signin",
    )
    token = signed_in.json()["data"]["access_token"]

    me = curl("-H", f"Authorization: Bearer {token}", f"{served.url}/self")

    assert signed_in.status == 200
    assert me.status == 200


def test_curl_reads_a_chat_completion_as_server_sent_events(served: Served) -> None:
    body = {
        "model": IDS.support_agent,
        "stream": True,
        "messages": [{"role": "user", "content": "hi"}],
    }
    answer = curl(
        "-N",
        *authorized(served),
        "-H",
        "Content-Type: application/json",
        "--data",
        json.dumps(body),
        f"{served.url}/agent/chat/completions",
    )

    events = [line for line in answer.body.splitlines() if line.startswith("data: ")]
    assert answer.status == 200
    assert events[-1] == "data: [DONE]"
    assert json.loads(events[0][6:])["object"] == "chat.completion.chunk"


def test_command_line_fault_flags_force_statuses_and_drop_connections() -> None:
    process, where = start("--status", "GET /agent/*=503", "--drop-rate", "0")
    try:
        dropping, dropped_at = start("--drop-rate", "1")
    except BaseException:
        stop(process)
        raise
    try:
        forced = curl(*authorized(where), f"{where.url}/agent/{IDS.support_agent}")
        assert CURL is not None
        cut = subprocess.run(
            [CURL, "-sS", "--max-time", "10", *authorized(dropped_at), f"{dropped_at.url}/agent"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    finally:
        stop(process)
        stop(dropping)

    assert forced.status == 503
    assert forced.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert cut.returncode == 52  # curl: "Empty reply from server"
