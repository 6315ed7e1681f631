"""``run``: prepare, send, decode. The one function that joins the pure core to an executor."""

from __future__ import annotations

from typing import TypeVar

from returns.pipeline import is_successful
from returns.result import Failure, Result

from mosaia.config import MosaiaConfig, prepare
from mosaia.decode import decode
from mosaia.errors import MosaiaError
from mosaia.executors.base import Executor
from mosaia.request import Call

T = TypeVar("T")


def run(call: Call[T], config: MosaiaConfig, executor: Executor) -> Result[T, MosaiaError]:
    """Run ``call``: prepare it under ``config``, send it through ``executor``, decode the answer.

    Never raises. A caller mistake is ``Failure(InvalidRequest)`` and nothing is sent; a transport
    fault, an error status or an answer of the wrong shape is the matching error value."""
    prepared = prepare(call, config)
    if not is_successful(prepared):
        return Failure(prepared.failure())
    sent = executor.send(prepared.unwrap())
    if not is_successful(sent):
        return Failure(sent.failure())
    return decode(sent.unwrap(), call)
