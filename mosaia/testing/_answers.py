"""The API's answers as the testing kit writes them, through the public Structs of
:mod:`mosaia.types`.

Every error body and success envelope the :class:`~mosaia.testing.FakeExecutor` and the
simulator send is an :class:`~mosaia.types.ErrorResponse` or an :class:`~mosaia.types.APIResponse`
encoded by :func:`json_answer`, so the doubles cannot drift from the shapes the SDK documents and
reads: ``{"error": {"message", "code", "status"}}`` and ``{"data": ..., "paging": {...}}``.

>>> error_answer(404, code="AGENT_NOT_FOUND", message="agent 'a1' not found").body
b'{"error":{"message":"agent \\'a1\\' not found","code":"AGENT_NOT_FOUND","status":404}}'
>>> data_answer({"id": "a1"}).body
b'{"data":{"id":"a1"}}'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from mosaia.http import HttpResponse, Pairs
from mosaia.types import APIResponse, ErrorDetail, ErrorResponse, Paging

Headers = Mapping[str, str] | Pairs


def json_answer(status: int, document: Any = None, *, headers: Headers = ()) -> HttpResponse:
    """An answer with ``document`` (plain values or Structs) encoded as its JSON body, after a
    ``Content-Type`` header and then ``headers``; no body and no content type when ``document``
    is ``None``. The one encoder behind every answer the testing kit builds."""
    extra: Pairs = tuple(headers.items()) if isinstance(headers, Mapping) else tuple(headers)
    if document is None:
        return HttpResponse(status=status, headers=extra)
    return HttpResponse(
        status=status,
        headers=(("Content-Type", "application/json"), *extra),
        body=msgspec.json.encode(document),
    )


def error_answer(
    status: int, *, code: str | None, message: str, headers: Headers = ()
) -> HttpResponse:
    """An error in the API's shape, an :class:`~mosaia.types.ErrorResponse`:
    ``{"error": {"message", "code", "status"}}`` (a ``None`` code is left out)."""
    detail = ErrorDetail(message=message, code=code, status=status)
    return json_answer(status, ErrorResponse(error=detail), headers=headers)


def data_answer(
    data: Any, *, paging: Paging | None = None, status: int = 200, headers: Headers = ()
) -> HttpResponse:
    """A success in the API's envelope, an :class:`~mosaia.types.APIResponse`: ``{"data": ...}``,
    with ``paging`` after it for a list."""
    envelope: APIResponse[Any] = APIResponse(data=data, paging=paging)
    return json_answer(status, envelope, headers=headers)
