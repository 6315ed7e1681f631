"""Auth state in the simulator: who may sign in, the registered clients, and the tokens and
codes issued (the routes that use them are in :mod:`mosaia.testing._sim.auth_routes`).

Tokens are issued and enforced: an access token lives :attr:`AuthBook.token_seconds` on the
simulator's clock (``Simulator(clock=...)`` makes expiry testable), refresh tokens rotate on
use, codes are single-use, bound to their client, redirect URI and S256 challenge. Each
simulator has an :class:`AuthBook` at ``sim.auth`` that knows who may sign in; a fresh one knows
:data:`DEFAULT_EMAIL` / :data:`DEFAULT_PASSWORD` and the client :data:`DEFAULT_CLIENT_ID` /
:data:`DEFAULT_CLIENT_SECRET` (any redirect URI). The simulator's API key acts as that user.

On the served simulator the authorize page answers at ``/oauth`` outside the ``/v1`` prefix,
where the frontend URL puts it, with a 302 to the redirect URI carrying ``code`` and ``state``
(or ``error``): :func:`follow_authorize` plays the browser that follows it.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable
from typing import Any, Literal, Protocol

import msgspec
from returns.result import Failure, Result, Success

from mosaia.decode import error_from_response
from mosaia.errors import MosaiaError
from mosaia.executors._base import Executor
from mosaia.executors._pool import Urllib3Executor
from mosaia.http import HttpRequest

DEFAULT_EMAIL = "user@example.com"
DEFAULT_PASSWORD = "password"  # noqa: S105 - the simulator's documented demo login
DEFAULT_CLIENT_ID = "sim-client"
DEFAULT_CLIENT_SECRET = "sim-client-secret"  # noqa: S105 - the simulator's demo client
#: How long an issued access token is accepted, in seconds of the simulator's clock.
TOKEN_SECONDS = 3600.0
#: How long an authorization code may wait to be exchanged.
CODE_SECONDS = 600.0

GrantType = Literal["password", "client", "oauth"]


class AuthHost(Protocol):
    """What an :class:`AuthBook` needs of its simulator: the lock every change takes, the clock
    tokens expire on, the key that acts as the default user, and the accepted bearer tokens."""

    api_key: str
    lock: threading.RLock
    clock: Callable[[], float]
    tokens: dict[str, float | None]


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

    def __init__(self, sim: AuthHost) -> None:
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
        *,
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


def follow_authorize(url: str, *, executor: Executor | None = None) -> Result[str, MosaiaError]:
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
