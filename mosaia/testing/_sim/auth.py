"""Auth in the simulator: sign-in grants, sign-out, ``/session`` and ``/self``, and the OAuth
authorization-code flow with PKCE (``/oauth`` on the frontend, ``/auth/token`` on the API).

Tokens are issued and enforced: an access token lives :attr:`AuthBook.token_seconds` on the
simulator's clock (``Simulator(clock=...)`` makes expiry testable), refresh tokens rotate on
use, codes are single-use, bound to their client, redirect URI and S256 challenge. Each
simulator has an :class:`AuthBook` at ``sim.auth`` that knows who may sign in; a fresh one knows
:data:`DEFAULT_EMAIL` / :data:`DEFAULT_PASSWORD` and the client :data:`DEFAULT_CLIENT_ID` /
:data:`DEFAULT_CLIENT_SECRET` (any redirect URI). The simulator's API key acts as that user.

On the served simulator the authorize page answers at ``/oauth`` outside the ``/v1`` prefix,
where the frontend URL puts it, with a 302 to the redirect URI carrying ``code`` and ``state``
(or ``error``), which is what a browser would follow.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia.decode import error_from_response
from mosaia.errors import MosaiaError
from mosaia.executors._base import Executor
from mosaia.executors._pool import Urllib3Executor
from mosaia.http import HttpRequest, HttpResponse
from mosaia.testing._sim.core import SimRequest, error_response, json_response, route
from mosaia.testing._sim.resources import body_object

if TYPE_CHECKING:
    from mosaia.testing._sim.core import Simulator

DEFAULT_EMAIL = "user@example.com"
DEFAULT_PASSWORD = "password"  # noqa: S105 - the simulator's documented demo login
DEFAULT_CLIENT_ID = "sim-client"
DEFAULT_CLIENT_SECRET = "sim-client-secret"  # noqa: S105 - the simulator's demo client
#: How long an issued access token is accepted, in seconds of the simulator's clock.
TOKEN_SECONDS = 3600.0
#: How long an authorization code may wait to be exchanged.
CODE_SECONDS = 600.0

GrantType = Literal["password", "client", "oauth"]

# RFC 7636 section 4.1, written out here for the same reason as s256 below.
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


class Grant(msgspec.Struct, frozen=True):
    """Whom a token acts for and how it was obtained."""

    auth_type: GrantType
    client_id: str
    email: str | None = None


class PendingCode(msgspec.Struct, frozen=True):
    """An authorization code waiting for its exchange."""

    grant: Grant
    redirect_uri: str
    challenge: str
    expires: float


class AuthBook:
    """One simulator's auth state: users who may sign in with a password, registered clients,
    and the access tokens, refresh tokens and codes issued. Methods take the simulator's lock."""

    def __init__(self, sim: Simulator) -> None:
        self._sim = sim
        #: Seconds an issued access token lives: set it low to test expiry.
        self.token_seconds = TOKEN_SECONDS
        self.passwords: dict[str, str] = {DEFAULT_EMAIL: DEFAULT_PASSWORD}
        #: client_id -> (secret or ``None`` for a public client, allowed redirect URIs or
        #: ``None`` for any).
        self.clients: dict[str, tuple[str | None, tuple[str, ...] | None]] = {
            DEFAULT_CLIENT_ID: (DEFAULT_CLIENT_SECRET, None)
        }
        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}
        self.codes: dict[str, PendingCode] = {}

    def __repr__(self) -> str:
        return (
            f"AuthBook(users={len(self.passwords)}, clients={sorted(self.clients)}, "
            f"access={len(self.access)}, refresh={len(self.refresh)}, codes={len(self.codes)})"
        )

    def register_user(self, email: str, password: str) -> AuthBook:
        """Let ``email`` sign in with ``password``; returns ``self`` for chaining."""
        with self._sim.lock:
            self.passwords[email] = password
        return self

    def register_client(
        self,
        client_id: str,
        client_secret: str | None = None,
        redirect_uris: tuple[str, ...] | None = None,
    ) -> AuthBook:
        """Register an OAuth client (``client_secret=None``: a public client that can only use
        PKCE and password sign-in; ``redirect_uris=None``: any redirect URI)."""
        with self._sim.lock:
            self.clients[client_id] = (client_secret, redirect_uris)
        return self

    def grant_refresh_token(
        self,
        refresh_token: str,
        *,
        auth_type: GrantType = "password",
        email: str | None = DEFAULT_EMAIL,
        client_id: str = DEFAULT_CLIENT_ID,
    ) -> AuthBook:
        """Accept ``refresh_token`` as if it had been issued (for tests that start mid-session)."""
        with self._sim.lock:
            self.refresh[refresh_token] = Grant(auth_type, client_id, email)
        return self

    def revoke(self, token: str) -> None:
        """Stop accepting ``token`` (access or refresh); the API key cannot be revoked."""
        with self._sim.lock:
            if token != self._sim.api_key:
                self._sim.tokens.pop(token, None)
                self.access.pop(token, None)
            self.refresh.pop(token, None)

    def issue(self, grant: Grant) -> dict[str, Any]:
        """A fresh token pair for ``grant``, as the API answers it (``iat``/``exp`` are epoch
        milliseconds as numeric strings)."""
        with self._sim.lock:
            now = self._sim.clock()
            access = "at_" + secrets.token_urlsafe(24)
            refresh = "rt_" + secrets.token_urlsafe(24)
            self._sim.tokens[access] = now + self.token_seconds
            self.access[access] = grant
            self.refresh[refresh] = grant
            return {
                "access_token": access,
                "refresh_token": refresh,
                "token_type": "Bearer",
                "expires_in": int(self.token_seconds),
                "sub": subject(grant),
                "iat": str(int(now * 1000)),
                "exp": str(int((now + self.token_seconds) * 1000)),
            }

    def grant_of(self, token: str | None) -> Grant | None:
        """Whom ``token`` acts for: the API key acts as the default user."""
        if token is None:
            return None
        if token == self._sim.api_key:
            return Grant("password", DEFAULT_CLIENT_ID, DEFAULT_EMAIL)
        return self.access.get(token)


