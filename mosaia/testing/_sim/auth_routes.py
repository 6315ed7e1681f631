"""Auth routes of the simulator: sign-in grants, sign-out, ``/session`` and ``/self`` (the API's
usual error shape), and the OAuth authorization-code flow with PKCE: the authorize page at
``/oauth`` on the frontend, the token endpoint at ``/auth/token`` (OAuth's error shape).

The state they read and change is the simulator's :class:`~mosaia.testing._sim.auth.AuthBook`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit

from mosaia.http import HttpResponse
from mosaia.testing._answers import data_answer, error_answer, json_answer
from mosaia.testing._sim.auth import CODE_SECONDS, DEFAULT_EMAIL, Grant, PendingCode, subject
from mosaia.testing._sim.routing import Params, Route, SimRequest, body_object
from mosaia.testing._sim.world import World
from mosaia.types import OAuthErrorResponse

# RFC 7636 section 4.1, written out here for the same reason as s256 below.
_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")


def s256(verifier: str) -> str:
    """The S256 challenge of ``verifier``. Written out here rather than borrowed from
    :mod:`mosaia.pkce`, so the loopback tests check the SDK against an independent reckoning."""
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and hmac.compare_digest(a.encode(), b.encode())


# --- sign-in, sign-out, session, self (JSON, the API's usual error shape) ----------------------


def sign_in(sim: World, request: SimRequest, params: Params) -> HttpResponse:
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
        return error_answer(
            400, code="UNSUPPORTED_GRANT_TYPE", message=f"grant_type {grant_type!r}"
        )
    absent = [f for f in needed if not isinstance(body.get(f), str) or not body[f]]
    if absent:
        return error_answer(400, code="VALIDATION_ERROR", message=f"missing {', '.join(absent)}")
    if grant_type == "refresh":
        grant = book.refresh.get(body["refresh_token"])
        if grant is None or grant.auth_type == "oauth":
            return error_answer(
                401, code="INVALID_REFRESH_TOKEN", message="refresh token not recognized"
            )
        del book.refresh[body["refresh_token"]]
        return data_answer(book.issue(grant))
    client = book.clients.get(body["client_id"])
    if client is None:
        return error_answer(401, code="INVALID_CLIENT", message="unknown client")
    if grant_type == "client":
        if not _same(client[0], body["client_secret"]):
            return error_answer(401, code="INVALID_CREDENTIALS", message="wrong client credentials")
        return data_answer(book.issue(Grant("client", body["client_id"])))
    if not _same(book.passwords.get(body["email"]), body["password"]):
        return error_answer(401, code="INVALID_CREDENTIALS", message="wrong email or password")
    grant = Grant("password", body["client_id"], body["email"])
    return data_answer(book.issue(grant))


def sign_out(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """DELETE ``/auth/signout``: revoke the JSON body's ``{token}`` (today's form), else
    ``?token=`` (July's), else the token the request carries."""
    body = body_object(request)
    if isinstance(body, HttpResponse):
        return body
    given = request.query.get("token")
    named = body.get("token")
    if named is not None and not isinstance(named, str):
        return error_answer(400, code="VALIDATION_ERROR", message="token must be a string")
    token = named or (given[-1] if given else request.token)
    if token:
        sim.auth.revoke(token)
    return HttpResponse(status=204)


def principal(sim: World, token: str | None) -> dict[str, Any]:
    """The ``/self`` document for whoever ``token`` acts for."""
    grant = sim.auth.grant_of(token)
    if grant is None:
        return {}
    doc: dict[str, Any] = {"client": _client_doc(sim, grant.client_id)}
    if grant.email is not None:
        doc["user"] = _user_doc(sim, grant)
    doc["permissions"] = {"allow": ["*"], "deny": []}
    return doc


def _user_doc(sim: World, grant: Grant) -> dict[str, Any]:
    users = sim.collections.get("/user")
    for doc in users.docs.values() if users is not None else ():
        if doc.get("email") == grant.email:
            return dict(doc)
    return {"id": subject(grant), "email": grant.email}


def _client_doc(sim: World, client_id: str) -> dict[str, Any]:
    clients = sim.collections.get("/client")
    for doc in clients.docs.values() if clients is not None else ():
        if doc.get("client_id") == client_id:
            return {k: v for k, v in doc.items() if k != "client_secret"}
    return {"client_id": client_id, "name": client_id}


def get_self(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """GET ``/self``: user, client and permissions of the presented credentials."""
    return data_answer(principal(sim, request.token))


def get_session(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """GET ``/session``: the principal, plus how and until when the session holds."""
    doc = principal(sim, request.token)
    grant = sim.auth.grant_of(request.token)
    if grant is not None:
        doc["auth_type"] = grant.auth_type
        doc["sub"] = subject(grant)
    expires = sim.tokens.get(request.token or "")
    if expires is not None:
        doc["exp"] = str(int(expires * 1000))
    return data_answer(doc)


# --- OAuth: authorize on the frontend, token endpoint on the API ------------------------------


def oauth_error(status: int, error: str, description: str) -> HttpResponse:
    """An OAuth error answer: ``{"error": code, "error_description": ...}`` (RFC 6749 5.2)."""
    return json_answer(status, OAuthErrorResponse(error=error, error_description=description))


def _redirect(redirect_uri: str, params: list[tuple[str, str]]) -> HttpResponse:
    joiner = "&" if urlsplit(redirect_uri).query else "?"
    location = redirect_uri + joiner + urlencode(params)
    return HttpResponse(status=302, headers=(("Location", location), ("Cache-Control", "no-store")))


def authorize(sim: World, request: SimRequest, params: Params) -> HttpResponse:
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


def token(sim: World, request: SimRequest, params: Params) -> HttpResponse:
    """POST ``/auth/token`` (form-encoded): ``authorization_code`` (the verifier must match the
    code's challenge) and ``refresh_token`` grants; answers bare tokens or an OAuth error."""
    form = request.form()
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        return _exchange(sim, form)
    if grant_type == "refresh_token":
        return _refresh(sim, form)
    return oauth_error(400, "unsupported_grant_type", f"grant_type {grant_type!r}")


def _exchange(sim: World, form: dict[str, str]) -> HttpResponse:
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


def _refresh(sim: World, form: dict[str, str]) -> HttpResponse:
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
    return json_answer(200, tokens, headers={"Cache-Control": "no-store"})


#: The auth routes, for the simulator's route table.
ROUTES = (
    Route("POST", "/auth/signin", sign_in, public=True),
    Route("DELETE", "/auth/signout", sign_out),
    Route("GET", "/self", get_self),
    Route("GET", "/session", get_session),
    Route("GET", "/oauth", authorize, public=True),
    Route("POST", "/auth/token", token, public=True),
)
