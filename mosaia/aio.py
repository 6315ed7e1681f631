"""asyncio faces of running calls: :func:`arun`, :func:`arun_many` and :class:`AsyncStream`.

They return the same ``Result`` values as their blocking twins, through the same executor, so
retries, timeouts and errors are identical. The I/O itself runs on worker threads: the executor
is urllib3, which blocks, and a thread per call in flight is what lets an event loop carry on
meanwhile (``asyncio.to_thread`` for single calls and streams, a thread pool of ``concurrency``
threads per :func:`arun_many` batch). This is deliberate: one transport, one set of behaviours,
and no second HTTP stack to keep in step.

Cancelling the awaiting task works as asyncio expects (``CancelledError`` propagates; it is the
caller's own request, not an error of the call): calls not yet started are dropped, and a call
already on a thread finishes the attempt it is on there, bounded by its timeouts, with its
result discarded; as in ``run_many``, it starts no retry.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

from returns.result import Failure, Result

from mosaia._types.chat import ChatCompletion, ChatCompletionChunk
from mosaia.batch import count_problem, run_cancellable
from mosaia.config import MosaiaConfig
from mosaia.errors import InvalidRequest, MosaiaError
from mosaia.executors._base import Executor
from mosaia.request import Call
from mosaia.run import run
from mosaia.stream import Stream

T = TypeVar("T")


async def arun(call: Call[T], config: MosaiaConfig, executor: Executor) -> Result[T, MosaiaError]:
    """Run ``call`` without blocking the event loop (on a worker thread); the same ``Result``
    :func:`mosaia.run.run` gives. Never raises."""
    return await asyncio.to_thread(run, call, config, executor)


async def arun_many(
    calls: Iterable[Call[T]],
    config: MosaiaConfig,
    executor: Executor,
    *,
    concurrency: int = 8,
) -> list[Result[T, MosaiaError]]:
    """Run every call, at most ``concurrency`` at a time, and return their results in the order
    given; one failure never stops the others. A bad ``concurrency`` makes every result a
    ``Failure(InvalidRequest)`` and sends nothing."""
    todo = list(calls)
    problem = count_problem("concurrency", concurrency)
    if problem is not None:
        return [Failure(InvalidRequest(message=problem)) for _ in todo]
    if not todo:
        return []
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(min(concurrency, len(todo)), thread_name_prefix="mosaia-aio")
    cancel = threading.Event()
    try:
        pending = [
            loop.run_in_executor(pool, run_cancellable, c, config, executor, cancel) for c in todo
        ]
        return list(await asyncio.gather(*pending))
    finally:
        # Never wait here: that would block the event loop. Queued calls are dropped; a call
        # already running ends its attempt on its own thread, and tries no other.
        cancel.set()
        pool.shutdown(wait=False, cancel_futures=True)


class AsyncStream(Generic[T]):
    """A :class:`~mosaia.stream.Stream` for ``async with`` / ``async for``: each read happens on
    a worker thread, so the event loop runs while the stream waits for its next event::

        async with client.agents.achat_completion_stream(body) as chunks:
            async for result in chunks:   # Result[ChatCompletionChunk, MosaiaError]
                ...
    """

    def __init__(self, stream: Stream[T]) -> None:
        self._stream = stream
        self._results: Iterator[Result[T, MosaiaError]] | None = None

    def __repr__(self) -> str:
        return f"Async{self._stream!r}"

    @property
    def status(self) -> int | None:
        """The HTTP status, once the stream is open."""
        return self._stream.status

    async def __aenter__(self) -> AsyncStream[T]:
        await asyncio.to_thread(self._stream.open)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Release the connection (see :meth:`Stream.close <mosaia.stream.Stream.close>`)."""
        await asyncio.to_thread(self._stream.close)

    def __aiter__(self) -> AsyncStream[T]:
        return self

    async def __anext__(self) -> Result[T, MosaiaError]:
        if self._results is None:
            self._results = iter(self._stream)
        found = await asyncio.to_thread(_next_or_none, self._results)
        if found is None:
            raise StopAsyncIteration
        return found

    async def completion(
        self: AsyncStream[ChatCompletionChunk],
    ) -> Result[ChatCompletion, MosaiaError]:
        """Read the rest of the stream and fold it into one
        :class:`~mosaia._types.ChatCompletion`, or return its ``Failure``."""
        return await asyncio.to_thread(self._stream.completion)


def _next_or_none(results: Iterator[Result[T, MosaiaError]]) -> Result[T, MosaiaError] | None:
    return next(results, None)
