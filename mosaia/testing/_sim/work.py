"""The platform's one-request operations that make things happen (sections 2.6, 4.1, 4.2 and
4.5 of ``platform-2026.md``): a model's rerank and embeddings, running tasks, plans, triggers
and tools, searching and rebuilding a vector index, and granting access to drives and items.

Everything is deterministic, so tests can state exact answers: a rerank scores a document by
the share of the query's words it contains, an embedding is made from a hash of the text, a
vector search ranks the index's vectors by the words their ``content`` shares with the query,
and a tool's output echoes its name and arguments. Tasks, plans and triggers move through the
states the contract names, and refuse (409) what their state does not allow. Access to drives
and items is :mod:`~mosaia.testing._sim.access`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

import msgspec

from mosaia._types.page import Paging
from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer, error_answer
from mosaia.testing._sim.crud import View, get_doc, located, mounted_paths, record
from mosaia.testing._sim.resources import AGENT_TOOLS, COLLECTIONS, VECTORS
from mosaia.testing._sim.routing import Params, Route, SimRequest, body_object
from mosaia.testing._sim.store import CollectionSpec, Doc, Mount, ref_id
from mosaia.testing._sim.world import World

SPECS = {spec.path: spec for spec in COLLECTIONS}
#: Short names for the handler signatures of this module and of ``access``.
Spec = CollectionSpec
Req = SimRequest

#: How many numbers each embedding has.
EMBEDDING_SIZE = 8
_WORD = re.compile(r"\w+")


def invalid(message: str) -> HttpResponse:
    """The 400 for a body or query the platform would refuse."""
    return error_answer(400, code="VALIDATION_ERROR", message=message)


def _conflict(message: str) -> HttpResponse:
    return error_answer(409, code="INVALID_STATE", message=message)


def words(text: object) -> set[str]:
    """The lowercase words of ``text`` (any JSON value is read as its text)."""
    return set(_WORD.findall(str(text).lower())) if text is not None else set()


def overlap(query: str, text: object) -> float:
    """The share of ``query``'s words that ``text`` contains, 0 to 1: the relevance score."""
    wanted = words(query)
    return round(len(wanted & words(text)) / len(wanted), 6) if wanted else 0.0


