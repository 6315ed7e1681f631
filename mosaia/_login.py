"""Signing in, the one way: a sign-in call and how it signs in give a session, and a client bound
to it. ``client.auth.login_with_password`` / ``login_with_client`` / ``generate_api_key`` and
``client.oauth(...).login_with_code`` are each one line over these two functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from returns.result import Result

from mosaia._runner import Deriving, Runner
from mosaia._types.entities import AuthToken
from mosaia.errors import MosaiaError
from mosaia.refresh import now_ms
from mosaia.request import Call
from mosaia.session import AuthType, Clock, Session, session_from_token

Token = TypeVar("Token", bound=AuthToken)
C = TypeVar("C", bound=Deriving)


def sign_in(
    client: Runner,
    call: Call[Token],
    auth_type: AuthType,
    *,
    client_id: str | None,
    clock: Clock | None = None,
) -> Result[Session, MosaiaError]:
    """Run the sign-in ``call`` on ``client``: the session its answer starts (expiry counted by
    ``clock``, epoch seconds), or why there is none. An answer whose tokens are not fit to send
    is a ``DecodeError`` (see :func:`mosaia.session.session_from_token`)."""
    return client.run(call).bind(
        lambda token: session_from_token(
            token, auth_type, now_ms=now_ms(clock), client_id=client_id
        )
    )


def login(
    client: C,
    call: Call[Token],
    auth_type: AuthType,
    *,
    client_id: str | None,
    clock: Clock | None = None,
    on_refresh: Callable[[Session], None] | None = None,
) -> Result[C, MosaiaError]:
    """Sign in with ``call`` and return a new client bound to the session
    (:meth:`~mosaia.Mosaia.with_session`, renewing it on expiry by ``clock`` or on a 401, and
    telling ``on_refresh`` each renewed session); ``client`` itself is unchanged."""
    return sign_in(client, call, auth_type, client_id=client_id, clock=clock).map(
        lambda session: client.with_session(session, clock=clock, on_refresh=on_refresh)
    )
