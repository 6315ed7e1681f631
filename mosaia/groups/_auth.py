"""``client.auth``: sign in, refresh, sign out, and who the credentials belong to.

Each seed method returns ``Result[..., MosaiaError]``. Clients are immutable, so signing in does
not change the client it was called on; two ways lead to a client that uses the new credentials:

- ``client.auth.login_with_password(...)`` / ``login_with_client(...)``: sign in and get a new
  client bound to the resulting :class:`~mosaia.session.Session`, renewing it on expiry or 401;
- ``client.generate_api_key(client_id, client_secret)``: a new client whose ``api_key`` is the
  issued access token (a fixed key; nothing renews it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from returns.result import Result

from mosaia._types.entities import AuthToken
from mosaia.api import auth
from mosaia.errors import MosaiaError
from mosaia.groups._base import Group, op
from mosaia.refresh import Clock, now_ms
from mosaia.session import AuthType, Session, session_from_token

if TYPE_CHECKING:
    from mosaia.client import Mosaia


class Auth(Group):
    """Authentication: the reference's sign-in grants, sign-out, session and self, plus helpers
    that turn a sign-in into a client bound to its session."""

    _client: Mosaia  # its helpers derive new clients from the one it holds

    sign_in_with_password = op(auth.sign_in_with_password)
    sign_in_with_client = op(auth.sign_in_with_client)
    refresh_token = op(auth.refresh_token)
    sign_out = op(auth.sign_out)
    get_session = op(auth.get_session)
    get_self = op(auth.get_self)

    def login_with_password(
        self,
        email: str,
        password: str,
        client_id: str,
        *,
        clock: Clock | None = None,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> Result[Mosaia, MosaiaError]:
        """Sign in with a password and return a new client bound to the session: its requests
        carry the session's token, which is renewed with the ``refresh`` grant when it expires
        (by ``clock``, epoch seconds, default the system clock) or a request is answered 401;
        ``on_refresh`` is told each renewed session (to persist it)."""
        signed_in = self._client.run(auth.sign_in_with_password(email, password, client_id))
        return bind_session(
            self._client,
            signed_in,
            "password",
            client_id=client_id,
            clock=clock,
            on_refresh=on_refresh,
        )

    def login_with_client(
        self,
        client_id: str,
        client_secret: str,
        *,
        clock: Clock | None = None,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> Result[Mosaia, MosaiaError]:
        """Sign in with client credentials and return a new client bound to the session (see
        :meth:`login_with_password`)."""
        signed_in = self._client.run(auth.sign_in_with_client(client_id, client_secret))
        return bind_session(
            self._client,
            signed_in,
            "client",
            client_id=client_id,
            clock=clock,
            on_refresh=on_refresh,
        )

    def generate_api_key(self, client_id: str, client_secret: str) -> Result[Mosaia, MosaiaError]:
        """Sign in with client credentials and return a new client whose config carries the
        issued access token as its ``api_key`` (and ``client_id``). The seed mutated its client;
        this one stays as it was."""
        return self._client.run(auth.sign_in_with_client(client_id, client_secret)).bind(
            lambda token: session_from_token(token, "client").map(
                lambda session: self._client.with_config(
                    api_key=session.access_token, client_id=client_id
                )
            )
        )


def bind_session(
    client: Mosaia,
    signed_in: Result[AuthToken, MosaiaError],
    auth_type: AuthType,
    *,
    client_id: str | None,
    clock: Clock | None = None,
    on_refresh: Callable[[Session], None] | None = None,
) -> Result[Mosaia, MosaiaError]:
    """``client`` bound (:meth:`~mosaia.Mosaia.with_session`) to the session a sign-in
    answered, or the sign-in's failure. Shared by every ``login_with_*``."""
    return signed_in.bind(
        lambda token: session_from_token(
            token, auth_type, now_ms=now_ms(clock), client_id=client_id
        ).map(lambda session: client.with_session(session, clock=clock, on_refresh=on_refresh))
    )
