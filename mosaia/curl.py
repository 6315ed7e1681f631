"""``to_curl``: a call as the ``curl`` command line that sends the same request.

For debugging and bug reports: paste it into a shell, or into an issue, where the default
redaction matters: the bearer token, passwords and client secrets in the body, and tokens in the
query all show as ``***``. Pure: built from :func:`~mosaia.config.prepare`, so it is exactly
what the SDK would send.
"""

from __future__ import annotations

import shlex
from typing import Any

from returns.pipeline import is_successful

from mosaia._redact import redact_body, redact_headers, redact_url
from mosaia.config import MosaiaConfig, prepare
from mosaia.http import HttpRequest
from mosaia.request import Call


def to_curl(call: Call[Any], config: MosaiaConfig, *, redact: bool = True) -> str:
    """The shell-quoted ``curl`` command for ``call`` under ``config``; secrets masked unless
    ``redact=False``. A call that cannot be sent gives a shell comment saying why."""
    prepared = prepare(call, config)
    if not is_successful(prepared):
        reason = " ".join(prepared.failure().message.split())
        return printable(f"# not sendable: {reason}")
    return curl_command(prepared.unwrap(), redact=redact, proxy=config.proxy_url)


def curl_command(request: HttpRequest, *, redact: bool = True, proxy: str | None = None) -> str:
    """The shell-quoted ``curl`` command that sends ``request`` (through ``proxy`` if given)."""
    args = ["curl"]
    if request.method == "HEAD":
        args.append("--head")  # `-X HEAD` would make curl wait for a body that never comes
    elif request.method != "GET":
        args += ["-X", request.method]
    args.append(redact_url(request.url) if redact else request.url)
    headers = redact_headers(request.headers) if redact else request.headers
    for name, value in headers:
        args += ["-H", f"{name}: {value}"]
    note = ""
    if request.body is not None:
        body = _body_text(request, redact)
        if body is None:
            args += ["--data-binary", "@-"]
            note = f"  # pipe the {len(request.body)}-byte binary body to stdin"
        else:
            args += ["--data-binary", body]
    if proxy:
        args += ["--proxy", redact_url(proxy) if redact else proxy]
    return printable(" ".join(shlex.quote(arg) for arg in args) + note)


def printable(text: str) -> str:
    """``text`` as it can be printed, logged or pasted: any character that has no UTF-8 form (a
    lone surrogate) is written as its escape (``\\ud800``) rather than making ``print`` raise."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _body_text(request: HttpRequest, redact: bool) -> str | None:
    body = request.body or b""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\0" in text:
        return None  # a shell argument cannot carry NUL
    return redact_body(body, request.header("content-type")) if redact else text


__all__ = [
    "curl_command",
    "printable",
    "to_curl",
]
