"""The internal web UI (Simplified Chinese, server-rendered) and the JSON API under /api.

app.py            create_app: state and lifespan, static files, API docs, routers
edge.py           the HTTP edge: trusted proxy, body limit, security headers, error answers
api/              the JSON API, one router per area (session, cases, supervision)
pages.py          the pages: login, my cases, the case page and its action panel, supervision
payload_codec.py  the remote codec for the Temporal Web UI
problems.py       Problem (status, code, zh, en) and the engine's failures mapped to it
deps.py           dependencies: the session (and CSRF), the pool, the Temporal client
access.py         the policy checks shared by the API and the pages (read a case, issue, a court)
auth.py           passwords (argon2), the signed session cookie, CSRF, the trusted header
throttle.py       logging in, throttled per account and per client address
templating.py     the Jinja2 templates and their label filters
forms.py          action-panel forms derived from the command models
svg.py            the case timeline and the bar charts, drawn on the server
labels.py         Chinese labels
server.py         uvicorn, alone or inside the workers' event loop
"""
