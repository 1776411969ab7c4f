"""The case record in PostgreSQL: event store, supervisor projections, case-funds ledger.

db.py           connection (URL or embedded server), pool, migrations
event_store.py  append (idempotent, divergent duplicates refused) + case_summary + ledger
projection.py   case_summary rows folded by domain.fold.fold
ledger.py       ledger entries from money events; reconciliation
queries.py      supervisor lists and the "3+1" indicators (CLI now, web later)
rebuild.py      fold every case's record again and compare with case_summary
activity.py     the Temporal activity `append_case_events`
contracts.py    the activity's input (imported by the workflow; pure pydantic)
"""
