"""Workflows: orchestration only."""

from workflows.enforcement_case import EnforcementCase
from workflows.outbox import CaseRun, case_workflow_id
from workflows.simulator import CourtSystemSimulator

CASE_WORKFLOWS = [EnforcementCase]
SIMULATOR_WORKFLOWS = [CourtSystemSimulator]

__all__ = [
    "CASE_WORKFLOWS",
    "SIMULATOR_WORKFLOWS",
    "CaseRun",
    "EnforcementCase",
    "case_workflow_id",
]
