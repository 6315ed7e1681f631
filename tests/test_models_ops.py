"""A model's own runs (contract 4.1, 4.2): rerank orders documents by relevance, embeddings give
one vector per input, against the simulator served on 127.0.0.1. Answers that may come bare or
inside ``data`` read alike both ways, even when the answer's own type has a ``data`` member
(contract 2.9). And a chat completion tells which tool calls the caller must run (4.7)."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mosaia import Mosaia
from mosaia.decode import decode_as
from mosaia.errors import InvalidRequest, NotFoundError
from mosaia.http import HttpResponse
from mosaia.testing import IDS, Simulator
from mosaia.testing._sim.work import EMBEDDING_SIZE
from mosaia.testing.strategies._platform import embedding_responses, search_responses
from mosaia.types import (
    ChatCompletion,
    EmbeddingRequest,
    EmbeddingResponse,
    RerankRequest,
    RerankResponse,
    SearchResponse,
    ToolCall,
)


@pytest.fixture
def sim() -> Simulator:
    """The simulator with its fixture world: two models among the rest."""
    return Simulator.with_fixtures()


def _answer(document: Any) -> HttpResponse:
    return HttpResponse(status=200, headers=(), body=msgspec.json.encode(document))


# --- rerank ---------------------------------------------------------------------------------


def test_rerank_scores_each_document_by_the_query_words_it_holds_best_first(
    client: Mosaia,
) -> None:
    docs = ["a blue whale", "the red fox jumps", "red"]

    answer = client.models.rerank(IDS.gpt_model, query="red fox", documents=docs).unwrap()

    assert isinstance(answer, RerankResponse)
    assert answer.results is not None
    ranked = [(r.index, r.document and r.document.text, r.relevance_score) for r in answer.results]
    assert ranked == [(1, "the red fox jumps", 1.0), (2, "red", 0.5), (0, "a blue whale", 0.0)]
    assert answer.usage is not None
    assert answer.usage.total_tokens == 2 + 3 + 4 + 1


def test_rerank_keeps_the_given_order_when_asked_and_names_the_override_model(
    client: Mosaia,
) -> None:
    body = RerankRequest(query="fox", documents=["cat", "fox"], reorder_results=False, model="rr")

    answer = client.models.rerank(IDS.claude_model, body).unwrap()

    assert answer.model == "rr"
    assert [r.index for r in answer.results or ()] == [0, 1]
    assert [r.relevance_score for r in answer.results or ()] == [0.0, 1.0]


def test_rerank_of_an_unknown_model_is_not_found(client: Mosaia) -> None:
    result = client.models.rerank("0" * 24, query="q", documents=["q"])

    assert isinstance(result.failure(), NotFoundError)


@given(
    query=st.text("abc xyz", min_size=1, max_size=12).filter(lambda q: any(c.isalpha() for c in q)),
    docs=st.lists(st.text("abc xyz", max_size=12), max_size=5),
)
def test_any_rerank_is_a_permutation_of_the_documents_scored_between_0_and_1(
    query: str, docs: list[str]
) -> None:
    sim = Simulator.with_fixtures()
    local = Mosaia(sim.config(), sim)

    results = local.models.rerank(IDS.gpt_model, query=query, documents=docs).unwrap().results

    assert sorted(r.index or 0 for r in results or ()) == list(range(len(docs)))
    scores = [r.relevance_score or 0.0 for r in results or ()]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


# --- embeddings -----------------------------------------------------------------------------


def test_embeddings_give_one_vector_of_fixed_size_per_input_the_same_for_the_same_text(
    client: Mosaia,
) -> None:
    answer = client.models.embeddings(IDS.gpt_model, input=["hello", "world", "hello"]).unwrap()

    assert isinstance(answer, EmbeddingResponse)
    assert answer.object == "list"
    vectors = [e.embedding for e in answer.data or ()]
    assert [e.index for e in answer.data or ()] == [0, 1, 2]
    assert all(v is not None and len(v) == EMBEDDING_SIZE for v in vectors)
    assert vectors[0] == vectors[2]
    assert vectors[0] != vectors[1]
    assert answer.usage is not None
    assert answer.usage.prompt_tokens == 3


def test_one_text_embeds_as_one_vector(client: Mosaia) -> None:
    answer = client.models.embeddings(IDS.gpt_model, EmbeddingRequest(input="hi")).unwrap()

    assert len(answer.data or ()) == 1


def test_a_model_run_with_an_unusable_id_is_refused_and_nothing_is_sent(
    client: Mosaia, sim: Simulator
) -> None:
    before = len(sim.requests)

    rerank = client.models.rerank("", query="q", documents=["d"])
    embeddings = client.models.embeddings("..", input="x")

    assert isinstance(rerank.failure(), InvalidRequest)
    assert isinstance(embeddings.failure(), InvalidRequest)
    assert len(sim.requests) == before


# --- bare or wrapped, when the answer has a `data` member of its own --------------------------


@given(embedding_responses())
def test_an_embeddings_answer_reads_the_same_bare_or_inside_data(value: EmbeddingResponse) -> None:
    document = msgspec.to_builtins(value)
    assume(document)  # an answer with no field at all is no answer, bare or wrapped

    bare = decode_as(_answer(document), "bare", "EmbeddingResponse")
    wrapped = decode_as(_answer({"data": document}), "bare", "EmbeddingResponse")

    assert bare.unwrap() == value
    assert wrapped.unwrap() == value


@given(search_responses())
def test_a_search_answer_reads_the_same_bare_or_inside_data(value: SearchResponse) -> None:
    # Only `{"data": {"paging": ...}}` is truly ambiguous: results and paging, or paging alone
    # wrapped? The platform always sends the results, so that is how it is read.
    assume(value.data is not None)
    document = msgspec.to_builtins(value)

    bare = decode_as(_answer(document), "bare", "SearchResponse")
    wrapped = decode_as(_answer({"data": document}), "bare", "SearchResponse")

    assert bare.unwrap() == value
    assert wrapped.unwrap() == value


def test_an_answer_without_a_data_member_still_unwraps_any_data_object() -> None:
    body = {"data": {"id": "r1", "results": [{"index": 0, "relevance_score": 0.5}]}}

    answer = decode_as(_answer(body), "bare", "RerankResponse").unwrap()

    assert answer.id == "r1"
    assert [r.relevance_score for r in answer.results or ()] == [0.5]


# --- chat: the tool calls the caller must run -------------------------------------------------


def _call(id: str, context: str | None) -> dict[str, Any]:
    function: dict[str, Any] = {"name": f"fn_{id}", "arguments": "{}"}
    if context is not None:
        function["execution_context"] = context
    return {"id": id, "type": "function", "function": function}


def test_frontend_tool_calls_are_those_the_caller_must_run_across_choices_in_order() -> None:
    body = {
        "id": "c1",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "tool_calls": [_call("a", "frontend"), _call("b", "backend"), _call("c", None)],
                    "refusal": None,
                    "annotations": ["cited"],
                },
            },
            {"index": 1, "message": {"role": "assistant", "tool_calls": [_call("d", "frontend")]}},
            {"index": 2, "message": {"role": "assistant", "content": "no tools"}},
        ],
    }

    completion = decode_as(_answer(body), "bare", "ChatCompletion").unwrap()

    assert isinstance(completion, ChatCompletion)
    calls = completion.frontend_tool_calls()
    assert [c.id for c in calls] == ["a", "d"]
    assert all(isinstance(c, ToolCall) for c in calls)
    assert calls[0].function is not None
    assert calls[0].function.name == "fn_a"
    assert completion.choices[0].message is not None
    assert completion.choices[0].message.annotations == ["cited"]


def test_a_completion_without_tool_calls_asks_the_caller_to_run_none() -> None:
    assert ChatCompletion().frontend_tool_calls() == []
