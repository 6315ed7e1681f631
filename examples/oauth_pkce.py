"""The OAuth 2.0 authorization-code flow with PKCE, end to end, against the bundled simulator.

Run it with ``python examples/oauth_pkce.py``: it serves a simulator on 127.0.0.1 and walks the
flow, printing each step. The browser's part (opening the authorize page and following its
redirect) is played by :func:`mosaia.testing._sim.auth.follow_authorize`. ``run_flow(server)``
is what the main demo calls with its own server.
"""

from __future__ import annotations

from returns.result import Failure, Success

from mosaia import Mosaia
from mosaia._redact import redact_url
from mosaia.oauth import OAuth
from mosaia.session import Session
from mosaia.testing import SimulatorServer
from mosaia.testing._sim.auth import DEFAULT_CLIENT_ID, follow_authorize

REDIRECT_URI = "https://app.example/callback"


def step(text: str) -> None:
    print(f"\n-- {text}")


def authorize(oauth: OAuth[Mosaia]) -> tuple[str, str] | None:
    """Start the flow and let the "user" approve it: the code and the verifier it belongs to."""
    started = oauth.get_authorization_url_and_code_verifier()
    if not isinstance(started, Success):
        print(f"   cannot start: {started.failure().message}")
        return None
    start = started.unwrap()
    print(f"   authorize URL: {start['url'][:96]}...")
    print(f"   kept secret: a {len(start['code_verifier'])}-char code verifier, and the state")
    # The browser's part: open the authorize page, where the user approves, and follow the
    # redirect back to our callback URL.
    match follow_authorize(start["url"]):
        case Success(location):
            pass
        case Failure(error):
            print(f"   the authorize page did not redirect: {error.message}")
            return None
    print(f"   redirected to: {redact_url(location)}")
    match oauth.verify_callback(location, start["state"]):
        case Success(code):
            print("   state matches: the redirect answers our own request")
            return code, start["code_verifier"]
        case Failure(error):
            print(f"   callback refused: {error.message}")
    return None


def run_flow(server: SimulatorServer) -> bool:
    """Walk the whole flow against ``server``; True when every step behaved as it should."""
    client = Mosaia(server.config(frontend_url=server.url, client_id=DEFAULT_CLIENT_ID))
    oauth = client.oauth(redirect_uri=REDIRECT_URI, scopes=["read", "write"])
    ok = True

    step("1. Start: PKCE verifier + S256 challenge, state, authorize URL; the user approves")
    first = authorize(oauth)
    if first is None:
        return False
    code, verifier = first

    step("2. A forged redirect (someone else's state) is refused before anything is believed")
    forged = f"{REDIRECT_URI}?code=stolen&state=not-ours"
    match oauth.verify_callback(forged, "the-state-we-sent"):
        case Failure(error):
            print(f"   refused: {error.code}: {error.message}")
        case Success(_):
            print("   unexpected: a forged callback was accepted")
            ok = False

    step("3. A code presented with the wrong verifier is useless (invalid_grant)")
    second = authorize(oauth)
    if second is None:
        return False
    match oauth.exchange_code_for_token(code=second[0], code_verifier=verifier):
        case Failure(error):
            print(f"   {type(error).__name__}: {error.code}: {error.message}")
        case Success(_):
            print("   unexpected: the wrong verifier was accepted")
            ok = False

    step("4. Exchange the code with its verifier: a session-bound client")
    renewed: list[Session] = []
    match oauth.login_with_code(code=code, code_verifier=verifier, on_refresh=renewed.append):
        case Success(user_client):
            pass
        case Failure(error):
            print(f"   exchange failed: {error.message}")
            return False
    session = user_client.session
    if session is None:
        return False
    print(f"   {session!r}")
    match user_client.auth.get_self():
        case Success(me):
            print(f"   signed in as {me.user.email if me.user else '?'}")
        case Failure(error):
            print(f"   /self failed: {error.message}")
            ok = False

    step("5. The server stops accepting the access token: the next call renews it once")
    server.simulator.auth.revoke(session.access_token)
    match user_client.auth.get_self():
        case Success(_) if len(renewed) == 1:
            print(f"   renewed with the OAuth refresh grant, call retried: {renewed[0]!r}")
        case Success(_):
            print(f"   unexpected: {len(renewed)} renewals")
            ok = False
        case Failure(error):
            print(f"   the call failed: {error.message}")
            ok = False

    step("6. An explicit refresh, as the seed's oauth.refresh_token(...) does")
    latest = user_client.session
    match oauth.refresh_token(refresh_token=latest.refresh_token if latest else None):
        case Success(token):
            print(f"   {token!r}")
            print("   (refresh tokens rotate: the one the session client held is now spent)")
        case Failure(error):
            print(f"   refresh failed: {error.message}")
            ok = False
    return ok


def main() -> None:
    with SimulatorServer() as server:
        print(f"Mosaia simulator: API at {server.url}/v1, authorize page at {server.url}/oauth")
        ok = run_flow(server)
    print("\nDone." if ok else "\nSomething did not go as expected (see above).")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