def subject(grant: Grant) -> str:
    """A stable 24-hex id for the grant's user (or client): the same login, the same ``sub``."""
    who = grant.email if grant.email is not None else "client:" + grant.client_id
    return hashlib.sha256(who.encode()).hexdigest()[:24]


def s256(verifier: str) -> str:
    """The S256 challenge of ``verifier``. Written out here rather than borrowed from
    :mod:`mosaia.pkce`, so the loopback tests check the SDK against an independent reckoning."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


# --- sign-in, sign-out, session, self (JSON, the API's usual error shape) ----------------------


@route("POST", "/auth/signin", public=True)
def sign_in(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """POST ``/auth/signin``: the ``password``, ``client`` and ``refresh`` grants."""
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    book = sim.auth
    grant_type = body.get("grant_type")
    needed = {
        "password": ("email", "password", "client_id"),
        "client": ("client_id", "client_secret"),
        "refresh": ("refresh_token",),
    }.get(str(grant_type))
    if needed is None:
        return error_response(400, "UNSUPPORTED_GRANT_TYPE", f"grant_type {grant_type!r}")
    absent = [f for f in needed if not isinstance(body.get(f), str) or not body[f]]
    if absent:
        return error_response(400, "VALIDATION_ERROR", f"missing {', '.join(absent)}")
    if grant_type == "refresh":
        grant = book.refresh.get(body["refresh_token"])
        if grant is None or grant.auth_type == "oauth":
            return error_response(401, "INVALID_REFRESH_TOKEN", "refresh token not recognized")
        del book.refresh[body["refresh_token"]]
        return json_response(200, {"data": book.issue(grant)})
    client = book.clients.get(body["client_id"])
    if client is None:
        return error_response(401, "INVALID_CLIENT", "unknown client")
    if grant_type == "client":
        if not _same(client[0], body["client_secret"]):
            return error_response(401, "INVALID_CREDENTIALS", "wrong client credentials")
        return json_response(200, {"data": book.issue(Grant("client", body["client_id"]))})
    if not _same(book.passwords.get(body["email"]), body["password"]):
        return error_response(401, "INVALID_CREDENTIALS", "wrong email or password")
    grant = Grant("password", body["client_id"], body["email"])
    return json_response(200, {"data": book.issue(grant)})


@route("DELETE", "/auth/signout")
def sign_out(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """DELETE ``/auth/signout[?token=]``: revoke ``token``, else the token the request carries."""
    given = request.query.get("token")
    token = given[-1] if given else request.token
    if token:
        sim.auth.revoke(token)
    return HttpResponse(status=204)


def principal(sim: Simulator, token: str | None) -> dict[str, Any]:
    """The ``/self`` document for whoever ``token`` acts for."""
    grant = sim.auth.grant_of(token)
    if grant is None:
        return {}
    doc: dict[str, Any] = {"client": _client_doc(sim, grant.client_id)}
    if grant.email is not None:
        doc["user"] = _user_doc(sim, grant)
    doc["permissions"] = {"allow": ["*"], "deny": []}
    return doc


def _user_doc(sim: Simulator, grant: Grant) -> dict[str, Any]:
    users = sim.collections.get("/user")
    for doc in users.docs.values() if users is not None else ():
        if doc.get("email") == grant.email:
            return dict(doc)
    return {"id": subject(grant), "email": grant.email}


def _client_doc(sim: Simulator, client_id: str) -> dict[str, Any]:
    clients = sim.collections.get("/client")
    for doc in clients.docs.values() if clients is not None else ():
        if doc.get("client_id") == client_id:
            return {k: v for k, v in doc.items() if k != "client_secret"}
    return {"client_id": client_id, "name": client_id}


@route("GET", "/self")
def get_self(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """GET ``/self``: user, client and permissions of the presented credentials."""
    return json_response(200, {"data": principal(sim, request.token)})


@route("GET", "/session")
def get_session(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """GET ``/session``: the principal, plus how and until when the session holds."""
    doc = principal(sim, request.token)
    grant = sim.auth.grant_of(request.token)
    if grant is not None:
        doc["auth_type"] = grant.auth_type
        doc["sub"] = subject(grant)
    expires = sim.tokens.get(request.token or "")
    if expires is not None:
        doc["exp"] = str(int(expires * 1000))
    return json_response(200, {"data": doc})


# --- OAuth: authorize on the frontend, token endpoint on the API ------------------------------


def oauth_error(status: int, error: str, description: str) -> HttpResponse:
    """An OAuth error answer: ``{"error": code, "error_description": ...}`` (RFC 6749 5.2)."""
    return json_response(status, {"error": error, "error_description": description})


def _redirect(redirect_uri: str, params: list[tuple[str, str]]) -> HttpResponse:
    joiner = "&" if urlsplit(redirect_uri).query else "?"
    location = redirect_uri + joiner + urlencode(params)
    return HttpResponse(status=302, headers=(("Location", location), ("Cache-Control", "no-store")))


@route("GET", "/oauth", public=True)
def authorize(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """GET ``/oauth``: the authorize page, approving at once as the user named by ``login_hint``
    (default :data:`DEFAULT_EMAIL`). Redirects with a code bound to the challenge, or with an
    error; answers 400 itself when the client or redirect URI cannot be trusted."""
    query = {k: v[-1] for k, v in request.query.items()}
    book = sim.auth
    client_id = query.get("client_id", "")
    client = book.clients.get(client_id)
    if client is None:
        return oauth_error(400, "invalid_client", "unknown client_id")
    redirect_uri = query.get("redirect_uri", "")
    allowed = client[1]
    scheme = urlsplit(redirect_uri).scheme
    if scheme not in ("http", "https") or (allowed is not None and redirect_uri not in allowed):
        return oauth_error(400, "invalid_request", "redirect_uri is not registered")
    state = [("state", query["state"])] if query.get("state") else []

    def refuse(error: str, description: str) -> HttpResponse:
        pairs = [("error", error), ("error_description", description), *state]
        return _redirect(redirect_uri, pairs)

    email = query.get("login_hint") or DEFAULT_EMAIL
    if query.get("response_type") != "code":
        return refuse("unsupported_response_type", "only response_type=code is supported")
    if not query.get("code_challenge") or query.get("code_challenge_method") != "S256":
        return refuse("invalid_request", "PKCE with code_challenge_method=S256 is required")
    if not query.get("scope"):
        return refuse("invalid_scope", "at least one scope is required")
    if email not in book.passwords:
        return refuse("access_denied", "the user is unknown")
    code = "code_" + secrets.token_urlsafe(24)
    book.codes[code] = PendingCode(
        grant=Grant("oauth", client_id, email),
        redirect_uri=redirect_uri,
        challenge=query["code_challenge"],
        expires=sim.clock() + CODE_SECONDS,
    )
    return _redirect(redirect_uri, [("code", code), *state])


@route("POST", "/auth/token", public=True)
def token(sim: Simulator, request: SimRequest, params: dict[str, str]) -> HttpResponse:
    """POST ``/auth/token`` (form-encoded): ``authorization_code`` (the verifier must match the
    code's challenge) and ``refresh_token`` grants; answers bare tokens or an OAuth error."""
    form = request.form()
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        return _exchange(sim, form)
    if grant_type == "refresh_token":
        return _refresh(sim, form)
    return oauth_error(400, "unsupported_grant_type", f"grant_type {grant_type!r}")


def _exchange(sim: Simulator, form: dict[str, str]) -> HttpResponse:
    absent = [f for f in ("client_id", "redirect_uri", "code", "code_verifier") if not form.get(f)]
    if absent:
        return oauth_error(400, "invalid_request", f"missing {', '.join(absent)}")
    book = sim.auth
    # Single use: a code is spent by any attempt, so a stolen one cannot be tried repeatedly.
    pending = book.codes.pop(form["code"], None)
    if pending is None or sim.clock() >= pending.expires:
        return oauth_error(400, "invalid_grant", "authorization code is invalid or expired")
    if pending.grant.client_id != form["client_id"] or pending.redirect_uri != form["redirect_uri"]:
        return oauth_error(400, "invalid_grant", "code was issued to another client or redirect")
    if not _VERIFIER.fullmatch(form["code_verifier"]):
        # RFC 7636 4.1: 43 to 128 unreserved characters. Anything else is a client bug worth
        # a clear answer rather than a mere mismatch.
        return oauth_error(400, "invalid_request", "code_verifier is not 43-128 unreserved chars")
    if not _same(s256(form["code_verifier"]), pending.challenge):
        return oauth_error(400, "invalid_grant", "code_verifier does not match the code_challenge")
    return _bare(book.issue(pending.grant))


def _refresh(sim: Simulator, form: dict[str, str]) -> HttpResponse:
    if not form.get("client_id") or not form.get("refresh_token"):
        return oauth_error(400, "invalid_request", "client_id and refresh_token are required")
    book = sim.auth
    grant = book.refresh.get(form["refresh_token"])
    if grant is None or grant.auth_type != "oauth" or grant.client_id != form["client_id"]:
        return oauth_error(400, "invalid_grant", "refresh token is invalid")
    del book.refresh[form["refresh_token"]]
    return _bare(book.issue(grant))


def _bare(tokens: dict[str, Any]) -> HttpResponse:
    # Token answers come bare (RFC 6749 5.1) and must not be cached.
    return json_response(200, tokens, {"Cache-Control": "no-store"})


def follow_authorize(url: str, executor: Executor | None = None) -> Result[str, MosaiaError]:
    """Play the user's browser on the authorize page: GET ``url`` (through ``executor``; by
    default a fresh urllib3 one, for a served simulator; pass the simulator itself to stay
    in-process) without following redirects, and return the ``Location`` it redirects to: the
    callback URL carrying ``code`` and ``state``, or ``error``. An answer that is not a redirect
    is the ``ApiError`` it carries."""
    if executor is None:
        own = Urllib3Executor()
        try:
            sent = own.send(HttpRequest(method="GET", url=url))
        finally:
            own.close()  # its pool was made for this one request: do not leave a socket open
    else:
        sent = executor.send(HttpRequest(method="GET", url=url))
    if not isinstance(sent, Success):
        return Failure(sent.failure())
    response = sent.unwrap()
    location = response.header("location")
    if response.status in (301, 302, 303, 307) and location:
        return Success(location)
    return Failure(error_from_response(response))
