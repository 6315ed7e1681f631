"""Executors: the only code that touches sockets, clocks and randomness."""

from mosaia.executors.base import Executor, StreamingExecutor, StreamingResponse
from mosaia.executors.batch import Progress, RateLimiter, run_many
from mosaia.executors.log import LoggingExecutor
from mosaia.executors.pool import Urllib3Executor
from mosaia.executors.retry import RetryingExecutor
from mosaia.executors.stack import default_executor

__all__ = [
    "Executor",
    "LoggingExecutor",
    "Progress",
    "RateLimiter",
    "RetryingExecutor",
    "StreamingExecutor",
    "StreamingResponse",
    "Urllib3Executor",
    "default_executor",
    "run_many",
]
