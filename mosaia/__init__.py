"""mosaia: a functional, typed Python SDK for the Mosaia AI-agent platform.

Operations are pure functions that build ``Call`` values; an executor sends them; answers come
back as ``returns`` ``Result`` values holding msgspec Structs or error values. Nothing raises.
"""

from mosaia._version import __version__
from mosaia.client import Mosaia
from mosaia.config import MosaiaConfig, MosiaConfig, prepare
from mosaia.decode import decode
from mosaia.errors import MosaiaError, is_sdk_error
from mosaia.http import Timeout
from mosaia.request import Call, Request
from mosaia.retry import RetryPolicy
from mosaia.run import Response, run, run_with_response

__all__ = [
    "Call",
    "Mosaia",
    "MosaiaConfig",
    "MosaiaError",
    "MosiaConfig",
    "Request",
    "Response",
    "RetryPolicy",
    "Timeout",
    "__version__",
    "decode",
    "is_sdk_error",
    "prepare",
    "run",
    "run_with_response",
]
