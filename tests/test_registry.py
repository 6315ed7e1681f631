"""Types a stored call or result names resolve only through the SDK's own registry: every Struct
of ``mosaia._types`` by its public name, old stored names too, and nothing a file names is ever
imported. Calls are made by typed constructors, so their declared type and ``T`` agree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import NoneType
from typing import Any, assert_type

import msgspec
import pytest
from returns.result import Success

from mosaia import types as public
from mosaia._types.base import registry, resolve_type, structs_of, type_name
from mosaia.api import agents
from mosaia.decode import decode
from mosaia.errors import DecodeError
from mosaia.http import HttpResponse
from mosaia.jsonl import decode_line, encode_line, read_results
from mosaia.request import Call, Request
from mosaia.types import Agent, ChatCompletion, ChatCompletionChunk, Page

REPO = Path(__file__).resolve().parent.parent


def test_every_struct_of_the_data_layer_resolves_by_its_stored_name() -> None:
    every = {tp for tp in registry().values() if tp is not NoneType}
    modules = {tp.__module__ for tp in every}
    assert "mosaia._types.entities" in modules
    assert "mosaia._types.chat" in modules
    for tp in every:
        assert resolve_type(type_name(tp)) is tp


def test_the_registry_holds_every_struct_of_each_module_and_no_name_twice() -> None:
    held = list(registry().values())
    assert len(held) == len(set(held))  # one name per type: none shadowed by a namesake
    for tp in held:
        if tp is not NoneType:
            module = sys.modules[tp.__module__]
            assert set(structs_of(module)) <= set(held)


def test_every_public_struct_is_in_the_registry() -> None:
    exported = {getattr(public, name) for name in public.__all__}
    structs = {tp for tp in exported if isinstance(tp, type) and issubclass(tp, msgspec.Struct)}
    structs.discard(public.MosaiaConfig)  # a config, not an answer: it lives above the data
    assert structs <= set(registry().values())


@pytest.mark.parametrize(
    "name",
    ["mosaia.types.entities:Agent", "mosaia._types.entities:Agent", "mosaia.types:Agent", "Agent"],
)
def test_names_stored_by_earlier_versions_still_resolve(name: str) -> None:
    assert resolve_type(name) is Agent


def test_no_value_resolves_by_its_new_and_old_names() -> None:
    assert resolve_type(type_name(NoneType)) is NoneType
    assert resolve_type("builtins:NoneType") is NoneType


@pytest.mark.parametrize(
    "name", ["this:X", "os:system", "subprocess:Popen", "builtins:eval", "Nope", "mosaia.x:Nope"]
)
def test_a_name_outside_the_registry_is_unknown(name: str) -> None:
    assert resolve_type(name) is None


_READ_HOSTILE = """
import sys
from mosaia.jsonl import read_results

results = read_results(sys.argv[1])
print(len(results), sorted({type(r).__name__ for r in results}))
print(sorted({type(r.failure()).__name__ for r in results}))
print(sorted(m for m in ("this", "antigravity") if m in sys.modules))
"""


def test_reading_results_that_name_foreign_modules_imports_nothing(tmp_path: Path) -> None:
    # A result line naming module `this` once printed the Zen of Python on reading it.
    stored = tmp_path / "hostile.jsonl"
    lines = [
        {"index": 0, "ok": True, "shape": "one", "type": "this:X", "value": {}},
        {"index": 1, "ok": True, "shape": "one", "type": "os:system", "value": "id"},
        {"index": 2, "ok": True, "shape": "one", "type": "antigravity:fly", "value": {}},
    ]
    deep = b'{"index":3,"ok":true,"shape":"one","type":"Agent","value":' + b"[" * 200_000
    stored.write_bytes(b"\n".join([*map(msgspec.json.encode, lines), deep]) + b"\n")
    done = subprocess.run(
        [sys.executable, "-c", _READ_HOSTILE, str(stored)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["4 ['Failure']", "['DecodeError']", "[]"]


def test_a_deeply_nested_line_is_that_lines_failure() -> None:
    for deep in (b"[" * 100_000, b'{"index":0,"ok":true,"value":' + b'{"a":' * 100_000):
        index, result = decode_line(deep)
        assert index == -1
        assert isinstance(result.failure(), DecodeError)


def test_results_keep_round_tripping_through_their_stored_names(tmp_path: Path) -> None:
    stored = tmp_path / "ok.jsonl"
    page: Page[Agent] = Page(items=[Agent(id="a1")])
    stored.write_bytes(
        encode_line(0, agents.get_by_id("a1"), Success(Agent(id="a1")))
        + encode_line(1, agents.get_all(), Success(page))
        + encode_line(2, agents.delete("a1"), Success(None))
    )
    assert read_results(stored) == [Success(Agent(id="a1")), Success(page), Success(None)]
    assert b'"type":"Agent"' in stored.read_bytes()


# --- typed constructors -------------------------------------------------------------------------


def test_each_constructor_declares_the_type_its_call_decodes_into() -> None:
    request = Request("GET", "/agent")
    assert_type(Call.one(request, Agent), Call[Agent])
    assert_type(Call.page(request, Agent), Call[Page[Agent]])
    assert_type(Call.first(request, Agent), Call[Agent | None])
    assert_type(Call.nothing(request), Call[None])
    assert_type(Call.bare(request, ChatCompletion), Call[ChatCompletion])
    assert_type(Call.stream(request, ChatCompletionChunk), Call[ChatCompletionChunk])
    assert_type(Call.folded(request, ChatCompletion), Call[ChatCompletion])
    made: list[Call[Any]] = [
        Call.one(request, Agent),
        Call.page(request, Agent),
        Call.first(request, Agent),
        Call.nothing(request),
        Call.bare(request, ChatCompletion),
        Call.stream(request, ChatCompletionChunk),
        Call.folded(request, ChatCompletion),
    ]
    shapes = [(c.shape, c.type) for c in made]
    assert shapes == [
        ("one", "Agent"),
        ("page", "Agent"),
        ("first", "Agent"),
        ("none", "None"),
        ("bare", "ChatCompletion"),
        ("stream", "ChatCompletionChunk"),
        ("folded", "ChatCompletion"),
    ]


def test_only_a_type_that_folds_makes_a_folded_call() -> None:
    request = Request("POST", "/agent/chat/completions")
    call = Call.folded(request, Agent)  # type: ignore[type-var]
    events = HttpResponse(200, (("Content-Type", "text/event-stream"),), b"data: [DONE]\n\n")
    assert isinstance(decode(events, call).failure(), DecodeError)


def test_a_chat_completion_asked_to_stream_is_folded_and_its_stream_twin_streams() -> None:
    whole = agents.chat_completion({"model": "a1", "stream": True})
    chunks = agents.chat_completion_stream({"model": "a1"})
    assert (whole.shape, whole.type) == ("folded", "ChatCompletion")
    assert (chunks.shape, chunks.type) == ("stream", "ChatCompletionChunk")
    assert whole.request == chunks.request
    assert agents.chat_completion({"model": "a1"}).shape == "bare"


def test_no_builder_assembles_a_call_by_hand() -> None:
    found = set()
    for path in (REPO / "mosaia").rglob("*.py"):
        relative = path.relative_to(REPO).as_posix()
        if relative == "mosaia/request.py":
            continue  # the typed constructors themselves
        text = path.read_text()
        if re.search(r"(?<![\w.])Call\(", text) or "structs.replace(call" in text:
            found.add(relative)
    assert not found, sorted(found)  # each should use a typed constructor (Call.bare, ...)