def embedding(text: str) -> list[float]:
    """A vector of :data:`EMBEDDING_SIZE` numbers in [-1, 1], the same for the same text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    pairs = zip(digest[0::2], digest[1::2], strict=True)
    return [round((a * 256 + b) / 65535 * 2 - 1, 6) for a, b in list(pairs)[:EMBEDDING_SIZE]]


class _On:
    """A route on one item of a collection at one of its paths: finds the item (404 for it or
    a missing parent) and hands it to ``act``."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None, act: Any) -> None:
        self.spec = spec
        self.mount = mount
        self.act = act

    def __call__(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        view = View(self.spec, self.mount, params)
        doc = located(sim, view, params["id"])
        if isinstance(doc, HttpResponse):
            return doc
        body = body_object(request)
        if isinstance(body, HttpResponse):
            return body
        answer: HttpResponse = self.act(sim, self.spec, doc, body, request)
        return answer


def routes(method: str, spec_path: str, suffix: str, act: Any) -> list[Route]:
    """``method {R}/{id}{suffix}`` at every path the collection is served at, answered by
    ``act(sim, spec, doc, body, request)`` once the item is found."""
    spec = SPECS[spec_path]
    return [
        Route(method, f"{path}/{{id}}{suffix}", _On(spec, mount, act))
        for path, mount in mounted_paths(spec)
    ]


def _save(sim: World, spec: CollectionSpec, doc: Doc, **changes: Any) -> Doc:
    updated: Doc = {**doc, **changes, "updated_at": sim.now_iso()}
    sim.collection(spec.path).docs[doc["id"]] = updated
    record(sim, spec, "update", updated)
    return updated


# --- models --------------------------------------------------------------------------------


def rerank(sim: World, spec: Spec, model: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /model/{id}/rerank``: each document scored by :func:`overlap`, best first unless
    ``reorder_results`` is ``false``."""
    query, documents = body.get("query"), body.get("documents")
    if not isinstance(query, str) or not query.strip():
        return invalid("query is required")
    if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
        return invalid("documents must be a list of strings")
    results: list[dict[str, Any]] = [
        {"index": i, "document": {"text": d}, "relevance_score": overlap(query, d)}
        for i, d in enumerate(documents)
    ]
    if body.get("reorder_results") is not False:
        results.sort(key=lambda r: -r["relevance_score"])
    tokens = len(words(query)) + sum(len(words(d)) for d in documents)
    return data_answer(
        {
            "id": f"rerank-{sim.new_id()}",
            "model": body.get("model") or model.get("model_id") or model["id"],
            "results": results,
            "usage": {"total_tokens": tokens},
        }
    )


def embeddings(sim: World, spec: Spec, model: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /model/{id}/embeddings``: one :func:`embedding` per input, answered bare in
    OpenAI's shape (the platform may send it bare or wrapped; the SDK reads both)."""
    given = body.get("input")
    inputs = [given] if isinstance(given, str) else given
    if not isinstance(inputs, list) or not inputs or not all(isinstance(t, str) for t in inputs):
        return invalid("input must be a string or a non-empty list of strings")
    tokens = sum(len(words(t)) for t in inputs)
    document = {
        "object": "list",
        "model": body.get("model") or model.get("model_id") or model["id"],
        "data": [
            {"object": "embedding", "index": i, "embedding": embedding(t)}
            for i, t in enumerate(inputs)
        ],
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }
    return HttpResponse(
        status=200,
        headers=(("Content-Type", "application/json"),),
        body=msgspec.json.encode(document),
    )


# --- agent work ----------------------------------------------------------------------------


def _message_problem(body: Doc) -> HttpResponse | None:
    if body.get("content") is not None and not isinstance(body["content"], str):
        return invalid("content must be text")
    if body.get("role", "user") not in ("user", "assistant", "system"):
        return invalid("role must be user, assistant or system")
    return None


def execute_task(sim: World, spec: Spec, task: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /task/{id}/execute``: a ``PENDING`` or ``REVIEW`` task starts ``EXECUTING``."""
    wrong = _message_problem(body)
    if wrong is not None:
        return wrong
    status = task.get("status") or "PENDING"
    if status not in ("PENDING", "REVIEW"):
        return _conflict(f"task is {status}: only a PENDING or REVIEW task can be executed")
    attempts = int(task.get("attempt_count") or 0) + 1
    return data_answer(_save(sim, spec, task, status="EXECUTING", attempt_count=attempts))


def interrupt_task(sim: World, spec: Spec, task: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /task/{id}/interrupt``: an ``EXECUTING`` task stops, back to ``REVIEW``."""
    status = task.get("status") or "PENDING"
    if status != "EXECUTING":
        return _conflict(f"task is {status}: only an EXECUTING task can be interrupted")
    return data_answer(_save(sim, spec, task, status="REVIEW"))


def approve_plan(sim: World, spec: Spec, plan: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /plan/{id}/approve`` ``{mode}``: a ``DRAFT`` plan becomes ``APPROVED``
    (``review``) or starts ``EXECUTING`` (``auto_execute``); 202 ``{message, plan, mode}``."""
    mode = body.get("mode", "review")
    if mode not in ("review", "auto_execute"):
        return invalid("mode must be review or auto_execute")
    status = plan.get("status") or "DRAFT"
    if status != "DRAFT":
        return _conflict(f"plan is {status}: only a DRAFT plan can be approved")
    approved = _save(sim, spec, plan, status="APPROVED" if mode == "review" else "EXECUTING")
    answer = {"message": "Plan approved", "plan": approved, "mode": mode}
    return data_answer(answer, status=202)


def execute_plan(sim: World, spec: Spec, plan: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /plan/{id}/execute``: an approved (or paused, or reviewed) plan runs."""
    wrong = _message_problem(body)
    if wrong is not None:
        return wrong
    status = plan.get("status") or "DRAFT"
    if status not in ("APPROVED", "REVIEW", "PAUSED"):
        return _conflict(f"plan is {status}: approve it before executing it")
    return data_answer(_save(sim, spec, plan, status="EXECUTING"))


def execute_trigger(sim: World, spec: Spec, trigger: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /trigger/{id}/execute``: an active trigger fires (``trigger_count`` + 1)."""
    if trigger.get("status") == "PAUSED":
        return _conflict("trigger is PAUSED: resume it before executing it")
    count = int(trigger.get("trigger_count") or 0) + 1
    _save(sim, spec, trigger, trigger_count=count, last_triggered_at=sim.now_iso())
    return data_answer({"message": "Trigger executed", "triggerId": trigger["id"]})


def _tool_output(tool: Doc, arguments: Doc) -> Doc:
    shown = ", ".join(
        f"{k}={msgspec.json.encode(v).decode()}" for k, v in sorted(arguments.items())
    )
    return {
        "tool": tool.get("name"),
        "arguments": arguments,
        "result": f"{tool.get('name')}({shown})",
    }


def execute_tool(sim: World, spec: Spec, tool: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /tool/{id}/execute``: the output echoes the tool's name and the arguments."""
    return data_answer(_tool_output(tool, body))


def execute_agent_tool(sim: World, spec: Spec, attachment: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /agent/{a}/tool/{attachment}/execute``: runs the attached tool, as above."""
    tool = sim.collection("/tool").docs.get(str(ref_id(attachment.get("tool"))))
    return data_answer(_tool_output(tool or {"name": None}, body))


# --- vector indexes ------------------------------------------------------------------------


def _json_query(request: SimRequest, key: str, kind: type[Any]) -> Any:
    text = request.query.get(key, [None])[-1]
    if text is None:
        return kind()
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError:
        return invalid(f"{key} must be JSON text")
    return value if isinstance(value, kind) else invalid(f"{key} must be a JSON {kind.__name__}")


def search_index(sim: World, spec: Spec, index: Doc, body: Doc, request: Req) -> HttpResponse:
    """``GET /index/{id}?query=``: the index's vectors whose ``content`` shares words with the
    query, best first; ``exclude`` (JSON list) drops vectors or files by id."""
    query = request.query.get("query", [""])[-1]
    if not query.strip():
        return invalid("query is required")
    limit_text = request.query.get("limit", ["10"])[-1]
    if not re.fullmatch(r"[0-9]{1,6}", limit_text) or int(limit_text) < 1:
        return invalid("limit must be a positive whole number")
    params, exclude = _json_query(request, "params", dict), _json_query(request, "exclude", list)
    for parsed in (params, exclude):
        if isinstance(parsed, HttpResponse):
            return parsed
    vectors = [
        v
        for v in sim.collection(VECTORS).docs.values()
        if ref_id(v.get("index")) == index["id"]
        and v.get("active", True)
        and v["id"] not in exclude
        and ref_id(v.get("file")) not in exclude
    ]
    scored = sorted(
        ((overlap(query, v.get("content")), v) for v in vectors), key=lambda p: (-p[0], p[1]["id"])
    )
    hits = [
        {"document": v.get("content"), "index": i, "relevance_score": score}
        for i, (score, v) in enumerate(s for s in scored if s[0] > 0)
    ][: int(limit_text)]
    return data_answer(hits, paging=Paging(offset=0, limit=int(limit_text), total=len(hits)))


def reindex(sim: World, spec: Spec, index: Doc, body: Doc, _: Req) -> HttpResponse:
    """``POST /index/{id}/reindex``: queued; says how many vectors the rebuild drops."""
    dropped = sum(
        1 for v in sim.collection(VECTORS).docs.values() if ref_id(v.get("index")) == index["id"]
    )
    return data_answer(
        {
            "object": "reindex",
            "created": int(sim.clock()),
            "deletedVectors": dropped,
            "status": "queued",
            "message": f"Reindex of {index['id']} queued",
        }
    )


class _SearchOrGet:
    """``GET /index/{id}``: a vector search when the query names ``query``, else the index."""

    def __init__(self, spec: CollectionSpec, mount: Mount | None) -> None:
        self.search = _On(spec, mount, search_index)
        self.spec = spec
        self.mount = mount

    # Equal when serving the same mount, so the table built from these is the same each time.
    def __eq__(self, other: object) -> bool:
        same = isinstance(other, _SearchOrGet) and other.spec is self.spec
        return same and isinstance(other, _SearchOrGet) and other.mount is self.mount

    def __hash__(self) -> int:
        return hash((id(self.spec), id(self.mount)))

    def __call__(self, sim: World, request: SimRequest, params: Params) -> HttpResponse:
        if "query" in request.query:
            return self.search(sim, request, params)
        return get_doc(sim, View(self.spec, self.mount, params), params["id"])


def serving(routes: Iterable[Route]) -> tuple[Route, ...]:
    """``routes`` with each vector index's ``GET /index/{id}`` also answering searches (the
    platform serves both at that path)."""
    searched = {
        f"{path}/{{id}}": _SearchOrGet(SPECS["/index"], mount)
        for path, mount in mounted_paths(SPECS["/index"])
    }
    return tuple(
        Route(r.method, r.pattern, searched[r.pattern], public=r.public)
        if r.method == "GET" and r.pattern in searched
        else r
        for r in routes
    )


#: The routes of this module, for the simulator's route table.
ROUTES = (
    *routes("POST", "/model", "/rerank", rerank),
    *routes("POST", "/model", "/embeddings", embeddings),
    *routes("POST", "/task", "/execute", execute_task),
    *routes("POST", "/task", "/interrupt", interrupt_task),
    *routes("POST", "/plan", "/approve", approve_plan),
    *routes("POST", "/plan", "/execute", execute_plan),
    *routes("POST", "/trigger", "/execute", execute_trigger),
    *routes("POST", "/tool", "/execute", execute_tool),
    *routes("POST", AGENT_TOOLS, "/execute", execute_agent_tool),
    *routes("POST", "/index", "/reindex", reindex),
)
