"""Executors: the only code that touches sockets, clocks and randomness."""

from mosaia.executors.base import Executor, StreamingExecutor, StreamingResponse
from mosaia.executors.pool import Urllib3Executor

__all__ = ["Executor", "StreamingExecutor", "StreamingResponse", "Urllib3Executor"]
