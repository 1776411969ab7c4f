"""The simulated court systems answer here: days later, by Temporal timers."""

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities import simulation
    from domain.calendar import local_date
    from domain.effects import ExternalRequest
    from runtime.contract import case_workflow_id


@workflow.defn(name="CourtSystemSimulator")
class CourtSystemSimulator:
    @workflow.run
    async def run(self, request: ExternalRequest) -> int:
        plan = simulation.plan(request)
        await workflow.sleep(timedelta(days=plan.delay_days))
        if request.kind == "publish_auction":  # the platform answers when bidding is over
            ends = datetime.fromisoformat(request.payload["bidding_ends_at"])
            await workflow.sleep(max(ends - workflow.now(), timedelta(0)) + timedelta(hours=1))
        commands = simulation.answer(request, local_date(workflow.now()).isoformat())
        if commands:
            await workflow.execute_activity(
                "deliver_simulated_answer",
                simulation.SimulatedAnswer(
                    workflow_id=case_workflow_id(request.case_id),
                    court_code=request.court_code,
                    request_key=request.request_key,
                    fail_first_attempt=plan.fail_first_attempt,
                    commands=commands,
                ),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=RetryPolicy(initial_interval=timedelta(seconds=1)),
            )
        return len(commands)
