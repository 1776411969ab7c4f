"""Workflows: orchestration only."""

from workflows.case_run import CaseRun
from workflows.enforcement_case import EnforcementCase
from workflows.simulator import CourtSystemSimulator

CASE_WORKFLOWS = [EnforcementCase]
SIMULATOR_WORKFLOWS = [CourtSystemSimulator]

__all__ = [
    "CASE_WORKFLOWS",
    "SIMULATOR_WORKFLOWS",
    "CaseRun",
    "EnforcementCase",
]
