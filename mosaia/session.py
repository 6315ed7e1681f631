"""Sessions as values, and the pure decisions of their lifecycle.

A sign-in answer (password, client credentials, or an OAuth code exchange) becomes a
:class:`Session`: the tokens, when the access token expires (epoch milliseconds) and how the
session was obtained, which decides how it is renewed. The questions the refresh decorator
(:mod:`mosaia.refresh`) asks are answered here without clocks or I/O: "is it expired at
``now_ms``?" (:func:`is_expired`), "which call renews it?" (:func:`refresh_call`), "what is the
session after that answer?" (:func:`refreshed`).

To get a client that renews its session, see :meth:`mosaia.Mosaia.with_session` and
``client.auth.login_with_password(...)``.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import MASK
from mosaia._types.base import type_name
from mosaia._types.entities import AuthToken
from mosaia.api import auth
from mosaia.errors import DecodeError
from mosaia.pkce import refresh_call as oauth_refresh_call
from mosaia.request import Call

#: How a session was obtained: ``password`` and ``client`` sign-ins renew with the ``refresh``
#: grant at ``/auth/signin``; ``oauth`` sessions with the OAuth refresh at ``/auth/token``.
AuthType = Literal["password", "client", "oauth"]

# Below this an `exp` cannot be epoch milliseconds (it would be April 1970): it is seconds, as
# JWT-minded servers send it. Reading it as ms would make every session look long expired.
_SECONDS_CEILING = 10_000_000_000


class Session(msgspec.Struct, frozen=True, kw_only=True):
    """An authenticated session: ``access_token`` (sent as the bearer), ``refresh_token`` (to
    renew it, when the server issued one), ``exp`` and ``iat`` in epoch milliseconds (``None``
    when unknown), the subject ``sub``, how it was obtained (``auth_type``) and, for OAuth, the
    ``client_id`` its refresh needs.

    A frozen value: renewing gives a new ``Session``. It encodes with msgspec so an application
    can persist it (the encoding holds the tokens); its repr, str and rich repr never show them."""

    access_token: str
    auth_type: AuthType
    refresh_token: str | None = None
    exp: int | None = None
    iat: int | None = None
    sub: str | None = None
    client_id: str | None = None

    def __repr__(self) -> str:
        shown = (f"{k}={v if v is MASK else repr(v)}" for k, v in self.__rich_repr__())
        return f"Session({', '.join(shown)})"

    __str__ = __repr__

    def __rich_repr__(self) -> list[tuple[str, Any]]:
        # msgspec gives every Struct a rich repr of its raw fields, which would print the tokens.
        return [
            ("auth_type", self.auth_type),
            ("access_token", MASK),
            ("refresh_token", MASK if self.refresh_token else None),
            ("exp", self.exp),
            ("iat", self.iat),
            ("sub", self.sub),
            ("client_id", self.client_id),
        ]


def epoch_ms(value: str | int | None) -> int | None:
    """An ``exp``/``iat`` as epoch milliseconds: the API sends numeric strings of milliseconds;
    an integer or seconds-sized value is accepted too. ``None`` when absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number * 1000 if 0 < number < _SECONDS_CEILING else number


def session_from_token(
    token: AuthToken,
    auth_type: AuthType,
    *,
    now_ms: int | None = None,
    client_id: str | None = None,
) -> Result[Session, DecodeError]:
    """The :class:`Session` a sign-in answer starts. ``exp`` comes from the answer's ``exp``,
    else from ``expires_in`` counted from ``now_ms`` (when given), else it is unknown and only a
    401 will trigger a refresh. An answer without an ``access_token`` is a ``DecodeError``."""
    if not token.access_token:
        return Failure(
            DecodeError(message="token answer has no access_token", path="$.access_token")
        )
    exp = epoch_ms(token.exp)
    if exp is None and token.expires_in is not None and now_ms is not None:
        exp = now_ms + token.expires_in * 1000
    return Success(
        Session(
            access_token=token.access_token,
            auth_type=auth_type,
            refresh_token=token.refresh_token,
            exp=exp,
            iat=epoch_ms(token.iat),
            sub=token.sub,
            client_id=client_id,
        )
    )


def is_expired(session: Session, now_ms: int, leeway_ms: int = 0) -> bool:
    """Whether ``session``'s access token has expired at ``now_ms`` (or will within
    ``leeway_ms``). A session with unknown expiry is never considered expired."""
    return session.exp is not None and now_ms >= session.exp - leeway_ms


def refresh_call(session: Session) -> Call[AuthToken]:
    """The call that renews ``session``, matching how it was obtained: the OAuth refresh
    (``/auth/token``, form-encoded, with the session's ``client_id``) for OAuth sessions, the
    ``refresh`` grant at ``/auth/signin`` otherwise. A session without a refresh token (or an
    OAuth one without a client id) gives a call that fails with ``InvalidRequest``."""
    if session.auth_type != "oauth":
        return auth.refresh_token(session.refresh_token)
    call = oauth_refresh_call(client_id=session.client_id, refresh_token=session.refresh_token)
    # Read as the AuthToken it is a subclass of, so both kinds of refresh have one type.
    return Call(
        request=call.request, shape=call.shape, type=type_name(AuthToken), problem=call.problem
    )


def refreshed(session: Session, token: AuthToken, now_ms: int) -> Result[Session, DecodeError]:
    """``session`` after a refresh answered ``token``: new tokens and expiry, the same auth type
    and client. A server that does not rotate refresh tokens omits one; the old one is kept."""
    return session_from_token(
        token, session.auth_type, now_ms=now_ms, client_id=session.client_id
    ).map(
        lambda new: (
            new
            if new.refresh_token
            else msgspec.structs.replace(new, refresh_token=session.refresh_token)
        )
    )
