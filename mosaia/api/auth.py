"""Auth (``/auth/signin``, ``/auth/signout``, ``/session``, ``/self``): sign-in grants, sign-out
and who the current credentials belong to.

>>> from mosaia.api import auth
>>> auth.sign_in_with_password("a@b.c", "pw", "c1").request.body
b'{"grant_type":"password","email":"a@b.c","password":"pw","client_id":"c1"}'

The three sign-in grants carry their credentials in the body and are sent without the configured
API key (``Request.auth=False``): a credentials endpoint has no use for a bearer token, and an
expired one must not stand in the way of getting a new one. Sign-out, session and self are
ordinary authenticated calls. :func:`refresh_session` is the call that renews a
:class:`~mosaia.session.Session` the way it was obtained. For the OAuth authorization-code flow
see :mod:`mosaia.pkce`.
"""

from __future__ import annotations

from typing import Any

from mosaia._types.entities import AuthToken, Self
from mosaia.api._crud import build
from mosaia.pkce import missing_field
from mosaia.pkce import refresh_call as oauth_refresh_call
from mosaia.request import Call
from mosaia.session import SIGN_OUT_PATH, Session

SIGN_IN_PATH = "/auth/signin"


def _grant(fields: dict[str, Any]) -> Call[AuthToken]:
    # The body is exactly these keys in this order (the reference's contract), so it is built
    # from the dict as given; a missing credential marks the call invalid instead of sending it.
    path = (SIGN_IN_PATH, missing_field(fields))
    return build("POST", path, body=fields, auth=False).one(AuthToken)


def sign_in_with_password(email: str, password: str, client_id: str) -> Call[AuthToken]:
    """POST ``/auth/signin`` with ``{grant_type: "password", email, password, client_id}``:
    a user's access (and refresh) token. The answer's ``exp`` is epoch milliseconds."""
    return _grant(
        {"grant_type": "password", "email": email, "password": password, "client_id": client_id}
    )


def sign_in_with_client(client_id: str, client_secret: str) -> Call[AuthToken]:
    """POST ``/auth/signin`` with ``{grant_type: "client", client_id, client_secret}``: a token
    for the client itself (machine-to-machine). Its ``access_token`` can serve as an API key."""
    return _grant({"grant_type": "client", "client_id": client_id, "client_secret": client_secret})


def refresh_token(refresh_token: str | None) -> Call[AuthToken]:
    """POST ``/auth/signin`` with ``{grant_type: "refresh", refresh_token}``: a new token pair
    for a password or client session. (OAuth sessions refresh at ``/auth/token``; see
    :func:`mosaia.pkce.refresh_call`.) ``None`` is accepted, since token answers may omit the
    refresh token, and makes the call an ``InvalidRequest``."""
    return _grant({"grant_type": "refresh", "refresh_token": refresh_token})


def refresh_session(session: Session) -> Call[AuthToken]:
    """The call that renews ``session``, matching how it was obtained: the OAuth refresh
    (``/auth/token``, form-encoded, with the session's ``client_id``) for OAuth sessions, the
    ``refresh`` grant at ``/auth/signin`` otherwise. A session without a refresh token (or an
    OAuth one without a client id) gives a call that fails with ``InvalidRequest``."""
    if session.auth_type != "oauth":
        return refresh_token(session.refresh_token)
    call = oauth_refresh_call(client_id=session.client_id, refresh_token=session.refresh_token)
    # Read as the AuthToken it is a subclass of, so both kinds of refresh have one type.
    return Call.bare(call.request, AuthToken, call.problem)


def sign_out(token: str | None = None) -> Call[None]:
    """DELETE ``/auth/signout`` with JSON ``{"token": ...}``: end the session of ``token``, or
    of the credentials the request is sent with when no token is given (then no body is sent
    at all). Sent without ``token``, it ends a bound client's session
    (:func:`mosaia.session.ends_session`): the client stops renewing it. (The July 2025
    reference sent ``?token=``; the platform now reads the body.)"""
    # An empty token would name no session: a caller mistake, not a request to sign out.
    problem = "token must be a non-empty string when given" if token == "" else None
    body = None if token is None else {"token": token}
    return build("DELETE", (SIGN_OUT_PATH, problem), body=body).nothing()


def get_session() -> Call[Self]:
    """GET ``/session``: the current session's principal. The API answers it in the shape of
    ``/self`` (``user``, ``org``, ``org_user``, ``client``, ``permissions``; the Node SDK's
    ``Session`` model), so it decodes into :class:`~mosaia._types.Self`."""
    return build("GET", "/session").one(Self)


def get_self() -> Call[Self]:
    """GET ``/self``: who the current credentials belong to (user, org, membership, client,
    effective permissions)."""
    return build("GET", "/self").one(Self)
