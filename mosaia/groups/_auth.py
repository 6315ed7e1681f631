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
from typing import Generic, TypeVar

from returns.result import Result

from mosaia._login import login, sign_in
from mosaia._runner import Deriving
from mosaia.api import auth
from mosaia.errors import MosaiaError
from mosaia.groups._base import Group, op
from mosaia.session import Clock, Session

C = TypeVar("C", bound=Deriving)


class Auth(Group, Generic[C]):
    """Authentication: the reference's sign-in grants, sign-out, session and self, plus helpers
    that turn a sign-in into a client bound to its session."""

    def __init__(self, client: C) -> None:
        super().__init__(client)
        self._deriving = client  # its helpers derive new clients of the caller's own type

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
    ) -> Result[C, MosaiaError]:
        """Sign in with a password and return a new client bound to the session: its requests
        carry the session's token, which is renewed with the ``refresh`` grant when it expires
        (by ``clock``, epoch seconds, default the system clock) or a request is answered 401;
        ``on_refresh`` is told each renewed session (to persist it)."""
        call = auth.sign_in_with_password(email, password, client_id)
        return login(
            self._deriving,
            call,
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
    ) -> Result[C, MosaiaError]:
        """Sign in with client credentials and return a new client bound to the session (see
        :meth:`login_with_password`)."""
        call = auth.sign_in_with_client(client_id, client_secret)
        return login(
            self._deriving, call, "client", client_id=client_id, clock=clock, on_refresh=on_refresh
        )

    def generate_api_key(self, client_id: str, client_secret: str) -> Result[C, MosaiaError]:
        """Sign in with client credentials and return a new client whose config carries the
        issued access token as its ``api_key`` (and ``client_id``): a fixed key, nothing renews
        it. The seed mutated its client; this one stays as it was."""
        call = auth.sign_in_with_client(client_id, client_secret)
        return sign_in(self._deriving, call, "client", client_id=client_id).map(
            lambda session: self._deriving.with_config(
                api_key=session.access_token, client_id=client_id
            )
        )
