"""Sessions as values, and the pure decisions of their lifecycle.

A sign-in answer (password, client credentials, or an OAuth code exchange) becomes a
:class:`Session`: the tokens, when the access token expires (epoch milliseconds) and how the
session was obtained, which decides how it is renewed. The questions the refresh decorator
(:mod:`mosaia.refresh`) asks are answered here without clocks or I/O: "is this answer's token
fit to send?" (:func:`session_from_token`), "is it expired at ``now_ms``?" (:func:`is_expired`),
"does this request end the session?" (:func:`ends_session`), "what is the session after a
renewal answered?" (:func:`refreshed`). Which call renews a session is an API call, so it lives
with the others: :func:`mosaia.api.auth.refresh_session`.

The clock convention of the SDK is set here too (:data:`Clock`): a parameter named ``clock`` is
always wall time in epoch seconds, like :func:`time.time`; one measuring durations is named
``monotonic``.

To get a client that renews its session, see :meth:`mosaia.Mosaia.with_session` and
``client.auth.login_with_password(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import msgspec
from returns.result import Failure, Result, Success

from mosaia._redact import MASK
from mosaia._types.entities import AuthToken
from mosaia.errors import DecodeError
from mosaia.http import HttpRequest, Streamed

__all__ = [
    "SIGN_OUT_PATH",
    "AuthType",
    "Clock",
    "Session",
    "ends_session",
    "epoch_ms",
    "is_expired",
    "refreshed",
    "session_from_token",
    "token_problem",
]

#: Wall-clock time in epoch seconds, like :func:`time.time` (the default wherever one is taken)
#: or a simulator's clock. Every ``clock=`` parameter of the SDK means this; a parameter that
#: measures durations is called ``monotonic`` instead (``time.monotonic``-like, no epoch).
Clock = Callable[[], float]

#: The API path whose ``DELETE`` ends the session it is sent with (:func:`ends_session`).
SIGN_OUT_PATH = "/auth/signout"

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
    401 will trigger a refresh. An answer without an ``access_token``, or with a token that is
    not fit to send (see :func:`token_problem`), is a ``DecodeError``."""
    if not token.access_token:
        return Failure(
            DecodeError(message="token answer has no access_token", path="$.access_token")
        )
    for field, value in (
        ("access_token", token.access_token),
        ("refresh_token", token.refresh_token),
    ):
        problem = token_problem(field, value)
        if problem is not None:
            return Failure(problem)
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


def ends_session(request: HttpRequest) -> bool:
    """Whether ``request`` (prepared) ends the session it is sent with: ``DELETE`` of
    :data:`SIGN_OUT_PATH` without a ``token`` (in the JSON body, or the July 2025 query) naming
    some other session. The builder (:func:`mosaia.api.auth.sign_out`) takes its path from
    here, so the two cannot drift."""
    if request.method != "DELETE":
        return False
    parts = urlsplit(request.url)
    if not parts.path.endswith(SIGN_OUT_PATH):
        return False
    if any(key == "token" for key, _ in parse_qsl(parts.query)):
        return False
    body = request.body.inline if isinstance(request.body, Streamed) else request.body
    return not body or b'"token"' not in body


def token_problem(field: str, value: str | None) -> DecodeError | None:
    """Why a token the server answered cannot be used, or ``None``: a token travels in an
    ``Authorization`` header and turns up in error messages, so anything but visible ASCII
    (``!`` to ``~``; no spaces, CR, LF or other control characters) would corrupt the header
    or forge a log line. The error names ``field`` and masks the value."""
    if value is None or all("!" <= ch <= "~" for ch in value):
        return None
    return DecodeError(
        message=(
            f"token answer's {field} is not visible ASCII (control characters or spaces): "
            f"{MASK} ({len(value)} characters), not used"
        ),
        path=f"$.{field}",
        expected="a token of visible ASCII characters",
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
