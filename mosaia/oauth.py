"""The seed's OAuth object: ``client.oauth(redirect_uri=..., scopes=[...])``.

The authorization-code flow with PKCE in four steps::

    oauth = client.oauth(redirect_uri="https://app.example/callback", scopes=["read"])
    start = oauth.get_authorization_url_and_code_verifier().unwrap()
    # send the user to start["url"]; keep start["code_verifier"] and start["state"]
    code = oauth.verify_callback(callback_url, start["state"]).unwrap()
    token = oauth.exchange_code_for_token(code=code, code_verifier=start["code_verifier"])

``oauth.login_with_code(...)`` does the last step and returns a client bound to the session,
which renews itself with the OAuth refresh. The pure parts live in :mod:`mosaia.pkce`; this is
the thin object binding them to a client's config and executor. ``oauth.aio`` has the token
methods as coroutines, for code that awaits them as the seed did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar

from returns.result import Failure, Result

from mosaia import pkce
from mosaia._login import login
from mosaia._runner import Deriving
from mosaia._types.oauth import OAuthConfig, OAuthTokenResponse
from mosaia.errors import InvalidRequest, MosaiaError
from mosaia.request import Call
from mosaia.session import Clock, Session

C = TypeVar("C", bound=Deriving)

__all__ = ["AsyncOAuth", "AuthorizationData", "OAuth", "OAuthConfig", "verify_callback"]

#: Re-exported: the pure check of the redirect (see :func:`mosaia.pkce.verify_callback`).
verify_callback = pkce.verify_callback


class AuthorizationData(Mapping[str, str]):
    """What starting the flow gives: the authorize ``url`` to send the user to, and the
    ``code_verifier`` and ``state`` to keep (server-side) until the redirect comes back.

    Read it as the seed's dict (``data["url"]``, ``dict(data)``) or by attribute
    (``data.code_verifier``); its repr never shows the verifier."""

    __slots__ = ("code_verifier", "state", "url")
    _KEYS = ("url", "code_verifier", "state")

    def __init__(self, url: str, code_verifier: str, state: str) -> None:
        self.url = url
        self.code_verifier = code_verifier
        self.state = state

    def __getitem__(self, key: str) -> str:
        if key not in self._KEYS:
            raise KeyError(key)
        value: str = getattr(self, key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)

    def __repr__(self) -> str:
        return f"AuthorizationData(url={self.url!r}, code_verifier=***, state={self.state!r})"


class OAuth(Generic[C]):
    """An authorization-code flow with PKCE for one client id, redirect URI and set of scopes.

    Build it with :meth:`mosaia.Mosaia.oauth`. Its token calls run through the client's executor
    and never carry the client's API key. Missing settings are ``Failure(InvalidRequest)`` from
    the method that needs them, not an exception and not a half-built URL."""

    def __init__(self, client: C, config: OAuthConfig) -> None:
        self._client = client
        self._config = config

    @classmethod
    def for_client(
        cls,
        client: C,
        *,
        redirect_uri: str | None,
        scopes: Sequence[str] | str | None,
        state: str | None = None,
        client_id: str | None = None,
    ) -> OAuth[C]:
        """The flow for ``client``: ``client_id`` defaults to the config's, the authorize page
        is on the config's ``frontend_url``; ``scopes`` is a list, or one scope as a string."""
        config = OAuthConfig(
            client_id=client_id or client.config.client_id,
            redirect_uri=redirect_uri,
            scopes=pkce.scope_tuple(scopes),
            state=state,
            frontend_url=client.config.frontend_url,
        )
        return cls(client, config)

    def __repr__(self) -> str:
        return f"OAuth({self._config!r})"

    @property
    def config(self) -> OAuthConfig:
        """The flow's settings."""
        return self._config

    @property
    def aio(self) -> AsyncOAuth:
        """The token methods as coroutines (``await oauth.aio.exchange_code_for_token(...)``)."""
        return AsyncOAuth(self)

    def get_authorization_url_and_code_verifier(
        self, *, random_bytes: bytes | None = None, state_bytes: bytes | None = None
    ) -> Result[AuthorizationData, InvalidRequest]:
        """Start the flow: a fresh code verifier, and the authorize URL carrying its challenge and
        a ``state`` (the configured one, else a fresh one). Keep ``code_verifier`` and ``state``
        for :meth:`verify_callback` and :meth:`exchange_code_for_token`. ``random_bytes`` and
        ``state_bytes`` make both deterministic (tests); by default they come from ``secrets``."""
        problem = None if random_bytes is None else pkce.verifier_problem(random_bytes)
        if problem is not None:
            return Failure(InvalidRequest(message=problem))
        verifier = pkce.new_code_verifier(random_bytes)
        state = self._config.state or pkce.new_state(state_bytes)
        url = pkce.authorization_url(
            frontend_url=self._config.frontend_url,
            client_id=self._config.client_id,
            redirect_uri=self._config.redirect_uri,
            challenge=pkce.code_challenge(verifier),
            scopes=self._config.scopes,
            state=state,
        )
        return url.map(
            lambda u: AuthorizationData(url=u, code_verifier=verifier, state=state),
        )

    def verify_callback(self, callback_url: str, expected_state: str) -> Result[str, MosaiaError]:
        """The code from the redirect, once its state matches (see :func:`verify_callback`);
        a ``MosaiaError`` like every other step, so the flow chains with ``bind``."""
        return pkce.verify_callback(callback_url, expected_state)

    def exchange_code_for_token(
        self, code: str, code_verifier: str
    ) -> Result[OAuthTokenResponse, MosaiaError]:
        """Trade the authorization ``code`` and the flow's ``code_verifier`` for tokens
        (POST ``/auth/token``). A wrong verifier fails with ``ApiError`` code ``invalid_grant``."""
        return self._client.run(self._exchange_call(code, code_verifier))

    def _exchange_call(self, code: str, code_verifier: str) -> Call[OAuthTokenResponse]:
        return pkce.exchange_call(
            client_id=self._config.client_id,
            redirect_uri=self._config.redirect_uri,
            code=code,
            code_verifier=code_verifier,
        )

    def refresh_token(self, refresh_token: str | None) -> Result[OAuthTokenResponse, MosaiaError]:
        """Renew tokens with an OAuth ``refresh_token`` (POST ``/auth/token``)."""
        return self._client.run(
            pkce.refresh_call(client_id=self._config.client_id, refresh_token=refresh_token)
        )

    def login_with_code(
        self,
        code: str,
        code_verifier: str,
        *,
        clock: Clock | None = None,
        on_refresh: Callable[[Session], None] | None = None,
    ) -> Result[C, MosaiaError]:
        """Exchange the code and return a new client bound to the OAuth session, renewing it
        with the OAuth refresh when it expires (by ``clock``, epoch seconds) or meets a 401;
        ``on_refresh`` is told each renewed session (to persist it)."""
        return login(
            self._client,
            self._exchange_call(code, code_verifier),
            "oauth",
            client_id=self._config.client_id,
            clock=clock,
            on_refresh=on_refresh,
        )


class AsyncOAuth:
    """:class:`OAuth`'s token methods as coroutines returning the same ``Result`` values. The
    request runs in a worker thread (the executors are synchronous), so an event loop is never
    blocked by it."""

    def __init__(self, oauth: OAuth[Any]) -> None:
        self._oauth = oauth

    def __repr__(self) -> str:
        return f"AsyncOAuth({self._oauth.config!r})"

    async def exchange_code_for_token(
        self, code: str, code_verifier: str
    ) -> Result[OAuthTokenResponse, MosaiaError]:
        """See :meth:`OAuth.exchange_code_for_token`."""
        import asyncio  # only the async face needs it; `import mosaia` stays lighter

        return await asyncio.to_thread(self._oauth.exchange_code_for_token, code, code_verifier)

    async def refresh_token(
        self, refresh_token: str | None
    ) -> Result[OAuthTokenResponse, MosaiaError]:
        """See :meth:`OAuth.refresh_token`."""
        import asyncio

        return await asyncio.to_thread(self._oauth.refresh_token, refresh_token)
