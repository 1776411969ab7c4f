"""The JSON API under /api (OpenAPI docs at /api/docs), one router per area.

session.py      login, the logged-in user, logout
cases.py        file a case, read it, send it commands, its audit trail and version
supervision.py  overdue cases and the "3+1" indicators of a court's subtree
"""
