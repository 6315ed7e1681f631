"""What a new user meets first, met as they meet it: a fresh interpreter with a clean environment
(only what the step itself exports), the simulator's command line, a script calling ``Mosaia()``.

Each test is one of issue 18's potholes, kept filled."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from interpreters import ROOT, fresh_python
from returns.result import Success

from mosaia import Mosaia, errors
from mosaia.api import agents
from mosaia.errors import AnyMosaiaError, InvalidRequest, RequestTimeout, api_error_type
from mosaia.testing import Simulator
from mosaia.testing._sim.fixtures import CLIENT_ID, CLIENT_SECRET
from mosaia.types import ChatCompletionChunk, ChunkChoice, ChunkDelta


def clean_env(**exported: str) -> dict[str, str]:
    """An environment with no ``MOSAIA_*`` variable but the ones given: what a user's fresh
    shell has after pasting ``export`` lines. ``mosaia`` imports from this checkout."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("MOSAIA_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(exported)
    return env


def python(code: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with a user's environment (:func:`clean_env` unless
    given); its output, whatever its exit status."""
    return fresh_python(code, env if env is not None else clean_env(), timeout=60)


@pytest.fixture(scope="module")
def printed_exports() -> Iterator[dict[str, str]]:
    """The ``export NAME=value`` lines ``python -m mosaia.testing.server --port 0`` prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mosaia.testing.server", "--port", "0", "--fixtures"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=clean_env(),
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        exports = [line.removeprefix("export ") for line in lines if line.startswith("export ")]
        yield dict(line.split("=", 1) for line in exports)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_simulator_prints_the_exports_that_mosaia_reads(
    printed_exports: dict[str, str],
) -> None:
    assert set(printed_exports) == {"MOSAIA_BASE_URL", "MOSAIA_API_KEY"}
    assert not printed_exports["MOSAIA_BASE_URL"].endswith("/v1")

    done = python(
        "from mosaia import Mosaia\n"
        "page = Mosaia().agents.get_all().unwrap()\n"
        "print(len(page.items) > 0)\n",
        clean_env(**printed_exports),
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_mosaia_without_a_key_says_to_export_one_before_sending(
    printed_exports: dict[str, str],
) -> None:
    only_url = {"MOSAIA_BASE_URL": printed_exports["MOSAIA_BASE_URL"]}

    done = python(
        "from mosaia import Mosaia\nprint(repr(Mosaia().agents.get_all()))\n",
        clean_env(**only_url),
    )

    assert done.returncode == 0, done.stderr
    assert "InvalidRequest" in done.stdout
    assert "MOSAIA_API_KEY" in done.stdout


def test_an_explicit_config_reads_nothing_from_the_environment(
    printed_exports: dict[str, str],
) -> None:
    done = python(
        "from mosaia import Mosaia, MosaiaConfig\n"
        "print(Mosaia(MosaiaConfig()).config.api_key, Mosaia().config.api_key is not None)\n",
        clean_env(**printed_exports),
    )

    assert done.stdout.split() == ["None", "True"], done.stderr


def test_a_star_import_of_the_errors_leaves_the_builtin_timeout_error_alone() -> None:
    done = python(
        "import builtins\n"
        "from mosaia.errors import *\n"
        "print(TimeoutError is builtins.TimeoutError, RequestTimeout.__name__)\n"
    )

    assert done.stdout.split() == ["True", "RequestTimeout"], done.stderr


def test_a_stored_timeout_error_tagged_with_its_old_name_still_decodes() -> None:
    stored = b'{"type":"TimeoutError","message":"read timed out","phase":"read"}'
    decoded = msgspec.json.decode(stored, type=AnyMosaiaError)
    assert decoded == RequestTimeout(message="read timed out", phase="read")
    assert msgspec.json.encode(decoded) == msgspec.json.encode(
        msgspec.json.decode(stored, type=RequestTimeout)
    )
    assert errors.TimeoutError is RequestTimeout  # the deprecated spelling still imports
    assert "TimeoutError" not in errors.__all__


@given(
    status=st.integers(400, 599),
    code=st.none() | st.text(max_size=10),
    headers=st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=5),
)
def test_a_printed_api_error_shows_what_a_reader_needs_and_keeps_the_rest(
    status: int, code: str | None, headers: list[tuple[str, str]]
) -> None:
    error = api_error_type(status)(
        status=status,
        message="no such agent",
        code=code,
        request_id="req-1",
        body=b'{"error": "x"}',
        headers=(("X-Served-By", "edge-42"), *headers),
    )
    printed = str(error)
    assert printed == repr(error)
    for shown in (str(status), repr(code), "'no such agent'", "'req-1'"):
        assert shown in printed
    assert "edge-42" not in printed
    assert "headers" not in printed
    assert error.header("x-served-by") == "edge-42"
    assert error.body == b'{"error": "x"}'


def test_a_chunk_has_its_text_as_content_like_a_whole_completion() -> None:
    text = ChatCompletionChunk(choices=[ChunkChoice(delta=ChunkDelta(content="Hel"))])
    role_only = ChatCompletionChunk(choices=[ChunkChoice(delta=ChunkDelta(role="assistant"))])
    finish = ChatCompletionChunk(choices=[ChunkChoice(finish_reason="stop")])
    usage_only = ChatCompletionChunk()
    assert [c.content for c in (text, role_only, finish, usage_only)] == ["Hel", "", "", ""]


def test_streamed_chunk_contents_join_into_the_whole_answer() -> None:
    sim = Simulator()
    client = Mosaia(sim.config(), sim)
    agent = client.agents.create(name="Echo", short_description="repeats").unwrap()
    messages = [{"role": "user", "content": "hello there"}]
    whole = client.agents.chat_completion(id=agent.id, messages=messages).unwrap()
    with client.stream(agents.chat_completion_stream(id=agent.id, messages=messages)) as chunks:
        joined = "".join(chunk.unwrap().content for chunk in chunks)
    assert joined == whole.content


def test_without_a_key_signing_in_still_works_and_gives_a_keyed_client() -> None:
    sim = Simulator.with_fixtures()
    keyless = Mosaia(sim.config(api_key=None), sim)
    assert isinstance(keyless.agents.get_all().failure(), InvalidRequest)
    assert sim.requests == []  # refused before sending

    signed_in = keyless.generate_api_key(CLIENT_ID, CLIENT_SECRET).unwrap()

    assert signed_in.config.api_key
    assert isinstance(signed_in.agents.get_all(), Success)
    assert len(sim.requests) == 2  # the sign-in, then the list
