"""``to_curl``: a call as the ``curl`` command line that sends the same request.

For debugging and bug reports: paste it into a shell, or into an issue, where the default
redaction matters: the bearer token, passwords and client secrets in the body, and tokens in the
query all show as ``***``. Pure: built from :func:`~mosaia.config.prepare`, so it is exactly
what the SDK would send. A form that streams files from disk (a drive upload's announce) is
written as ``curl -F``, one ``name=@/path;type=...;filename=...`` per file and ``--form-string
name=value`` per plain field, so curl reads the same files; curl picks its own boundary.
"""

from __future__ import annotations

import shlex
from typing import Any

from returns.pipeline import is_successful

from mosaia._redact import MASK, is_secret_name, redact_body, redact_headers, redact_url
from mosaia.config import MosaiaConfig, prepare
from mosaia.http import HttpRequest, Streamed, streamed_summary
from mosaia.multipart import FileSource, parts_of
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
    body = request.body
    form = _form_args(request, body, redact) if isinstance(body, Streamed) else None
    for name, value in headers:
        if form is not None and name.lower() in ("content-type", "content-length"):
            continue  # curl -F writes both, with a boundary of its own
        args += ["-H", f"{name}: {value}"]
    note = ""
    if form is not None:
        args += form
    elif isinstance(body, Streamed):
        args += ["--data-binary", "@-"]
        note = f"  # pipe the body to stdin: {streamed_summary(body)}"
    elif body is not None:
        kind = request.header("content-type") or ""
        form_bytes = redact and "multipart/form-data" in kind.lower()
        # A form's parts may be files or secrets: shown by name and size, sent through stdin.
        text = None if form_bytes else _body_text(request, body, redact)
        if form_bytes:
            args += ["--data-binary", "@-"]
            note = f"  # pipe the body to stdin: {redact_body(body, kind)}"
        elif text is None:
            args += ["--data-binary", "@-"]
            note = f"  # pipe the {len(body)}-byte binary body to stdin"
        else:
            args += ["--data-binary", text]
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


def _body_text(request: HttpRequest, body: bytes, redact: bool) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\0" in text:
        return None  # a shell argument cannot carry NUL
    return redact_body(body, request.header("content-type")) if redact else text


def _form_args(request: HttpRequest, body: Streamed, redact: bool) -> list[str] | None:
    # The form as curl -F arguments, or None when curl cannot say it (a field that is not
    # text, or in-memory bytes sent as a file): the caller then pipes the body instead.
    _, _, boundary = (request.header("content-type") or "").partition("boundary=")
    parts = parts_of(body, boundary.strip())
    if parts is None:
        return None
    args: list[str] = []
    for part in parts:
        if "=" in part.name:
            return None  # curl takes everything before the first `=` as the name
        data = part.data
        if isinstance(data, FileSource):
            spec = f"{part.name}=@{_quoted(data.path)}"
            if part.content_type is not None:
                spec += f";type={part.content_type}"
            args += ["-F", spec + f";filename={_quoted(part.filename or '')}"]
            continue
        try:
            value = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if part.filename is not None or part.content_type is not None or "\0" in value:
            return None
        shown = MASK if redact and is_secret_name(part.name) else value
        args += ["--form-string", f"{part.name}={shown}"]
    return args


def _quoted(text: str) -> str:
    # curl -F's quoting of a file name: `;` and `,` end an unquoted one.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


__all__ = [
    "curl_command",
    "printable",
    "to_curl",
]
