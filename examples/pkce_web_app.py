"""A web app that signs its users in with OAuth 2.0 and PKCE, on the standard library alone.

Run it with ``python examples/pkce_web_app.py``. Three parties, all on 127.0.0.1:

- Mosaia: the bundled simulator, serving the API (``/v1``) and the authorize page (``/oauth``,
  where ``frontend_url`` points);
- the app: a ``ThreadingHTTPServer`` with ``/login``, ``/callback`` and ``/me``, the code you
  would write;
- the browser: played by urllib3 from this script; it follows redirects and keeps the app's
  cookie, as a browser would.

What the app keeps on the server, keyed by an opaque cookie, is the PKCE ``code_verifier`` and the
``state`` until the redirect comes back, then a client bound to the user's session (renewed on
expiry). Neither the verifier nor any token ever reaches the browser.
"""

from __future__ import annotations

import secrets
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from returns.result import Failure, Success

from mosaia import Mosaia, MosaiaConfig
from mosaia._redact import redact_url
from mosaia.oauth import AuthorizationData, OAuth
from mosaia.testing import SimulatorServer

CLIENT_ID = "acme-web-app"
SCOPES = ["read", "write"]


class App:
    """The web app's state: one OAuth flow object, and per browser (by cookie) either the flow
    it started or the client of the user it signed in."""

    def __init__(self, mosaia: MosaiaConfig, redirect_uri: str) -> None:
        # No API key: the app acts for its users, with the tokens each of them grants it.
        self.oauth: OAuth[Mosaia] = Mosaia(mosaia).oauth(redirect_uri=redirect_uri, scopes=SCOPES)
        self.started: dict[str, AuthorizationData] = {}
        self.signed_in: dict[str, Mosaia] = {}
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    """The app's three routes."""

    server: AppServer

    def do_GET(self) -> None:
        route = urlsplit(self.path).path
        if route == "/login":
            self.login()
        elif route == "/callback":
            self.callback()
        elif route == "/me":
            self.me()
        else:
            self.answer(404, "no such page")

    def login(self) -> None:
        """Start the flow: keep the verifier and state server-side, send the browser away."""
        match self.server.app.oauth.get_authorization_url_and_code_verifier():
            case Success(start):
                sid = secrets.token_urlsafe(16)
                with self.server.app.lock:
                    self.server.app.started[sid] = start
                cookie = f"sid={sid}; HttpOnly; SameSite=Lax; Path=/"
                self.answer(302, "", Location=start.url, **{"Set-Cookie": cookie})
            case Failure(error):
                self.answer(500, f"cannot start sign-in: {error.message}")

    def callback(self) -> None:
        """The authorize page redirected back: check the state, trade the code for a session."""
        app = self.server.app
        sid = self.cookie("sid")
        with app.lock:
            start = app.started.pop(sid, None) if sid else None
        if start is None:
            self.answer(400, "no sign-in in progress for this browser")
            return
        callback_url = f"http://{self.headers['Host']}{self.path}"
        # First the CSRF check: a redirect whose state is not the one this browser's flow sent
        # is refused before anything else in it is believed. Then code + verifier -> a session.
        match app.oauth.verify_callback(callback_url, start.state):
            case Failure(refused):
                self.answer(400, f"sign-in refused: {refused}")
                return
            case Success(code):
                pass
        match app.oauth.login_with_code(code=code, code_verifier=start.code_verifier):
            case Success(user_client):
                with app.lock:
                    app.signed_in[sid or ""] = user_client
                self.answer(302, "", Location="/me")
            case Failure(error):
                self.answer(400, f"sign-in failed: {error.message}")

    def me(self) -> None:
        """A page for signed-in users: a call made with the user's own session."""
        with self.server.app.lock:
            user_client = self.server.app.signed_in.get(self.cookie("sid") or "")
        if user_client is None:
            self.answer(302, "", Location="/login")
            return
        match user_client.auth.get_self():
            case Success(me) if me.user is not None:
                self.answer(200, f"signed in as {me.user.email}")
            case Success(_):
                self.answer(200, "signed in (no user profile)")
            case Failure(error):
                self.answer(502, f"Mosaia said: {error.message}")

    def cookie(self, name: str) -> str | None:
        morsel = SimpleCookie(self.headers.get("Cookie", "")).get(name)
        return morsel.value if morsel else None

    def answer(self, status: int, text: str, **headers: str) -> None:
        body = text.encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the browser below narrates every hop


class AppServer(ThreadingHTTPServer):
    """The app's HTTP server, holding the app."""

    daemon_threads = True
    app: App


def browse(start_url: str, app_origin: str) -> str:
    """Play the browser: GET ``start_url`` and follow redirects, sending the app's cookie back
    to the app only. Returns the final page's text."""
    http = urllib3.PoolManager()
    cookies: dict[str, str] = {}
    url = start_url
    for _ in range(10):
        to_app = url.startswith(app_origin)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if to_app else {}
        response = http.request("GET", url, headers=headers, redirect=False)
        print(f"browser: GET {redact_url(url)} -> {response.status}")
        if to_app and "Set-Cookie" in response.headers:
            for name, morsel in SimpleCookie(response.headers["Set-Cookie"]).items():
                cookies[name] = morsel.value
        location = response.headers.get("Location")
        if response.status not in (301, 302, 303, 307) or not location:
            return response.data.decode()
        url = urljoin(url, location)
    return "too many redirects"


def main() -> None:
    with SimulatorServer() as mosaia:
        app_server = AppServer(("127.0.0.1", 0), Handler)
        app_origin = f"http://127.0.0.1:{app_server.server_address[1]}"
        redirect_uri = f"{app_origin}/callback"
        # On the real platform you register the app's client id and redirect URI once, in the
        # Mosaia console; the simulator is told directly. No secret: a public client, PKCE only.
        mosaia.simulator.auth.register_client(CLIENT_ID, redirect_uris=(redirect_uri,))
        config = MosaiaConfig(base_url=mosaia.url, frontend_url=mosaia.url, client_id=CLIENT_ID)
        app_server.app = App(config, redirect_uri)
        threading.Thread(target=app_server.serve_forever, daemon=True).start()
        print(f"Mosaia simulator at {mosaia.url}, the app at {app_origin}")
        try:
            page = browse(f"{app_origin}/login", app_origin)
        finally:
            app_server.shutdown()
            app_server.server_close()
    print(f"the app says: {page}")
    raise SystemExit(0 if page.startswith("signed in as") else 1)


if __name__ == "__main__":
    main()
