"""The example change of tests/replay/test_patching.py, as workflows: with its patch and without.
A module of its own, free of I/O at import, because the sandbox imports it again for every run."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

from workflows.case_run import CaseRun
from workflows.enforcement_case import EnforcementCase

with workflow.unsafe.imports_passed_through():
    from domain.commands import FileCase
    from domain.snapshot import CaseSnapshot


@workflow.defn(name="EnforcementCase")
class PatchedCase(EnforcementCase):
    """The case with the example change behind its patch."""

    @workflow.init
    def __init__(self, start: FileCase | CaseRun) -> None:
        super().__init__(start)

    @workflow.run
    async def run(self, start: FileCase | CaseRun) -> CaseSnapshot:
        if workflow.patched("example-wait-before-beginning"):
            await workflow.sleep(timedelta(seconds=1))
        return await super().run(start)


@workflow.defn(name="EnforcementCase")
class UnguardedCase(EnforcementCase):
    """The same change without its patch: what a careless change does to running cases."""

    @workflow.init
    def __init__(self, start: FileCase | CaseRun) -> None:
        super().__init__(start)

    @workflow.run
    async def run(self, start: FileCase | CaseRun) -> CaseSnapshot:
        await workflow.sleep(timedelta(seconds=1))
        return await super().run(start)
