"""Vector indexes: searchable embeddings of documents. Mounted at ``/index``, ``/drive/{d}/index``,
``/drive/{d}/item/{i}/index``, ``/org/{o}/index``, ``/user/{u}/index``, ``/app/{a}/index``.

Reach a mount with ``resource.under(...)`` (parents outermost first); the module-level
operations are those of the bare ``/index`` collection.

>>> from mosaia.api import vector_indexes
>>> vector_indexes.resource.under(drive="d1").get_by_id("x1").request.path
'/drive/d1/index/x1'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from mosaia._types.answers import ReindexResult, VectorMatch
from mosaia._types.drives import VectorIndex
from mosaia._types.page import Page
from mosaia.api._crud import Resource, build
from mosaia.request import Call


class VectorIndexResource(Resource[VectorIndex]):
    """The vector index collection: the standard operations plus :meth:`search` and
    :meth:`reindex`."""

    def search(
        self,
        id: str,
        query: str,
        *,
        limit: int | None = None,
        params: Mapping[str, Any] | None = None,
        exclude: Sequence[Any] | None = None,
        embedding_model_id: str | None = None,
        rerank_model_id: str | None = None,
    ) -> Call[Page[VectorMatch]]:
        """GET ``/index/{id}?query=...``: the index's documents nearest ``query``, best first
        (``limit`` of them; the platform's default is 10). ``params`` (an object) and
        ``exclude`` (a list) travel as JSON text in the query, as the platform reads them;
        the model ids pick the embedding and rerank models. An empty query is a caller
        mistake: nothing is sent."""
        path, problem = self.item(id)
        if not isinstance(query, str) or not query.strip():
            problem = problem or "query must be non-empty text: search needs something to match"
        params_text, params_problem = _json_text(params, "params", Mapping)
        exclude_text, exclude_problem = _json_text(exclude, "exclude", list | tuple)
        fields: dict[str, Any] = {
            "query": query,
            "limit": limit,
            "params": params_text,
            "exclude": exclude_text,
            "embeddingModelId": embedding_model_id,
            "rerankModelId": rerank_model_id,
        }
        problem = problem or params_problem or exclude_problem
        return build("GET", (path, problem), params=fields).page(VectorMatch)

    def reindex(self, id: str) -> Call[ReindexResult]:
        """POST ``/index/{id}/reindex`` with no body: rebuild the index from its sources. The
        rebuild is asynchronous: the answer says it is ``queued``."""
        path, problem = self.item(id)
        return build("POST", (path + "/reindex", problem)).bare(ReindexResult)


def _json_text(value: Any, name: str, kind: Any) -> tuple[str | None, str | None]:
    # The platform reads these two query values as JSON text, not as repeated keys.
    if value is None:
        return None, None
    if isinstance(value, str) or not isinstance(value, kind):
        wanted = "a list" if name == "exclude" else "a mapping"
        return None, f"{name} must be {wanted}, got {type(value).__name__}"
    if not _finite(value):
        return None, f"{name} holds a number that is not finite; JSON cannot carry it"
    try:
        return msgspec.json.encode(value).decode("utf-8"), None
    except (TypeError, ValueError, OverflowError) as exc:
        return None, f"{name} does not encode as JSON: {exc}"


def _finite(value: Any) -> bool:
    # msgspec writes NaN as `null`, which would change what is asked for rather than fail.
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Mapping):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite(v) for v in value)
    return True


#: The ``/index`` collection: the generic builders the operations below are bound from.
resource = VectorIndexResource("/index", VectorIndex)

#: GET ``/index``: one page; filters ``q``, ``active``, ``limit``, ``offset``.
get_all = resource.get_all
#: GET ``/index/{id}``.
get_by_id = resource.get_by_id
#: POST ``/index``.
create = resource.create
#: PUT ``/index/{id}`` with only the fields to change.
update = resource.update
#: DELETE ``/index/{id}``; ``force=True`` for a hard delete.
delete = resource.delete
#: GET ``/index/{id}?query=``: the documents nearest a query.
search = resource.search
#: POST ``/index/{id}/reindex``: rebuild the index (asynchronous).
reindex = resource.reindex
