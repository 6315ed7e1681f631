"""Auth (``/auth/signin``, ``/auth/signout``, ``/session``, ``/self``): sign-in grants, sign-out
and who the current credentials belong to.

>>> from mosaia.api import auth
>>> auth.sign_in_with_password("a@b.c", "pw", "c1").request.body
b'{"grant_type":"password","email":"a@b.c","password":"pw","client_id":"c1"}'

The three sign-in grants carry their credentials in the body and are sent without the configured
API key (``Request.auth=False``): a credentials endpoint has no use for a bearer token, and an
expired one must not stand in the way of getting a new one. Sign-out, session and self are
ordinary authenticated calls. For the OAuth authorization-code flow see :mod:`mosaia.pkce`.
"""

from __future__ import annotations

from typing import Any

from mosaia._types.entities import AuthToken, Self
from mosaia.api._crud import build
from mosaia.request import Call

SIGN_IN_PATH = "/auth/signin"
SIGN_OUT_PATH = "/auth/signout"


def missing_field(fields: dict[str, Any]) -> str | None:
    """Why a grant cannot be sent: the first field that is not a non-empty string, or ``None``.

    Shared with :mod:`mosaia.pkce`: a token request with an empty field is a caller mistake the
    server would only answer with a less helpful error. The message shows what was given only
    as ``None``, ``''`` or a type name, never as a value: the value may be a password."""
    for name, value in fields.items():
        if not isinstance(value, str) or not value:
            given = repr(value) if value is None or value == "" else type(value).__name__
            return f"{name} is required (a non-empty string), got {given}"
    return None


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


def sign_out(token: str | None = None) -> Call[None]:
    """DELETE ``/auth/signout``: end the session of ``token``, or of the credentials the request
    is sent with when no token is given (then no query is sent at all)."""
    # An empty token would send `?token=`: a caller mistake, not a request to sign out.
    problem = "token must be a non-empty string when given" if token == "" else None
    path = (SIGN_OUT_PATH, problem)
    return build("DELETE", path, params={"token": token}).nothing()


def get_session() -> Call[Self]:
    """GET ``/session``: the current session's principal. The API answers it in the shape of
    ``/self`` (``user``, ``org``, ``org_user``, ``client``, ``permissions``; the Node SDK's
    ``Session`` model), so it decodes into :class:`~mosaia._types.Self`."""
    return build("GET", "/session").one(Self)


def get_self() -> Call[Self]:
    """GET ``/self``: who the current credentials belong to (user, org, membership, client,
    effective permissions)."""
    return build("GET", "/self").one(Self)
