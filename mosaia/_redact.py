"""The one set of redaction rules: which names are secret, and how headers, URLs, JSON, form
bodies and free text are masked. Every repr, log line, error value, curl command and cassette of
the SDK goes through here. A leaf: it imports nothing from mosaia."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec

Pairs = tuple[tuple[str, str], ...]

#: Query and form field names whose values are secrets (``sign_out(token)``, OAuth forms).
SECRET_FIELDS = frozenset(
    {
        "token",
        "access_token",
        "refresh_token",
        "code",
        "code_verifier",
        "client_secret",
        "password",
        "api_key",
    }
)

#: Header names whose values are secrets: shown as ``***`` in every repr, log line and curl.
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)

#: What a redacted value is replaced with.
MASK = "***"


class _Verbatim(str):
    # A string whose repr is itself.
    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


#: :data:`MASK` as a value to put in a repr's fields: it reads ``token=***``, not
#: ``token='***'``, so a masked field cannot be mistaken for a field holding ``"***"``.
MASKED = _Verbatim(MASK)

# "signature": a presigned storage URL's query (X-Amz-Signature, X-Goog-Signature) is its key.
_SECRET_WORDS = (
    "password",
    "secret",
    "api_key",
    "apikey",
    "authorization",
    "credential",
    "signature",
)
_BODY_PREVIEW = 2000


def is_secret_name(name: str) -> bool:
    """Whether a field, query or header called ``name`` holds a secret: the known names
    (:data:`SECRET_FIELDS`, :data:`SECRET_HEADERS`), anything ending in ``token`` (but not the
    ``*_tokens`` counts of chat usage), and anything mentioning a password, secret, API key,
    credential or signature (``external_api_key`` on apps, a presigned URL's
    ``X-Amz-Signature``)."""
    key = name.lower().replace("-", "_")
    return (
        key in SECRET_FIELDS
        or key.replace("_", "-") in SECRET_HEADERS
        or key.endswith("token")
        or any(word in key for word in _SECRET_WORDS)
    )


#: Headers whose value is, or holds, a URL (a redirect's ``Location`` may carry an OAuth
#: ``code`` in its query): their URLs are redacted like any other.
URL_HEADERS = frozenset({"location", "content-location", "refresh", "link", "referer"})


def redact_headers(headers: Pairs) -> Pairs:
    """``headers`` with every secret value replaced by ``***`` (the scheme of an
    ``Authorization`` value is kept, so ``Bearer ***`` still says what kind of credential), and
    the URLs in URL-valued headers (:data:`URL_HEADERS`) redacted as :func:`redact_url` does."""
    return tuple((k, _redact_header_value(k, v)) for k, v in headers)


_LINK_TARGET = re.compile(r"<([^>]*)>")
_REFRESH_URL = re.compile(r"(?i)(url\s*=\s*['\"]?)([^'\"]*)")


def _redact_header_value(name: str, value: str) -> str:
    if not isinstance(name, str) or not isinstance(value, str):
        return value
    lower = name.lower()
    if lower in URL_HEADERS:
        if lower == "link":
            return _LINK_TARGET.sub(lambda m: f"<{redact_url(m.group(1))}>", value)
        if lower == "refresh":  # `5; url=https://...`
            return _REFRESH_URL.sub(lambda m: m.group(1) + redact_url(m.group(2)), value)
        return redact_url(value)
    if not is_secret_name(name):
        return value
    scheme, space, _ = value.partition(" ")
    if name.lower() in ("authorization", "proxy-authorization") and space and scheme.isalpha():
        return f"{scheme} {MASK}"
    return MASK


def redact_url(url: str) -> str:
    """``url`` with secret query values (``token``, ``code``, ...) and any password in its
    user-info (``http://user:pw@proxy``) replaced by ``***``. Never raises: a string too
    malformed to split (``http://[bad``), or holding text that cannot be encoded (a lone
    surrogate), has its whole query and any password masked instead."""
    if not isinstance(url, str):
        return repr(url)
    try:
        return _redact_split(url)
    except ValueError:  # UnicodeEncodeError included
        return _redact_unsplittable(url)


def _redact_split(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, colon, _ = userinfo.partition(":")
        netloc = f"{user}:{MASK}@{hostport}" if colon else netloc
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_secret_name(k) for k, _ in pairs):
            query = urlencode([(k, MASK if is_secret_name(k) else v) for k, v in pairs])
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _redact_unsplittable(url: str) -> str:
    # Redacting too much is harmless here; the point is that a repr or log line still comes out.
    head, question, _ = url.partition("?")
    scheme, sep, rest = head.partition("://")
    authority, slash, path = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    if sep and at and ":" in userinfo:
        head = f"{scheme}://{userinfo.partition(':')[0]}:{MASK}@{hostport}{slash}{path}"
    return head + (f"?{MASK}" if question else "")


def secret_names(
    query: Pairs, headers: Pairs, body: bytes | None, content_type: str | None
) -> list[str]:
    """The names of the credentials a request carries (sorted, each once): secret query
    fields, secret headers, and the secret fields of a form or JSON body at any depth (JSON's
    ``code`` excepted, as in :func:`redact_json`). What must not travel in clear text."""
    found = {k for k, _ in query if is_secret_name(k)}
    found.update(k for k, _ in headers if is_secret_name(k))
    if body:
        found.update(_body_secret_names(body, content_type or ""))
    return sorted(found)


def _body_secret_names(body: bytes, content_type: str) -> set[str]:
    try:
        decoded = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):
        decoded = _NOT_JSON
    if decoded is not _NOT_JSON:
        names: set[str] = set()
        stack = [decoded]
        while stack:  # iterative: a deeply nested body must not exhaust the stack
            value = stack.pop()
            if isinstance(value, dict):
                names.update(k for k in value if k != "code" and is_secret_name(str(k)))
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
        return names
    text = body.decode("utf-8", "replace")
    if "x-www-form-urlencoded" in content_type or _looks_like_form(text):
        return {k for k, _ in parse_qsl(text, keep_blank_values=True) if is_secret_name(k)}
    return set()


def scrub(text: str, url: str, headers: Pairs = ()) -> str:
    """``text`` (an exception message, a log line) with the secrets of one request masked
    wherever it quotes them: its URL, query or user-info as :func:`redact_url` shows them, and
    the values of its secret headers (the bearer token). For free text that field-by-field
    redaction cannot reach."""
    safe_url = redact_url(url)
    if url != safe_url:
        text = text.replace(url, safe_url)
        try:
            raw, safe = urlsplit(url), urlsplit(safe_url)
        except ValueError:
            pass  # not a URL urllib can split: the whole of it was replaced above
        else:
            for secret, shown in ((raw.query, safe.query), (raw.netloc, safe.netloc)):
                if secret and secret != shown:
                    text = text.replace(secret, shown)
    for name, value in headers:
        if is_secret_name(name):
            secret = value.partition(" ")[2] if " " in value else value
            if len(secret) >= 4:  # a shorter one would mask unrelated text, and guards little
                text = text.replace(secret, MASK)
    return text


def redact_json(value: Any) -> Any:
    """A JSON value (as decoded builtins) with the value of every secret key replaced by
    ``***``, at any depth. ``code`` is kept here: in JSON bodies it is the API's error code
    (``MODEL_NOT_FOUND``), which is what a reader of the log needs; the OAuth authorization
    code travels only in forms and queries, where it is redacted."""
    if isinstance(value, dict):
        return {
            k: (MASK if k != "code" and is_secret_name(str(k)) else redact_json(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact_json(v) for v in value]
    if isinstance(value, str) and "://" in value:
        # A URL value may carry its credential in its query: a presigned URL's signature.
        return redact_url(value)
    return value


def redact_body(body: bytes | None, content_type: str | None = None, limit: int = 0) -> str:
    """``body`` as text fit for a log line or a curl command: JSON and form bodies with their
    secret fields masked, other text as is, binary as its size; cut to ``limit`` characters
    when ``limit`` is positive."""
    if body is None:
        return ""
    text = _redacted_text(body, content_type or "")
    if limit > 0 and len(text) > limit:
        return f"{text[:limit]}... ({len(body)} bytes)"
    return text


def body_preview(body: bytes | None, content_type: str | None = None) -> str:
    """:func:`redact_body` cut to a length that keeps a log line readable."""
    return redact_body(body, content_type, _BODY_PREVIEW)


def _redacted_text(body: bytes, content_type: str) -> str:
    if "multipart/form-data" in content_type.lower():
        return form_summary(body, content_type)
    try:
        decoded = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):
        decoded = _NOT_JSON
    if decoded is not _NOT_JSON:
        try:
            return msgspec.json.encode(redact_json(decoded)).decode()
        except (TypeError, ValueError, OverflowError, RecursionError):
            return f"<{len(body)} bytes of JSON>"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(body)} bytes>"
    json_like = text.lstrip()[:1] in ("{", "[")
    if "x-www-form-urlencoded" in content_type or (not json_like and _looks_like_form(text)):
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode([(k, MASK if is_secret_name(k) else v) for k, v in pairs])
    # JSON that does not parse (an answer cut short, or cut to fit an error value) or text that
    # embeds JSON (an event stream): mask the `"secret": value` pairs found in it.
    return _SECRET_PAIR.sub(_mask_pair, text)


_NOT_JSON = object()

#: A ``"key": value`` pair in JSON text; the value is a string (possibly cut off at the end of
#: the text) or a bare literal.
_SECRET_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:\s*)("(?:[^"\\]|\\.)*"?|[^\s",:{}\[\]]*)')


def _mask_pair(match: re.Match[str]) -> str:
    key = match.group(1)
    if key == "code" or not is_secret_name(key):
        return match.group(0)
    return f'"{key}"{match.group(2)}"{MASK}"'


def _looks_like_form(text: str) -> bool:
    # Redacting too much is harmless; letting `password=...` through is not.
    return "=" in text and not any(ch.isspace() for ch in text.strip())


#: How many parts of a form a summary names before it counts the rest.
_NAMED_PARTS = 8
_PART_NAME = re.compile(rb'(?:^|[;\s])name="([^"\r\n]*)"', re.IGNORECASE)
_PART_FILE = re.compile(rb'filename\*?=(?:"([^"\r\n]*)"|([^;\r\n]*))', re.IGNORECASE)


def form_summary(body: bytes, content_type: str) -> str:
    """A ``multipart/form-data`` body as its size and its parts' names, file names and sizes:
    never a byte of what the parts carry (a file's contents, a field that may be a secret)."""
    boundary = content_type.partition("boundary=")[2].split(";")[0].strip().strip('"')
    if not boundary:
        return f"<{len(body)} bytes of multipart/form-data>"
    named = []
    for chunk in body.split(b"--" + boundary.encode("ascii", "replace"))[1:]:
        if chunk.startswith(b"--"):
            break
        head, found, data = chunk.partition(b"\r\n\r\n")
        if not found:
            continue
        size = len(data) - 2 if data.endswith(b"\r\n") else len(data)
        name = _PART_NAME.search(head)
        label = name.group(1).decode("utf-8", "replace") if name else "?"
        file = _PART_FILE.search(head)
        if file:
            label += f"={(file.group(1) or file.group(2) or b'').decode('utf-8', 'replace')}"
        named.append(f"{label} ({size} bytes)")
    shown = ", ".join(named[:_NAMED_PARTS])
    if len(named) > _NAMED_PARTS:
        shown += f", and {len(named) - _NAMED_PARTS} more"
    return f"<{len(body)} bytes of multipart/form-data: {shown}>"


def body_summary(body: bytes | None) -> str:
    # Bodies can carry passwords and client secrets: a repr shows their size, never their bytes.
    return "None" if body is None else f"<{len(body)} bytes>"
