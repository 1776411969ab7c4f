"""The workflows a worker registers, by task queue (workers.worker ``build_workers``)."""

from workflows.enforcement_case import EnforcementCase
from workflows.simulator import CourtSystemSimulator

CASE_WORKFLOWS = [EnforcementCase]
SIMULATOR_WORKFLOWS = [CourtSystemSimulator]
