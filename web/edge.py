"""The HTTP edge (issue 13): what every request and every answer passes through.

- A trusted proxy (`ZHIXING_TRUSTED_PROXIES`, none by default) names the client address and the
  scheme in `X-Forwarded-For` / `X-Forwarded-Proto`; nobody else's headers count.
- A request body over `MAX_BODY` is refused with 413 before it is read whole: at once by its
  Content-Length, or, sent in chunks, as soon as it passes the limit.
- Every answer carries the security headers (`SECURITY_HEADERS`): a Content-Security-Policy
  allowing only the app's own scripts, styles, images and connections (no inline script or
  style, no framing), X-Frame-Options, X-Content-Type-Options and Referrer-Policy.
- Every error answers the documented body {code, zh, en} as JSON under /api (and /codec), and
  the error page elsewhere: a Problem, malformed input (422), Starlette's own 400/404/405, and
  anything unexpected (500, without a stack trace; the server logs it).
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from runtime.settings import WebSettings
from web.problems import Problem
from web.templating import page

MAX_BODY = 1024 * 1024  # 1 MiB: a filing or a command is a few KiB
JSON_PREFIXES = ("/api/", "/codec/")  # machine endpoints answer JSON, the pages HTML
UNLIMITED_PREFIXES = ("/codec/",)  # the Temporal UI's payloads: the codec's own to bound

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # Swagger UI's icons
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def install(app: FastAPI, web: WebSettings) -> None:
    """The edge's middleware and error handlers on `app`."""
    app.add_middleware(BodyLimit, limit=MAX_BODY)  # innermost of the three
    app.add_middleware(SecurityHeaders)
    if web.trusted_proxies:  # outermost: the others see the client and scheme it names
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(web.trusted_proxies))
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(RequestValidationError, _malformed)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


def answer(request: Request, problem: Problem) -> Response:
    """A problem as JSON for the machine endpoints; for a page the login page (401) or the
    error page."""
    response: Response
    if request.url.path == "/api" or request.url.path.startswith(JSON_PREFIXES):
        response = JSONResponse(problem.body(), status_code=problem.status)
    elif problem.status == 401:
        response = RedirectResponse("/login", status_code=303)
    else:
        context = {"problem": problem, "session": None}
        response = page(request, "error.html", context, problem.status)
    response.headers.update(problem.headers)
    return response


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return answer(request, exc)


async def _malformed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
        for e in exc.errors()
    ]
    problem = Problem(422, "request.malformed", "输入格式不正确", "malformed input", errors=errors)
    return answer(request, problem)


_HTTP_PROBLEMS = {
    400: ("request.unparsable", "请求无法解析", "the request could not be parsed"),
    404: ("http.not_found", "没有这个地址", "no such address"),
    405: ("http.method_not_allowed", "该地址不支持这个请求方法", "method not allowed here"),
}


async def _http(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (no route, wrong method, an unparsable body)."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    code, zh, en = _HTTP_PROBLEMS.get(
        status, (f"http.{status}", "请求未能处理", HTTPStatus(status).phrase.lower())
    )
    return answer(request, Problem(status, code, zh, en, headers=exc.headers))


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug: 500 with the documented body and the security headers (Starlette answers this one
    outside the middleware), never the stack trace."""
    problem = Problem(
        500, "internal", "系统内部错误，请稍后重试", "internal error", headers=SECURITY_HEADERS
    )
    return answer(request, problem)


class SecurityHeaders:
    """`SECURITY_HEADERS` on every answer (an answer's own value of one wins)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.raw = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in self.raw if k not in present]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        await self.app(scope, receive, send_secured)


class _TooLarge(Exception):
    """The body passed the limit while the app read it."""


class BodyLimit:
    """413 for a request body over `limit` bytes, before it is read whole: at once when its
    Content-Length says so; when it passes the limit while it streams in, the app's reading
    stops (whatever the app makes of that is never sent) and the 413 is the answer.

    Before answering, the rest of the body is read and dropped (up to `DRAIN` bytes, not at all
    for a client that waits for `100 Continue`): a client still sending would otherwise meet a
    reset connection instead of the 413."""

    DRAIN = 8 * MAX_BODY

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNLIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            waits = headers.get(b"expect", b"").lower() == b"100-continue"
            unread = 0 if waits or int(declared) > self.DRAIN else self.DRAIN
            await self._refuse(scope, receive, send, unread)
            return
        received = 0
        exceeded = started = more = False

        async def receive_limited() -> Message:
            nonlocal received, exceeded, more
            message = await receive()
            received += len(message.get("body", b""))
            more = bool(message.get("more_body"))
            if received > self.limit:
                exceeded = True
                raise _TooLarge
            return message

        async def send_unless_exceeded(message: Message) -> None:
            nonlocal started
            if not exceeded:
                started = True
                await send(message)

        try:
            await self.app(scope, receive_limited, send_unless_exceeded)
        except Exception:  # _TooLarge, or what the app made of it
            if not exceeded:
                raise
        if exceeded and not started:
            await self._refuse(scope, receive, send, self.DRAIN if more else 0)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, drain: int) -> None:
        """Drop up to `drain` more bytes of the body, then answer 413 and close."""
        dropped = 0
        while dropped < drain:
            message = await receive()
            dropped += len(message.get("body", b""))
            if message["type"] != "http.request" or not message.get("more_body"):
                break
        problem = Problem(
            413,
            "request.too_large",
            f"请求内容过大（上限 {self.limit // 1024} KiB）",
            f"request body too large (limit {self.limit // 1024} KiB)",
            headers={"Connection": "close"},
        )
        await answer(Request(scope), problem)(scope, receive, send)
