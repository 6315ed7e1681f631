"""OAuth 2.0 authorization code with PKCE (RFC 7636), as pure functions.

The flow: draw a verifier, send its S256 challenge in the authorize URL, get a ``code`` back on
the redirect (:func:`verify_callback` checks the ``state`` first), then trade code + verifier for
tokens with the :class:`~mosaia.request.Call` from :func:`exchange_call`; later,
:func:`refresh_call` renews them. Everything here is deterministic given its arguments; the one
exception is that :func:`new_code_verifier` and :func:`new_state` draw from :mod:`secrets` when
no bytes are given, which is what production code wants and tests avoid by passing bytes.

>>> v = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
>>> code_challenge(v)  # RFC 7636 Appendix B
'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from returns.result import Failure, Result, Success

from mosaia._types.oauth import OAuthTokenResponse
from mosaia.errors import InvalidRequest, MosaiaError, OAuthError
from mosaia.request import Call, Request, unencodable

#: Relative to ``{base_url}/v{version}``: where codes and refresh tokens are traded for tokens.
TOKEN_PATH = "/auth/token"  # noqa: S105 - a path, not a password
FORM = "application/x-www-form-urlencoded"
#: 96 random bytes make a 128-character verifier, the longest RFC 7636 allows.
DEFAULT_VERIFIER_BYTES = 96
_STATE_BYTES = 32
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def missing_field(fields: dict[str, Any]) -> str | None:
    """Why a grant cannot be sent: the first field that is not a non-empty string, or ``None``.

    Shared with the sign-in grants of :mod:`mosaia.api.auth`: a token request with an empty
    field is a caller mistake the server would only answer with a less helpful error. The
    message shows what was given only as ``None``, ``''`` or a type name, never as a value: the
    value may be a password."""
    for name, value in fields.items():
        if not isinstance(value, str) or not value:
            given = repr(value) if value is None or value == "" else type(value).__name__
            return f"{name} is required (a non-empty string), got {given}"
    return None


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _draw(size: int) -> bytes:
    # The one impure line of this module, on purpose: a verifier or state nobody passed in must
    # come from the OS's CSPRNG. Pass bytes instead to make the result deterministic.
    return secrets.token_bytes(size)


def new_code_verifier(random_bytes: bytes | None = None) -> str:
    """A PKCE code verifier: ``random_bytes`` (default: 96 fresh bytes from :mod:`secrets`) as
    base64url without padding, so 43 to 128 characters of the RFC's unreserved set.

    Given bytes make it deterministic for tests; they must be 32 to 96 bytes, the range that
    encodes to a valid verifier. Anything else (too few bytes, too many, not bytes at all) gives
    ``""``, which is no verifier: never raises, and never stretches a few bytes into a verifier
    weaker than it looks. :func:`verifier_problem` says what is wrong; every later step
    (:func:`code_challenge`, :func:`authorization_url`, :func:`exchange_call`) refuses ``""``."""
    if random_bytes is None:
        return _b64url(_draw(DEFAULT_VERIFIER_BYTES))
    if verifier_problem(random_bytes) is not None:
        return ""
    return _b64url(bytes(random_bytes))


def verifier_problem(random_bytes: object) -> str | None:
    """Why ``random_bytes`` cannot make a code verifier, or ``None`` when they can."""
    if not isinstance(random_bytes, bytes | bytearray | memoryview):
        return f"a code verifier needs random bytes, got {type(random_bytes).__name__}"
    if not 32 <= len(random_bytes) <= 96:
        return f"a code verifier needs 32 to 96 random bytes, got {len(random_bytes)}"
    return None


def is_code_verifier(value: str) -> bool:
    """Whether ``value`` is a valid RFC 7636 verifier: 43-128 chars of ``[A-Za-z0-9-._~]``."""
    return isinstance(value, str) and _VERIFIER.fullmatch(value) is not None


def code_challenge(verifier: str) -> str:
    """The S256 challenge of ``verifier``: base64url(SHA-256(ASCII(verifier))), no padding;
    always 43 characters. A verifier is ASCII by definition: for anything that is not a valid
    verifier the challenge is ``""``, which :func:`authorization_url` refuses."""
    if not is_code_verifier(verifier):
        return ""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def new_state(random_bytes: bytes | None = None) -> str:
    """An unguessable ``state`` for the authorize URL (CSRF protection): ``random_bytes``
    (default: 32 fresh bytes from :mod:`secrets`) as base64url without padding. Given something
    that is not bytes, a fresh state is drawn instead: a state must never be missing."""
    if not isinstance(random_bytes, bytes | bytearray | memoryview):
        random_bytes = _draw(_STATE_BYTES)
    return _b64url(bytes(random_bytes))


def authorization_url(
    *,
    frontend_url: str,
    client_id: str | None,
    redirect_uri: str | None,
    challenge: str,
    scopes: Iterable[str] | str,
    state: str | None = None,
) -> Result[str, InvalidRequest]:
    """The authorize page URL: ``{frontend_url}/oauth?client_id=…&redirect_uri=…&response_type=
    code&code_challenge=…&code_challenge_method=S256&scope=…&state=…`` (scopes joined by
    commas, form-encoded, in that order; ``state`` only when given). A single string is one
    scope (``"read"``), not a sequence of one-letter scopes.

    A missing client id, redirect URI, challenge or scope is ``Failure(InvalidRequest)``, never a
    half-built URL."""
    scope_list = [s for s in scope_tuple(scopes) if isinstance(s, str) and s]
    problem = missing_field(
        {"client_id": client_id, "redirect_uri": redirect_uri, "code_challenge": challenge}
    )
    if problem is None and not scope_list:
        problem = "at least one scope is required to build the authorization URL"
    if problem is None and not (isinstance(frontend_url, str) and frontend_url):
        problem = "frontend_url is required (a string) to build the authorization URL"
    if problem is not None:
        return Failure(InvalidRequest(message=problem))
    params = [
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("response_type", "code"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("scope", ",".join(scope_list)),
    ]
    if state:
        params.append(("state", state))
    try:
        query = urlencode(params)
    except (TypeError, ValueError):  # a lone surrogate does not encode
        unencodable = next(k for k, v in params if not isinstance(v, str) or unencodable(v))
        return Failure(InvalidRequest(message=f"{unencodable} is not text that can be encoded"))
    return Success(f"{frontend_url.rstrip('/')}/oauth?{query}")


def scope_tuple(scopes: Iterable[str] | str | None) -> tuple[str, ...]:
    """``scopes`` as a tuple: a lone string is one scope. Iterating ``"read"`` as given would
    authorize the scopes ``r``, ``e``, ``a`` and ``d``."""
    if scopes is None:
        return ()
    if isinstance(scopes, str):
        return (scopes,)
    try:
        return tuple(scopes)
    except TypeError:
        return ()  # not scopes at all (`scopes=5`): as good as none, which is refused later


def _token_call(fields: dict[str, str | None]) -> Call[OAuthTokenResponse]:
    # Form-encoded, answered bare, and never given the API key: the token endpoint authenticates
    # the code + verifier (or refresh token), and a bearer key there would only be a leak.
    problem = missing_field(fields) or _field_problem(fields)
    if problem is not None:
        fields = dict.fromkeys(fields, "")  # the call is refused: its body need not encode
    body = urlencode([(k, v or "") for k, v in fields.items()]).encode("ascii")
    request = Request(method="POST", path=TOKEN_PATH, body=body, content_type=FORM, auth=False)
    return Call.bare(request, OAuthTokenResponse, problem)


def _field_problem(fields: dict[str, str | None]) -> str | None:
    # A form field must be text that encodes; missing_field has seen to the type already.
    for name, value in fields.items():
        if isinstance(value, str) and unencodable(value):
            return f"{name} contains a lone surrogate, which no form can carry"
    return None


def exchange_call(
    *, client_id: str | None, redirect_uri: str | None, code: str, code_verifier: str
) -> Call[OAuthTokenResponse]:
    """POST ``/auth/token`` with the form fields ``client_id, redirect_uri, code, code_verifier,
    grant_type=authorization_code``: trade an authorization code for tokens. An empty field
    makes the call an ``InvalidRequest``."""
    return _token_call(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "code": code,
            "code_verifier": code_verifier,
            "grant_type": "authorization_code",
        }
    )


def refresh_call(*, client_id: str | None, refresh_token: str | None) -> Call[OAuthTokenResponse]:
    """POST ``/auth/token`` with the form fields ``client_id, refresh_token,
    grant_type=refresh_token``: renew an OAuth session's tokens."""
    return _token_call(
        {"client_id": client_id, "refresh_token": refresh_token, "grant_type": "refresh_token"}
    )


