"""mosaia.pkce: verifiers, S256 challenges, the authorize URL, the token calls and the callback
check, as pure functions (RFC 7636 and section 3 of the API reference)."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Failure, Success

from mosaia._types.base import type_name
from mosaia.errors import InvalidRequest, OAuthError, is_sdk_error
from mosaia.pkce import (
    authorization_url,
    code_challenge,
    exchange_call,
    is_code_verifier,
    new_code_verifier,
    new_state,
    refresh_call,
    scope_tuple,
    verifier_problem,
    verify_callback,
)
from mosaia.types import OAuthErrorResponse, OAuthTokenResponse

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
BASE64URL = re.compile(r"[A-Za-z0-9_-]+")

verifiers = st.text(alphabet=UNRESERVED, min_size=43, max_size=128)
# Query values a redirect URI, client id, scope or state might hold: anything printable.
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


# --- verifier and challenge ------------------------------------------------------------------


#: RFC 7636 Appendix B: the 32 random octets, the verifier they encode to, and its challenge.
RFC_OCTETS = bytes(
    [
        *(116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186),
        *(22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121),
    ]
)
RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_rfc7636_appendix_b_octets_give_its_verifier() -> None:
    assert new_code_verifier(RFC_OCTETS) == RFC_VERIFIER


def test_rfc7636_appendix_b_verifier_gives_its_challenge() -> None:
    assert code_challenge(RFC_VERIFIER) == RFC_CHALLENGE


def test_verifier_is_its_bytes_base64url_encoded_without_padding() -> None:
    assert base64.urlsafe_b64decode(RFC_VERIFIER + "=") == RFC_OCTETS


@given(verifiers)
def test_any_verifier_has_a_43_char_base64url_challenge(verifier: str) -> None:
    challenge = code_challenge(verifier)
    assert len(challenge) == 43
    assert BASE64URL.fullmatch(challenge)


@given(st.binary(min_size=32, max_size=96))
def test_verifier_from_bytes_is_valid_and_deterministic(raw: bytes) -> None:
    verifier = new_code_verifier(raw)
    assert is_code_verifier(verifier)
    assert new_code_verifier(raw) == verifier


def test_default_verifier_is_128_unreserved_chars_and_fresh_each_time() -> None:
    first, second = new_code_verifier(), new_code_verifier()
    assert len(first) == 128
    assert is_code_verifier(first)
    assert first != second


@pytest.mark.parametrize("size", [0, 31, 97])
def test_verifier_from_too_few_or_too_many_bytes_is_refused(size: int) -> None:
    # Refused without raising: "" is no verifier, and every later step refuses it.
    assert new_code_verifier(b"x" * size) == ""
    assert "32 to 96" in (verifier_problem(b"x" * size) or "")
    assert code_challenge(new_code_verifier(b"x" * size)) == ""


@pytest.mark.parametrize("given", ["x" * 40, 40, None.__class__, [1] * 40])
def test_verifier_from_something_other_than_bytes_is_refused(given: object) -> None:
    assert new_code_verifier(given) == ""  # type: ignore[arg-type]
    assert verifier_problem(given) is not None


def test_a_challenge_of_what_is_not_a_verifier_is_empty_and_refused_by_the_authorize_url() -> None:
    challenge = code_challenge("not a verifier \ud800")
    assert challenge == ""
    url = authorization_url(
        frontend_url="https://mosaia.ai",
        client_id="c",
        redirect_uri="https://app/cb",
        challenge=challenge,
        scopes=["read"],
    )
    assert isinstance(url.failure(), InvalidRequest)


@pytest.mark.parametrize(
    ("url", "state"),
    [
        ("https://app/cb?code=k&state=s", 5),
        (5, "s"),
        (None, "s"),
        ("https://app/cb?state=\ud800", "s"),
    ],
)
def test_verify_callback_refuses_what_is_not_text_without_raising(
    url: object, state: object
) -> None:
    result = verify_callback(url, state)  # type: ignore[arg-type]
    assert isinstance(result.failure(), InvalidRequest)


def test_a_token_call_with_a_lone_surrogate_is_refused_not_raised() -> None:
    call = exchange_call(
        client_id="c", redirect_uri="https://app/cb", code="k\ud800", code_verifier=RFC_VERIFIER
    )
    assert call.problem is not None
    assert "code" in call.problem


def test_scopes_that_are_not_scopes_give_no_scopes_and_a_refused_url() -> None:
    assert scope_tuple(5) == ()  # type: ignore[arg-type]
    url = authorization_url(
        frontend_url="https://mosaia.ai",
        client_id="c",
        redirect_uri="https://app/cb",
        challenge=code_challenge(RFC_VERIFIER),
        scopes=5,  # type: ignore[arg-type]
    )
    assert "scope" in url.failure().message


@pytest.mark.parametrize(
    "value", ["a" * 42, "a" * 129, "a" * 42 + "+", "a" * 42 + "=", "a" * 42 + " ", ""]
)
def test_is_code_verifier_rejects_wrong_length_or_characters(value: str) -> None:
    assert not is_code_verifier(value)


def test_state_is_base64url_and_deterministic_given_bytes() -> None:
    assert new_state(b"\x00" * 32) == new_state(b"\x00" * 32)
    assert BASE64URL.fullmatch(new_state())
    assert new_state() != new_state()


# --- the authorize URL -------------------------------------------------------------------------


@given(
    client_id=texts,
    redirect_uri=texts,
    verifier=verifiers,
    scopes=st.lists(texts.filter(lambda s: "," not in s), min_size=1, max_size=4),
    state=st.none() | texts,
)
def test_authorize_url_round_trips_its_params_in_order(
    client_id: str, redirect_uri: str, verifier: str, scopes: list[str], state: str | None
) -> None:
    challenge = code_challenge(verifier)
    url = authorization_url(
        frontend_url="https://mosaia.ai/",
        client_id=client_id,
        redirect_uri=redirect_uri,
        challenge=challenge,
        scopes=scopes,
        state=state,
    ).unwrap()
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "mosaia.ai", "/oauth")
    expected = [
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("response_type", "code"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("scope", ",".join(scopes)),
    ] + ([("state", state)] if state else [])
    assert parse_qsl(parts.query, keep_blank_values=True) == expected


def test_authorize_url_matches_the_reference_byte_for_byte() -> None:
    url = authorization_url(
        frontend_url="https://mosaia.ai",
        client_id="c1",
        redirect_uri="https://app.example/cb",
        challenge=RFC_CHALLENGE,
        scopes=["read", "write"],
        state="s1",
    )
    assert url == Success(
        "https://mosaia.ai/oauth?client_id=c1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb"
        "&response_type=code&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        "&code_challenge_method=S256&scope=read%2Cwrite&state=s1"
    )


def test_a_single_scope_string_is_one_scope_not_its_letters() -> None:
    url = authorization_url(
        frontend_url="https://mosaia.ai",
        client_id="c1",
        redirect_uri="https://app.example/cb",
        challenge=RFC_CHALLENGE,
        scopes="read",
    ).unwrap()
    assert dict(parse_qsl(urlsplit(url).query))["scope"] == "read"


@pytest.mark.parametrize(
    ("client_id", "redirect_uri", "scopes", "needed"),
    [
        (None, "https://a/cb", ["read"], "client_id"),
        ("", "https://a/cb", ["read"], "client_id"),
        ("c1", None, ["read"], "redirect_uri"),
        ("c1", "https://a/cb", [], "scope"),
        ("c1", "https://a/cb", [""], "scope"),
    ],
)
def test_authorize_url_without_a_required_setting_is_invalid_request(
    client_id: str | None, redirect_uri: str | None, scopes: list[str], needed: str
) -> None:
    url = authorization_url(
        frontend_url="https://mosaia.ai",
        client_id=client_id,
        redirect_uri=redirect_uri,
        challenge="x" * 43,
        scopes=scopes,
    )
    assert isinstance(url, Failure)
    assert isinstance(url.failure(), InvalidRequest)
    assert needed in url.failure().message


# --- the token calls ---------------------------------------------------------------------------


def test_code_exchange_call_is_the_reference_form_post_without_the_api_key() -> None:
    call = exchange_call(
        client_id="c1", redirect_uri="https://app.example/cb", code="k 1", code_verifier="v" * 43
    )
    request = call.request
    assert (request.method, request.path, request.query) == ("POST", "/auth/token", ())
    assert request.body == (
        b"client_id=c1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code=k+1&code_verifier="
        + b"v" * 43
        + b"&grant_type=authorization_code"
    )
    assert request.content_type == "application/x-www-form-urlencoded"
    assert request.auth is False
    assert (call.shape, call.type, call.problem) == ("bare", type_name(OAuthTokenResponse), None)


def test_refresh_call_is_the_reference_form_post_without_the_api_key() -> None:
    call = refresh_call(client_id="c1", refresh_token="r/1")
    assert call.request.path == "/auth/token"
    assert call.request.body == b"client_id=c1&refresh_token=r%2F1&grant_type=refresh_token"
    assert call.request.auth is False
    assert call.shape == "bare"


@pytest.mark.parametrize("missing", ["client_id", "redirect_uri", "code", "code_verifier"])
def test_code_exchange_with_an_empty_field_is_invalid(missing: str) -> None:
    fields = {"client_id": "c", "redirect_uri": "https://a/cb", "code": "k", "code_verifier": "v"}
    call = exchange_call(**{**fields, missing: ""})
    assert call.problem is not None
    assert missing in call.problem


def test_refresh_without_a_refresh_token_is_invalid() -> None:
    assert "refresh_token" in (refresh_call(client_id="c", refresh_token=None).problem or "")


def test_token_calls_are_equal_values_when_built_twice() -> None:
    first = exchange_call(client_id="c", redirect_uri="r", code="k", code_verifier="v")
    second = exchange_call(client_id="c", redirect_uri="r", code="k", code_verifier="v")
    assert first == second
    assert hash(first) == hash(second)


# --- the callback ------------------------------------------------------------------------------


@given(code=texts, state=texts)
def test_callback_with_matching_state_yields_its_code(code: str, state: str) -> None:
    url = "https://app.example/cb?" + urlencode({"code": code, "state": state})
    assert verify_callback(url, state) == Success(code)


def test_callback_with_another_state_is_refused_as_csrf() -> None:
    result = verify_callback("https://app.example/cb?code=k&state=theirs", "ours")
    assert isinstance(result, Failure)
    assert result.failure().code == "state_mismatch"


def test_callback_without_state_is_refused() -> None:
    result = verify_callback("https://app.example/cb?code=k", "ours")
    assert isinstance(result, Failure)
    assert result.failure().code == "state_mismatch"


def test_callback_state_is_checked_before_an_error_is_believed() -> None:
    result = verify_callback("https://app.example/cb?error=access_denied&state=x", "ours")
    assert result.failure().code == "state_mismatch"


def test_callback_error_is_the_oauth_error_it_carries() -> None:
    url = (
        "https://app.example/cb?error=access_denied&error_description=The+user+said+no"
        "&error_uri=https%3A%2F%2Fdocs&state=s"
    )
    assert verify_callback(url, "s") == Failure(
        OAuthError(message="The user said no", code="access_denied", uri="https://docs")
    )


def test_callback_error_chains_with_the_other_steps_as_a_mosaia_error() -> None:
    refused = verify_callback("https://app.example/cb?error=access_denied&state=s", "s")
    chained = refused.bind(lambda code: Success(len(code)))
    assert isinstance(chained.failure(), OAuthError)
    assert is_sdk_error(chained.failure())


def test_oauth_error_offers_the_seed_code_and_message() -> None:
    error = OAuthErrorResponse(error="invalid_grant", error_description="bad verifier")
    assert (error.code, error.message) == ("invalid_grant", "bad verifier")
    assert OAuthErrorResponse(error="access_denied").message == "access_denied"


def test_callback_with_neither_code_nor_error_is_invalid() -> None:
    result = verify_callback("https://app.example/cb?state=s", "s")
    assert isinstance(result.failure(), InvalidRequest)
    assert "neither" in result.failure().message


def test_callback_repeating_a_parameter_is_refused() -> None:
    result = verify_callback("https://app.example/cb?code=a&code=b&state=s", "s")
    assert "repeats code" in result.failure().message


def test_callback_check_needs_an_expected_state() -> None:
    result = verify_callback("https://app.example/cb?code=a&state=", "")
    assert isinstance(result.failure(), InvalidRequest)
