"""The internal web UI (Simplified Chinese, server-rendered) and the JSON API under /api.

app.py     FastAPI application: API routes, pages, error mapping to HTTP statuses
auth.py    users (PostgreSQL, argon2), sessions (signed cookie + table), CSRF, trusted header
forms.py   action-panel forms derived from the command models
svg.py     the case timeline and the bar charts, drawn on the server
labels.py  Chinese labels
"""