def _bytes_of(text: str) -> bytes:
    # Any str, lone surrogates included, as bytes to compare (they then simply do not match).
    return text.encode("utf-8", "surrogatepass")


def verify_callback(callback_url: str, expected_state: str) -> Result[str, MosaiaError]:
    """The authorization ``code`` from the URL the authorize page redirected to, after checking
    its ``state`` against ``expected_state`` (the one sent in the authorize URL).

    Fails with ``InvalidRequest`` (code ``state_mismatch``) when the state is missing or differs,
    which is what a cross-site request forgery looks like, and before anything else is believed;
    with :class:`~mosaia.errors.OAuthError` (``code`` from ``error``, ``message`` from
    ``error_description``) when the redirect says authorization was refused; with
    ``InvalidRequest`` when the URL holds neither a code nor an error, or repeats a parameter."""
    if not isinstance(expected_state, str) or not expected_state:
        return Failure(
            InvalidRequest(message="expected_state is required (a string): it is the CSRF check")
        )
    if not isinstance(callback_url, str):
        return Failure(
            InvalidRequest(
                message=f"callback URL must be a string, got {type(callback_url).__name__}"
            )
        )
    try:
        query = parse_qs(urlsplit(callback_url).query, keep_blank_values=True)
    except (ValueError, TypeError):
        # The exception's text may quote the URL, code and all: say only what went wrong.
        return Failure(InvalidRequest(message="callback URL does not parse"))
    repeated = sorted(k for k, v in query.items() if len(v) > 1)
    if repeated:
        return Failure(InvalidRequest(message=f"callback repeats {', '.join(repeated)}"))
    params = {k: v[0] for k, v in query.items()}
    state = params.get("state", "")
    # Constant-time: the state is a secret the attacker is trying to guess.
    if not hmac.compare_digest(_bytes_of(state), _bytes_of(expected_state)):
        return Failure(
            InvalidRequest(
                message="callback state does not match the state sent (possible CSRF); refused",
                code="state_mismatch",
            )
        )
    if params.get("error"):
        return Failure(
            OAuthError(
                message=params.get("error_description") or params["error"],
                code=params["error"],
                uri=params.get("error_uri") or None,
            )
        )
    code = params.get("code")
    if not code:
        return Failure(InvalidRequest(message="callback carries neither a code nor an error"))
    return Success(code)
