"""Workflows: orchestration only.

This package's ``__init__`` imports nothing. The sandbox imports a workflow's module afresh for
every workflow run it starts, and its package's ``__init__`` with it: each workflow module
imported here would be loaded again, code objects and classes, for every cached case
(docs/PERFORMANCE.md, worker memory). What a worker registers is in ``workflows.catalog``.
"""
