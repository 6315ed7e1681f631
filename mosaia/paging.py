"""Walking a list page by page, lazily.

:func:`next_page` is the whole paging rule, as a pure function of the call that fetched a page
and the page it got: the next call (same filters, ``offset`` moved past what came back), or
``None`` when the list is over. :func:`iterate` and :func:`iter_pages` walk a list with it; they
take the function that runs a call, so they hold no I/O of their own and any executor (urllib3,
the simulator, a fake) drives them. Only one page is in memory at a time.

>>> from mosaia.api import agents
>>> from mosaia.types import Page, Paging
>>> first = agents.get_all({"limit": 10})
>>> page = Page(items=list(range(10)), paging=Paging(offset=0, limit=10, total=25))
>>> next_page(first, page).request.query  # type: ignore[union-attr]
(('limit', '10'), ('offset', '10'))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from returns.result import Failure, Result, Success

from mosaia._types.page import Page
from mosaia.errors import InvalidRequest, MosaiaError
from mosaia.request import Call

__all__ = ["RunPage", "iter_pages", "iterate", "next_page", "not_a_list"]

E = TypeVar("E")

#: What runs one call: ``client.run``, or ``functools.partial(run, config=..., executor=...)``.
RunPage = Callable[[Call[Page[E]]], Result[Page[E], MosaiaError]]


def next_page(call: Call[Page[E]], page: Page[Any]) -> Call[Page[E]] | None:
    """The call for the page after ``page`` (which ``call`` fetched), or ``None`` when ``page``
    was the last: it is empty, it is shorter than the page size asked for (or the server's
    ``paging.limit``), ``paging.total`` says nothing lies beyond it, or ``paging.offset`` shows
    the server ignored the offset asked for (so the next page would be this one again).

    The next call keeps every other query parameter and moves ``offset`` past the items that
    actually came back, so a server that caps the page size below the ``limit`` asked for still
    has its list walked without gaps."""
    count = len(page.items)
    if count == 0:
        return None
    query = call.request.query
    offset = _int_param(query, "offset") or 0
    paging = page.paging
    limit = _int_param(query, "limit")
    if paging is not None and paging.limit:
        limit = min(limit, paging.limit) if limit else paging.limit
    if limit is not None and count < limit:
        return None
    following = offset + count
    if paging is not None and paging.total is not None and following >= paging.total:
        return None
    if paging is not None and paging.offset is not None and paging.offset != offset:
        # The server did not honour the offset asked for: walking on would fetch the same
        # page forever, so the walk ends here.
        return None
    return call.replace_query(offset=following)


def not_a_list(call: object) -> InvalidRequest | None:
    """Why ``call`` cannot be walked page by page, or ``None`` when it can: it must be a
    :class:`~mosaia.request.Call` of shape ``page`` (a ``get_all``-style call)."""
    if not isinstance(call, Call):
        return InvalidRequest(message=f"expected a Call to walk, got {type(call).__name__}")
    if call.shape != "page":
        return InvalidRequest(
            message=f"only a list call (shape 'page') can be walked; this one's is {call.shape!r}"
        )
    return None


def iter_pages(call: Call[Page[E]], run: RunPage[E]) -> Iterator[Result[Page[E], MosaiaError]]:
    """Every page of the list ``call`` starts, fetched with ``run`` only when the previous one has
    been consumed. A failing page is yielded as its ``Failure`` and ends the walk; a call that is
    not a list is one ``Failure(InvalidRequest)``, and nothing is sent."""
    problem = not_a_list(call)
    if problem is not None:
        yield Failure(problem)
        return
    current: Call[Page[E]] | None = call
    while current is not None:
        result = run(current)
        yield result
        if not isinstance(result, Success):
            return
        current = next_page(current, result.unwrap())


def iterate(call: Call[Page[E]], run: RunPage[E]) -> Iterator[Result[E, MosaiaError]]:
    """Every item of the list ``call`` starts, as ``Success(item)``, one page in memory at a
    time; a failing page is yielded as its ``Failure`` and ends the walk (the items before it
    have already been yielded). A call that is not a list is one ``Failure(InvalidRequest)``."""
    for result in iter_pages(call, run):
        if not isinstance(result, Success):
            yield Failure(result.failure())
            return
        page = result.unwrap()
        for item in page.items:
            yield Success(item)


def _int_param(query: tuple[tuple[str, str], ...], name: str) -> int | None:
    # The last value wins, as the simulator and most servers read repeated keys.
    found = None
    for key, value in query:
        if key == name:
            found = value
    if found is None:
        return None
    try:
        return int(found)
    except ValueError:
        return None
