"""Activities that reach court systems and people, through the adapters."""

from collections.abc import Awaitable, Callable

from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.adapters import (
    CourtSystemsAdapter,
    FilingDesk,
    Notifier,
    Treasury,
    deliver_answer,
)
from activities.contracts import (
    CARRY_OUT_ACTIVITY,
    CaseEventBatch,
    DispatchReceipt,
    EffectReceipt,
    PayoutReceipt,
    WritReceipt,
)
from activities.simulation import SIMULATOR_USER, SimulatedAnswer
from activities.writs import WritOffice
from domain.effects import (
    CaseMessage,
    Effect,
    EntrustmentLetter,
    ExternalRequest,
    Notification,
    PayoutOrder,
    WritOrder,
)
from runtime.contract import case_workflow_id

# 执行指挥中心综合管理平台: how one court's case tells another's
COURT_PLATFORM_USER = "court-platform"


class CourtSystemActivities:
    """`carry_out` is how a case sends its outbox: it first appends the case's events not yet
    recorded, so recording and acting take one activity and the record holds an effect's cause
    before the effect goes out."""

    def __init__(
        self,
        systems: CourtSystemsAdapter,
        notifier: Notifier,
        treasury: Treasury,
        recorder: Callable[[CaseEventBatch], Awaitable[object]] | None = None,
        filing_desk: FilingDesk | None = None,
        writ_office: WritOffice | None = None,
    ) -> None:
        self.systems = systems
        self.notifier = notifier
        self.treasury = treasury
        self.filing_desk = filing_desk  # the receiving courts' (委托执行)
        self.recorder = recorder  # the store's append (raises a non-retryable error on refusal)
        self.writ_office = writ_office  # renders documents into the record (文书)

    async def _record(self, record: CaseEventBatch | None) -> None:
        if record is None:
            return
        if self.recorder is None:
            raise ApplicationError(
                "此工作进程未连接案件记录 / this worker has no case record",
                type="store.unavailable",
            )
        await self.recorder(record)

    @activity.defn(name=CARRY_OUT_ACTIVITY)
    async def carry_out(self, item: Effect, record: CaseEventBatch | None) -> EffectReceipt:
        """Record, then act: append the case's events not yet recorded (`record`), then carry
        out the effect; a payout answers with the treasury's receipt, a document with its
        fingerprint."""
        await self._record(record)
        if isinstance(item, ExternalRequest):
            await self.dispatch_request(item)
            return None
        if isinstance(item, PayoutOrder):
            return await self.pay_out(item)
        if isinstance(item, EntrustmentLetter):
            await self.send_letter(item)
            return None
        if isinstance(item, CaseMessage):
            await self.tell_case(item)
            return None
        if isinstance(item, WritOrder):
            return await self.issue_writ(item)
        await self.send_notification(item)
        return None

    async def send_letter(self, letter: EntrustmentLetter) -> DispatchReceipt:
        """委托执行函 to the receiving court's filing desk, which dockets the case."""
        if self.filing_desk is None:
            raise ApplicationError(
                "此工作进程未配置立案接口 / this worker has no filing desk",
                type="entrust.no_filing_desk",
            )
        receipt = await self.filing_desk.docket(letter)
        activity.logger.info(
            "letter %s docketed (%s: %s)", letter.letter_key, receipt.mode, receipt.reference
        )
        return receipt

    async def issue_writ(self, order: WritOrder) -> WritReceipt:
        """Render the document and keep it in the record (once per key)."""
        if self.writ_office is None:
            raise ApplicationError(
                "此工作进程未连接案件记录，无法保存文书 / this worker has no case record to keep "
                "documents in",
                type="store.unavailable",
            )
        receipt = await self.writ_office.issue(order)
        activity.logger.info("writ %s kept (sha256 %s)", order.writ_key, receipt.sha256)
        return receipt

    async def tell_case(self, message: CaseMessage) -> None:
        """A command for another case, as the platform acting for that case's court."""
        envelope = {
            "request_id": message.message_key,
            "actor": {
                "user_id": COURT_PLATFORM_USER,
                "role": "integration",
                "court_code": message.court_code,
            },
            "command": message.command,
        }
        await deliver_answer(activity.client(), case_workflow_id(message.case_number), envelope)

    async def dispatch_request(self, request: ExternalRequest) -> DispatchReceipt:
        """Send a request (service, search, control) to the court system that handles it."""
        receipt = await self.systems.dispatch(request)
        activity.logger.info(
            "request %s dispatched (%s: %s)", request.request_key, receipt.mode, receipt.reference
        )
        return receipt

    async def pay_out(self, order: PayoutOrder) -> PayoutReceipt:
        """Order the treasury to pay one line of a distribution plan (pays once per key)."""
        return await self.treasury.pay(order)

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
