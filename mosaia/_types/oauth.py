"""The seed SDK's OAuth names: the settings of an authorization-code flow, the token answer and
the OAuth error shape (RFC 6749 section 5.2), as frozen msgspec Structs."""

from __future__ import annotations

import msgspec

from mosaia._types.entities import AuthToken

#: Where the OAuth authorize page lives unless configured otherwise.
DEFAULT_FRONTEND_URL = "https://mosaia.ai"


class OAuthConfig(msgspec.Struct, frozen=True, kw_only=True):
    """What an authorization-code flow with PKCE needs: the registered ``client_id``, the
    ``redirect_uri`` the authorize page sends the user back to, at least one scope, an optional
    CSRF ``state`` (one is drawn when absent), and the ``frontend_url`` serving ``/oauth``.

    Holds no secret: a public PKCE client has none, which is the point of PKCE."""

    client_id: str | None = None
    redirect_uri: str | None = None
    scopes: tuple[str, ...] = ()
    state: str | None = None
    frontend_url: str = DEFAULT_FRONTEND_URL


class OAuthTokenResponse(AuthToken, frozen=True, kw_only=True, omit_defaults=True):
    """The answer of ``POST /auth/token`` (code exchange or refresh). It comes bare, not inside
    ``data``; its fields are those of :class:`~mosaia._types.AuthToken` and so is its repr, which
    hides both tokens."""


class OAuthErrorResponse(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An OAuth error: ``error`` is the RFC 6749 code (``access_denied``, ``invalid_grant``, ...),
    ``error_description`` and ``error_uri`` say more when the server sends them.

    It is what :func:`mosaia.pkce.verify_callback` fails with when the authorize page redirects
    back with an error; ``code`` and ``message`` give it the seed's ``e.code`` / ``e.message``."""

    error: str
    error_description: str | None = None
    error_uri: str | None = None

    @property
    def code(self) -> str:
        """The OAuth error code (``error``)."""
        return self.error

    @property
    def message(self) -> str:
        """A readable message: the description when sent, else the code."""
        return self.error_description or self.error
