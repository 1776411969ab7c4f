"""Activities that reach court systems and people, through the adapters."""

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.adapters import CourtSystemsAdapter, Notifier, Treasury, deliver_answer
from activities.contracts import (
    DispatchReceipt,
    ExternalRequest,
    Notification,
    PayoutOrder,
    PayoutReceipt,
)
from activities.simulation import SIMULATOR_USER, SimulatedAnswer


class CourtSystemActivities:
    def __init__(
        self, systems: CourtSystemsAdapter, notifier: Notifier, treasury: Treasury
    ) -> None:
        self.systems = systems
        self.notifier = notifier
        self.treasury = treasury

    @activity.defn(name="dispatch_request")
    async def dispatch_request(self, request: ExternalRequest) -> DispatchReceipt:
        """Send a request (service, search, control) to the court system that handles it."""
        receipt = await self.systems.dispatch(request)
        activity.logger.info(
            "request %s dispatched (%s: %s)", request.request_key, receipt.mode, receipt.reference
        )
        return receipt

    @activity.defn(name="pay_out")
    async def pay_out(self, order: PayoutOrder) -> PayoutReceipt:
        """Order the treasury to pay one line of a distribution plan (pays once per key)."""
        return await self.treasury.pay(order)

    @activity.defn(name="send_notification")
    async def send_notification(self, notification: Notification) -> None:
        await self.notifier.notify(notification)


@activity.defn(name="deliver_simulated_answer")
async def deliver_simulated_answer(answer: SimulatedAnswer) -> None:
    """The simulator's answer reaching the case, as a real integration's would."""
    if answer.fail_first_attempt and activity.info().attempt == 1:
        raise ApplicationError("模拟的暂时性故障 / simulated transient failure of the platform")
    for i, command in enumerate(answer.commands):
        envelope = {
            "request_id": f"{answer.request_key}/answer/{i}",
            "actor": {
                "user_id": SIMULATOR_USER,
                "role": "integration",
                "court_code": answer.court_code,
            },
            "command": command,
        }
        await deliver_answer(activity.client(), answer.workflow_id, envelope)
