"""The web server: the dashboard (app.py) with the session cookie's two routes, security headers
and a Dutch message for errors in widget callbacks.

Run from anywhere: `streamlit run dashboard/server.py` (scripts/start.sh passes the settings).

Streamlit's script cannot set a cookie: it runs over a websocket, after the page's HTTP response.
These routes can. After a login the page asks for `/_adc/sessie?t=<one-time token>` (an invisible
image, see dashboard/session.py); the answer sets an HttpOnly, SameSite=Strict cookie holding only
a random session token (accounts/sessions.py), so no script on the page can read it. After a
logout the page asks for `/_adc/uitloggen`, which removes it; the session row has already ended,
so a copy of the cookie kept elsewhere opens nothing.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.base import BaseHTTPMiddleware  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from accounts import sessions  # noqa: E402
from dashboard import errors  # noqa: E402

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # no other site may show the dashboard in a frame
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _secure(request: Request) -> bool:
    """Over HTTPS (directly or behind the proxy) the cookie is sent over HTTPS only."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def collect_cookie(request: Request) -> Response:
    value = sessions.claim_cookie(request.query_params.get("t", "")[:100])
    response = Response(status_code=204 if value else 404, headers={"Cache-Control": "no-store"})
    if value:
        # No max-age: the browser forgets it when it closes; the server ends it sooner when idle.
        response.set_cookie(sessions.COOKIE, value, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


DUTCH_SCRIPT = Path(__file__).with_name("page_script.js")


def dutch_script(request: Request) -> Response:
    return Response(DUTCH_SCRIPT.read_bytes(), media_type="text/javascript", headers={"Cache-Control": "no-cache"})


def forget_cookie(request: Request) -> Response:
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


class DutchPage:
    """Serves Streamlit's index.html with `<html lang="nl">` instead of its `lang="en"`, so a screen
    reader speaks Dutch from the first paint, with a Dutch title until the app sets its own, and
    with dashboard/page_script.js loaded before Streamlit starts: it puts Streamlit's English
    widget texts, menu items and chart descriptions into Dutch as they are drawn.

    A plain ASGI middleware: it buffers only HTML responses (index.html, a few kB) and rewrites
    those two places; everything else, the websocket included, passes untouched. Streamlit
    gzips index.html when it is served for a page's address (/briefing) and not for the root:
    a gzipped page is unpacked first and sent as it is (8 kB)."""

    REPLACE = (
        (b'<html lang="en">', b'<html lang="nl">'),
        (b"<title>Streamlit</title>", b'<title>Achter de cijfers</title><script src="./_adc/pagina.js"></script>'),
    )

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict = {}
        body: list[bytes] = []

        async def rewrite(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if (
                    headers.get(b"content-type", b"").startswith(b"text/html")
                    and headers.get(b"content-encoding", b"gzip") == b"gzip"
                ):
                    start.update(message)  # held back until the body is complete
                    return
                await send(message)
            elif start and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body)
                zipped = dict(start.get("headers", [])).get(b"content-encoding") == b"gzip"
                if zipped and page:
                    page = gzip.decompress(page)
                for english, dutch in self.REPLACE:
                    page = page.replace(english, dutch, 1)
                headers = [
                    (k, v) for k, v in start.get("headers", []) if k not in (b"content-length", b"content-encoding")
                ]
                if scope.get("method") != "HEAD":
                    headers.append((b"content-length", str(len(page)).encode()))
                elif not zipped:  # a HEAD answer keeps the file's length
                    headers = start.get("headers", [])
                await send(start | {"headers": headers})
                await send({"type": "http.response.body", "body": page})
            else:
                await send(message)

        await self.app(scope, receive, rewrite)


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


app = st.App(
    str(ROOT / "dashboard" / "app.py"),
    routes=[
        Route("/_adc/sessie", collect_cookie),
        Route("/_adc/uitloggen", forget_cookie),
        Route("/_adc/pagina.js", dutch_script),
    ],
    middleware=[Middleware(SecurityHeaders), Middleware(DutchPage)],
    on_script_error=errors.handle,
)
