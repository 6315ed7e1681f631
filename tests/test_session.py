"""mosaia.session: sessions made from token answers, and the pure decisions of their lifecycle
(expired at a given time? does this request end it? what is it after a renewal?), with the call
that renews it (mosaia.api.auth.refresh_session). No clocks, no I/O."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.api.auth import refresh_session, sign_out
from mosaia.config import prepare
from mosaia.errors import DecodeError
from mosaia.http import HttpRequest
from mosaia.refresh import RefreshingExecutor, renewer
from mosaia.session import (
    AuthType,
    Session,
    ends_session,
    epoch_ms,
    is_expired,
    refreshed,
    session_from_token,
)
from mosaia.testing import FakeExecutor
from mosaia.types import AuthToken, OAuthTokenResponse

CONFIG = MosaiaConfig(api_key="unused", base_url="https://api.example")
NOW_MS = 1_700_000_000_000
NEW = AuthToken(access_token="at-new", refresh_token="rt-new", exp=str(NOW_MS + 3_600_000))


def session(auth_type: AuthType = "password", **changes: Any) -> Session:
    values: dict[str, Any] = {
        "access_token": "at-old",
        "auth_type": auth_type,
        "refresh_token": "rt-old",
        "exp": NOW_MS + 60_000,
        "client_id": "c1" if auth_type == "oauth" else None,
    }
    values.update(changes)
    return Session(**values)


# --- pure: sessions from token answers --------------------------------------------------------


def test_session_takes_exp_in_epoch_ms_from_the_answer() -> None:
    token = AuthToken(access_token="a", exp="1700003600000", iat="1700000000000", sub="u1")
    made = session_from_token(token, "password").unwrap()
    assert (made.exp, made.iat, made.sub, made.auth_type) == (
        1_700_003_600_000,
        1_700_000_000_000,
        "u1",
        "password",
    )


def test_session_counts_expires_in_from_now_when_exp_is_absent() -> None:
    made = session_from_token(AuthToken(access_token="a", expires_in=60), "client", now_ms=NOW_MS)
    assert made.unwrap().exp == NOW_MS + 60_000


def test_session_without_any_expiry_has_exp_none() -> None:
    assert session_from_token(AuthToken(access_token="a"), "oauth").unwrap().exp is None


def test_seconds_sized_exp_is_read_as_seconds() -> None:
    assert epoch_ms(1_700_003_600) == 1_700_003_600_000


@pytest.mark.parametrize("value", [None, "soon", True])
def test_unreadable_exp_is_unknown(value: Any) -> None:
    assert epoch_ms(value) is None


def test_answer_without_access_token_is_a_decode_error() -> None:
    result = session_from_token(AuthToken(refresh_token="r"), "password")
    assert isinstance(result.failure(), DecodeError)


@given(exp=st.integers(0, 2**42), now=st.integers(0, 2**42), leeway=st.integers(0, 10**6))
def test_expired_exactly_when_now_reaches_exp_minus_leeway(exp: int, now: int, leeway: int) -> None:
    assert is_expired(session(exp=exp), now, leeway) is (now >= exp - leeway)


@given(now=st.integers(0, 2**42))
def test_session_of_unknown_expiry_never_expires(now: int) -> None:
    assert not is_expired(session(exp=None), now)


# --- pure: tokens fit to send -----------------------------------------------------------------


@pytest.mark.parametrize("field", ["access_token", "refresh_token"])
@pytest.mark.parametrize(
    "bad", ["zq\r\nX-Evil: 1", "zq\x00", "zq\x7f", "zq zq", "zq\u00e9", "zq\tzq"]
)
def test_a_token_that_is_not_visible_ascii_is_a_decode_error_naming_the_field(
    field: str, bad: str
) -> None:
    fields: dict[str, Any] = {"access_token": "at-ok", "refresh_token": "rt-ok", field: bad}
    token = AuthToken(**fields)
    error = session_from_token(token, "password").failure()
    assert isinstance(error, DecodeError)
    assert (error.path, field in error.message) == (f"$.{field}", True)
    assert bad not in repr(error) + str(error) + error.message


@given(token=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1))
def test_every_visible_ascii_token_is_accepted_as_given(token: str) -> None:
    made = session_from_token(AuthToken(access_token=token, refresh_token=token), "client")
    assert (made.unwrap().access_token, made.unwrap().refresh_token) == (token, token)


@given(token=st.text(min_size=1))
def test_a_token_is_accepted_exactly_when_it_is_visible_ascii(token: str) -> None:
    made = session_from_token(AuthToken(access_token=token), "client")
    printable_ascii_without_blanks = token.isascii() and token.isprintable() and " " not in token
    assert isinstance(made, Success) is printable_ascii_without_blanks


@pytest.mark.parametrize("auth_type", ["password", "client"])
def test_password_and_client_sessions_refresh_with_the_refresh_grant(auth_type: AuthType) -> None:
    call = refresh_session(session(auth_type))
    assert (call.request.path, call.request.body) == (
        "/auth/signin",
        b'{"grant_type":"refresh","refresh_token":"rt-old"}',
    )


def test_oauth_session_refreshes_at_the_token_endpoint_with_its_client_id() -> None:
    call = refresh_session(session("oauth"))
    assert call.request.path == "/auth/token"
    assert call.request.body == b"client_id=c1&refresh_token=rt-old&grant_type=refresh_token"
    assert call.request.auth is False


def test_session_without_refresh_token_gives_an_invalid_refresh() -> None:
    assert refresh_session(session(refresh_token=None)).problem is not None


def test_refreshed_session_keeps_how_it_was_obtained() -> None:
    new = refreshed(session("oauth"), NEW, NOW_MS).unwrap()
    assert (new.access_token, new.refresh_token, new.auth_type, new.client_id) == (
        "at-new",
        "rt-new",
        "oauth",
        "c1",
    )


def test_refresh_answer_without_refresh_token_keeps_the_old_one() -> None:
    new = refreshed(session(), msgspec.structs.replace(NEW, refresh_token=None), NOW_MS).unwrap()
    assert new.refresh_token == "rt-old"


def test_session_round_trips_through_msgspec_for_persistence() -> None:
    value = session("oauth")
    assert msgspec.json.decode(msgspec.json.encode(value), type=Session) == value


@pytest.mark.parametrize(
    "value",
    [
        session(access_token="at-old", refresh_token="rt-old"),
        AuthToken(access_token="at-old", refresh_token="rt-old"),
        OAuthTokenResponse(access_token="at-old", refresh_token="rt-old"),
        RefreshingExecutor(FakeExecutor(), session(), renewer(CONFIG, FakeExecutor())),
        Mosaia(CONFIG, FakeExecutor()).with_session(session()),
    ],
    ids=["Session", "AuthToken", "OAuthTokenResponse", "RefreshingExecutor", "Mosaia"],
)
def test_repr_and_str_hide_tokens(value: object) -> None:
    for text in (repr(value), str(value)):
        assert "at-old" not in text, text
        assert "rt-old" not in text, text


def test_rich_repr_hides_tokens() -> None:
    # rich and other pretty-printers read __rich_repr__, which msgspec fills with raw fields.
    shown = dict(session(access_token="at-old", refresh_token="rt-old").__rich_repr__())
    assert "at-old" not in repr(shown)
    assert "rt-old" not in repr(shown)
    assert (shown["auth_type"], shown["exp"]) == ("password", NOW_MS + 60_000)


# --- pure: which requests end the session ------------------------------------------------------


def prepared(call: Any) -> HttpRequest:
    return prepare(call, CONFIG).unwrap()


def test_sign_out_without_a_token_ends_the_session_it_is_sent_with() -> None:
    assert ends_session(prepared(sign_out()))


def test_sign_out_naming_another_token_does_not_end_this_session() -> None:
    assert not ends_session(prepared(sign_out("someone-elses-token")))


@pytest.mark.parametrize("method", ["GET", "POST", "PUT"])
def test_other_methods_on_the_sign_out_path_do_not_end_the_session(method: str) -> None:
    request = prepared(sign_out())
    assert not ends_session(msgspec.structs.replace(request, method=method))


def test_no_other_call_ends_the_session() -> None:
    from mosaia.api import agents, auth

    calls = [auth.get_self(), auth.get_session(), agents.delete("a1"), refresh_session(session())]
    assert not any(ends_session(prepared(call)) for call in calls)


# --- layers ------------------------------------------------------------------------------------


def imported_modules(module: str) -> set[str]:
    """Every ``mosaia`` module ``module`` imports, at any depth of its source (inside functions
    and under TYPE_CHECKING too)."""
    source = (Path(__file__).parent.parent / module).read_text(encoding="utf-8")
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("mosaia")}


def test_session_rules_import_nothing_from_the_api_layer_above() -> None:
    upward = ("mosaia.api", "mosaia.config", "mosaia.pkce", "mosaia.executors", "mosaia.run")
    assert not [m for m in imported_modules("mosaia/session.py") if m.startswith(upward)]


def test_oauth_logs_in_without_importing_the_groups() -> None:
    assert not [m for m in imported_modules("mosaia/oauth.py") if m.startswith("mosaia.groups")]


def test_pkce_imports_nothing_from_the_api_layer_above() -> None:
    assert not [m for m in imported_modules("mosaia/pkce.py") if m.startswith("mosaia.api")]
