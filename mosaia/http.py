"""The values at the executor boundary: an absolute :class:`HttpRequest` going out and an
:class:`HttpResponse` coming back. Executors only ever see these; everything about the Mosaia API
(paths, envelopes, auth) is decided on either side of them, in pure code."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec

from mosaia.request import Pairs, Timeout

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
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})


class HttpRequest(msgspec.Struct, frozen=True):
    """A fully prepared request: absolute URL, final headers (including ``Authorization``),
    body bytes, timeouts and the largest answer the caller will accept. Its repr redacts secrets."""

    method: str
    url: str
    headers: Pairs = ()
    body: bytes | None = None
    timeout: Timeout = Timeout()
    max_body: int = 64 * 1024 * 1024

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    def __repr__(self) -> str:
        return (
            f"HttpRequest(method={self.method!r}, url={self.url!r}, "
            f"headers={redact_headers(self.headers)!r}, body={_body_summary(self.body)}, "
            f"timeout={self.timeout!r})"
        )


class HttpResponse(msgspec.Struct, frozen=True):
    """Status, headers (as sent, in order) and the whole body."""

    status: int
    headers: Pairs = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or ``None``."""
        return find_header(self.headers, name)

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-Id``, the handle support needs to find this exchange."""
        return self.header("x-request-id")


def find_header(headers: Pairs, name: str) -> str | None:
    """The first value of ``name`` in ``headers``, compared case-insensitively."""
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


def redact_headers(headers: Pairs) -> Pairs:
    """``headers`` with every secret value replaced by ``***``."""
    return tuple((k, "***" if k.lower() in SECRET_HEADERS else v) for k, v in headers)


def _body_summary(body: bytes | None) -> str:
    # Bodies can carry passwords and client secrets: a repr shows their size, never their bytes.
    return "None" if body is None else f"<{len(body)} bytes>"


def redact_url(url: str) -> str:
    """``url`` with secret query values (``token``, ``code``, ...) replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(k.lower() in SECRET_FIELDS for k, _ in pairs):
        return url
    query = urlencode([(k, "***" if k.lower() in SECRET_FIELDS else v) for k, v in pairs])
    return urlunsplit(parts._replace(query=query))
