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
        response.set_cookie(sessions.COOKIE, value, path="/", httponly=True, samesite="strict",
                            secure=_secure(request))
    return response


def forget_cookie(request: Request) -> Response:
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="strict",
                           secure=_secure(request))
    return response


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


app = st.App(
    str(ROOT / "dashboard" / "app.py"),
    routes=[Route("/_adc/sessie", collect_cookie), Route("/_adc/uitloggen", forget_cookie)],
    middleware=[Middleware(SecurityHeaders)],
    on_script_error=errors.handle,
)
