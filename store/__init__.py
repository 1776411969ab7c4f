"""The case record in PostgreSQL: event store, supervisor projections, case-funds ledger, and the
web's users and sessions.

db.py           connection (URL or embedded server), pool, migrations
event_store.py  append (idempotent, divergent duplicates refused) + case_summary + ledger; reads
projection.py   case_summary rows folded by domain.fold.fold
ledger.py       ledger entries from money events; a case's entries; reconciliation
queries.py      queries over case_summary: supervisor lists, a court's open cases, "3+1" indicators
outbox.py       the notification outbox and its dispatcher
rebuild.py      fold every case's record again and compare with case_summary
users.py        users (who may log in) and web sessions
"""
