"""Every auth operation sends exactly what the reference says: method, path, query, body bytes
(with their key order), content type, and whether the API key goes along. Table-driven through
a FakeExecutor: this is about the bytes on the wire, not about a server's behaviour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import NoneType
from typing import Any, assert_type

import pytest
from returns.result import Failure, Result, Success

from mosaia import Mosaia, MosaiaConfig
from mosaia.errors import InvalidRequest, MosaiaError
from mosaia.http import HttpResponse
from mosaia.oauth import OAuth
from mosaia.testing import FakeExecutor, respond
from mosaia.types import AuthToken, OAuthTokenResponse, Self

CONFIG = MosaiaConfig(
    api_key="sk-test",
    base_url="https://api.example",
    frontend_url="https://app.example",
    client_id="c1",
)
API = "https://api.example/v1"
TOKENS: dict[str, Any] = {
    "access_token": "at-1",
    "refresh_token": "rt-1",
    "token_type": "Bearer",
    "expires_in": 3600,
    "sub": "u1",
    "iat": "1700000000000",
    "exp": "1700003600000",
}
SIGNED_IN = respond(200, {"data": TOKENS})
TOKEN_ANSWER = respond(200, TOKENS)  # the OAuth token endpoint answers bare
SELF = respond(200, {"data": {"user": {"id": "u1", "email": "a@b.c"}, "client": {"id": "k"}}})
NO_CONTENT = HttpResponse(status=204)
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def oauth(client: Mosaia) -> OAuth[Mosaia]:
    return client.oauth(redirect_uri="https://app.example/cb", scopes=["read"])


@dataclass(frozen=True)
class Case:
    """One auth operation and what the reference says it sends."""

    name: str
    operation: Callable[[Mosaia], Result[Any, Any]]
    route: tuple[str, str]
    answer: HttpResponse
    url: str
    body: bytes | None = None
    content_type: str | None = None
    sends_key: bool = True
    kind: type = NoneType


CASES = [
    Case(
        "sign_in_with_password",
        lambda c: c.auth.sign_in_with_password(email="a@b.c", password="pw", client_id="c1"),
        ("POST", "/auth/signin"),
        SIGNED_IN,
        "/auth/signin",
        b'{"grant_type":"password","email":"a@b.c","password":"pw","client_id":"c1"}',
        JSON,
        sends_key=False,
        kind=AuthToken,
    ),
    Case(
        "sign_in_with_client",
        lambda c: c.auth.sign_in_with_client(client_id="c1", client_secret="s3"),
        ("POST", "/auth/signin"),
        SIGNED_IN,
        "/auth/signin",
        b'{"grant_type":"client","client_id":"c1","client_secret":"s3"}',
        JSON,
        sends_key=False,
        kind=AuthToken,
    ),
    Case(
        "refresh_token",
        lambda c: c.auth.refresh_token("rt-0"),
        ("POST", "/auth/signin"),
        SIGNED_IN,
        "/auth/signin",
        b'{"grant_type":"refresh","refresh_token":"rt-0"}',
        JSON,
        sends_key=False,
        kind=AuthToken,
    ),
    Case(
        "sign_out without a token sends no query",
        lambda c: c.auth.sign_out(),
        ("DELETE", "/auth/signout"),
        NO_CONTENT,
        "/auth/signout",
    ),
    Case(
        "sign_out with a token sends it in the JSON body, not the URL",
        lambda c: c.auth.sign_out("tok/1 2"),
        ("DELETE", "/auth/signout"),
        NO_CONTENT,
        "/auth/signout",
        b'{"token":"tok/1 2"}',
        JSON,
    ),
    Case(
        "get_session",
        lambda c: c.auth.get_session(),
        ("GET", "/session"),
        SELF,
        "/session",
        kind=Self,
    ),
    Case("get_self", lambda c: c.auth.get_self(), ("GET", "/self"), SELF, "/self", kind=Self),
    Case(
        "oauth exchange_code_for_token",
        lambda c: oauth(c).exchange_code_for_token(code="k1", code_verifier="v" * 43),
        ("POST", "/auth/token"),
        TOKEN_ANSWER,
        "/auth/token",
        b"client_id=c1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code=k1&code_verifier="
        + b"v" * 43
        + b"&grant_type=authorization_code",
        FORM,
        sends_key=False,
        kind=OAuthTokenResponse,
    ),
    Case(
        "oauth refresh_token",
        lambda c: oauth(c).refresh_token(refresh_token="rt-0"),
        ("POST", "/auth/token"),
        TOKEN_ANSWER,
        "/auth/token",
        b"client_id=c1&refresh_token=rt-0&grant_type=refresh_token",
        FORM,
        sends_key=False,
        kind=OAuthTokenResponse,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_auth_operation_sends_exactly_what_the_reference_says(case: Case) -> None:
    fake = FakeExecutor({case.route: case.answer})
    result = case.operation(Mosaia(CONFIG, fake))
    assert isinstance(result, Success), result
    assert isinstance(result.unwrap(), case.kind)
    [sent] = fake.requests
    assert (sent.method, sent.url, sent.body) == (case.route[0], API + case.url, case.body)
    assert sent.header("content-type") == case.content_type
    assert sent.header("authorization") == ("Bearer sk-test" if case.sends_key else None)


def test_sign_in_answer_decodes_every_token_field() -> None:
    fake = FakeExecutor({("POST", "/auth/signin"): SIGNED_IN})
    token = Mosaia(CONFIG, fake).auth.sign_in_with_client("c1", "s3").unwrap()
    assert token == AuthToken(**TOKENS)


def test_oauth_token_answer_inside_data_is_accepted_too() -> None:
    fake = FakeExecutor({("POST", "/auth/token"): SIGNED_IN})
    result = oauth(Mosaia(CONFIG, fake)).refresh_token(refresh_token="rt-0")
    assert result.unwrap().access_token == "at-1"


def test_oauth_error_answer_is_an_api_error_with_the_oauth_code() -> None:
    answer = respond(400, {"error": "invalid_grant", "error_description": "bad verifier"})
    fake = FakeExecutor({("POST", "/auth/token"): answer})
    result = oauth(Mosaia(CONFIG, fake)).exchange_code_for_token(code="k", code_verifier="v")
    assert isinstance(result, Failure)
    error = result.failure()
    assert (error.status, error.code, error.message) == (400, "invalid_grant", "bad verifier")


MISTAKES: list[tuple[str, Callable[[Mosaia], Result[Any, Any]], str]] = [
    ("empty email", lambda c: c.auth.sign_in_with_password("", "pw", "c1"), "email"),
    ("empty password", lambda c: c.auth.sign_in_with_password("a@b.c", "", "c1"), "password"),
    ("empty client id", lambda c: c.auth.sign_in_with_password("a@b.c", "pw", ""), "client_id"),
    ("empty secret", lambda c: c.auth.sign_in_with_client("c1", ""), "client_secret"),
    ("no refresh token", lambda c: c.auth.refresh_token(None), "refresh_token"),
    (
        "oauth without a client id",
        lambda c: (
            Mosaia(CONFIG.replace(client_id=None), c.executor)
            .oauth(redirect_uri="https://a/cb", scopes=["read"])
            .exchange_code_for_token(code="k", code_verifier="v")
        ),
        "client_id",
    ),
    (
        "oauth without a redirect URI",
        lambda c: c.oauth(scopes=["read"]).exchange_code_for_token(code="k", code_verifier="v"),
        "redirect_uri",
    ),
    ("oauth refresh without a token", lambda c: oauth(c).refresh_token(None), "refresh_token"),
]


@pytest.mark.parametrize(
    ("name", "operation", "field"), MISTAKES, ids=[case[0] for case in MISTAKES]
)
def test_auth_caller_mistake_is_invalid_request_and_sends_nothing(
    name: str, operation: Callable[[Mosaia], Result[Any, Any]], field: str
) -> None:
    fake = FakeExecutor()
    result = operation(Mosaia(CONFIG, fake))
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), InvalidRequest)
    assert field in result.failure().message
    assert fake.requests == []


def test_generate_api_key_returns_a_new_client_carrying_the_issued_key() -> None:
    fake = FakeExecutor({("POST", "/auth/signin"): SIGNED_IN})
    client = Mosaia(CONFIG.replace(api_key=None), fake)
    keyed = client.generate_api_key("c9", "s9").unwrap()
    assert (keyed.config.api_key, keyed.config.client_id) == ("at-1", "c9")
    assert client.config.api_key is None
    assert fake.requests[0].body == b'{"grant_type":"client","client_id":"c9","client_secret":"s9"}'


def test_generate_api_key_failure_is_the_sign_in_failure() -> None:
    answer = respond(401, {"error": {"message": "nope", "code": "INVALID_CREDENTIALS"}})
    fake = FakeExecutor({("POST", "/auth/signin"): answer})
    result = Mosaia(CONFIG, fake).generate_api_key("c9", "bad")
    assert isinstance(result, Failure)
    assert result.failure().code == "INVALID_CREDENTIALS"


def test_authorize_url_is_on_the_frontend_url_and_carries_no_secret() -> None:
    start = oauth(Mosaia(CONFIG, FakeExecutor())).get_authorization_url_and_code_verifier(
        random_bytes=b"\x01" * 32, state_bytes=b"\x02" * 32
    )
    data = start.unwrap()
    assert data["url"].startswith("https://app.example/oauth?client_id=c1&redirect_uri=")
    assert data["code_verifier"] not in data["url"]
    assert "sk-test" not in data["url"]
    assert f"&state={data['state']}" in data["url"]


@pytest.mark.parametrize(
    ("changes", "needed"),
    [({"client_id": None}, "client_id"), ({}, "scope"), ({"redirect": None}, "redirect_uri")],
)
def test_authorize_url_with_a_missing_setting_is_invalid_request(
    changes: dict[str, Any], needed: str
) -> None:
    client = Mosaia(CONFIG.replace(client_id=changes.get("client_id", "c1")), FakeExecutor())
    scopes = ["read"] if changes else []
    redirect = changes.get("redirect", "https://app.example/cb")
    result = client.oauth(
        redirect_uri=redirect, scopes=scopes
    ).get_authorization_url_and_code_verifier()
    assert isinstance(result, Failure)
    assert isinstance(result.failure(), InvalidRequest)
    assert needed in result.failure().message


def test_oauth_scopes_given_as_one_string_are_one_scope() -> None:
    flow = Mosaia(CONFIG, FakeExecutor()).oauth(
        redirect_uri="https://app.example/cb", scopes="read"
    )
    url = flow.get_authorization_url_and_code_verifier().unwrap()["url"]
    assert flow.config.scopes == ("read",)
    assert "&scope=read&" in url


def test_authorization_data_reads_as_the_seed_dict_and_hides_the_verifier() -> None:
    data = oauth(Mosaia(CONFIG, FakeExecutor())).get_authorization_url_and_code_verifier()
    start = data.unwrap()
    assert set(dict(start)) == {"url", "code_verifier", "state"}
    assert start["code_verifier"] == start.code_verifier
    assert start.code_verifier not in repr(start)


def test_authorization_start_from_unusable_random_bytes_is_invalid_request() -> None:
    start = oauth(Mosaia(CONFIG, FakeExecutor())).get_authorization_url_and_code_verifier(
        random_bytes=b"short"
    )
    assert isinstance(start.failure(), InvalidRequest)


def test_auth_results_carry_their_value_types_to_mypy() -> None:
    client = Mosaia(CONFIG, FakeExecutor())
    flow = oauth(client)
    assert_type(client.auth.sign_in_with_password("a", "b", "c"), Result[AuthToken, MosaiaError])
    assert_type(client.auth.sign_out(), Result[None, MosaiaError])
    assert_type(client.auth.get_self(), Result[Self, MosaiaError])
    assert_type(client.generate_api_key("c", "s"), Result[Mosaia, MosaiaError])
    assert_type(flow.exchange_code_for_token("k", "v"), Result[OAuthTokenResponse, MosaiaError])
    assert_type(flow.refresh_token("r"), Result[OAuthTokenResponse, MosaiaError])
