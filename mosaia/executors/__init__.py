"""Executors: the transport layer, the only code that touches sockets, clocks and randomness.

The :class:`Executor` protocol, the urllib3 executor, and decorators over any executor (retries,
logging). What runs calls over an executor (``run``, ``run_many``, streams, the refreshing
session) is a layer up, in :mod:`mosaia.run`, :mod:`mosaia.batch`, :mod:`mosaia.stream` and
:mod:`mosaia.refresh`.
"""

from mosaia.executors._base import Executor, StreamingExecutor, StreamingResponse
from mosaia.executors._log import LoggingExecutor
from mosaia.executors._pool import Urllib3Executor
from mosaia.executors._retry import RetryingExecutor
from mosaia.executors._stack import default_executor

__all__ = [
    "Executor",
    "LoggingExecutor",
    "RetryingExecutor",
    "StreamingExecutor",
    "StreamingResponse",
    "Urllib3Executor",
    "default_executor",
]
