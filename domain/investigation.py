"""查控: searching for the respondent's property through the court network (网络查控) or on
site, what the searches find, and the property leads (财产线索) the applicant hands in.

Sources: 《关于民事执行中财产调查若干问题的规定》 arts. 1-3, 12-13.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.calendar import local_date
from domain.deadlines import LEAD_CHECK_URGENT_DAYS, RULES
from domain.decision import Decision, calendar, reject, respondent
from domain.roles import ANSWERERS, CASE_STAFF
from domain.spec import ACTIVE, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import Asset, CaseState, Lead, Search

SCOPES = ("network", "on_site")
MOVABLE_KINDS = frozenset({"movable", "vehicle"})


def search_pending(state: CaseState, scope: str) -> bool:
    return any(s.state == "pending" and s.scope == scope for s in state.searches.values())


def pending_searches(state: CaseState) -> list[Search]:
    return [s for s in state.searches.values() if s.state == "pending"]


def request_asset_search(d: Decision, cmd: c.RequestAssetSearch) -> None:
    if search_pending(d.case, cmd.scope):
        raise reject(
            "search.pending",
            "已有未完成的查控请求",
            "an asset search of this scope is still pending",
        )
    d.emit(ev.AssetSearchRequested(search_id=f"S{d.next_seq}", scope=cmd.scope))
    if cmd.scope == "network":  # an on-site search does not stand in for the network search
        d.meet("assets.search")


def found(d: Decision, finding: c.AssetFinding, **origin: str | None) -> None:
    if finding.asset_id in d.case.assets:
        raise reject(
            "asset.duplicate",
            f"财产 {finding.asset_id} 已登记",
            f"asset {finding.asset_id} is already recorded",
        )
    respondent(d.case, finding.owner_party_id)
    d.emit(ev.AssetFound(asset=finding, movable=finding.kind in MOVABLE_KINDS, **origin))


def complete_asset_search(d: Decision, cmd: c.CompleteAssetSearch) -> None:
    search = d.case.searches.get(cmd.search_id)
    if search is None or search.state != "pending":
        raise reject(
            "search.not_pending",
            f"查控请求 {cmd.search_id} 不存在或已完成",
            f"asset search {cmd.search_id} is unknown or already finished",
        )
    ids = [f.asset_id for f in cmd.findings]
    if len(set(ids)) != len(ids):
        raise reject("asset.duplicate", "查控结果中财产编号重复", "duplicate asset_id in findings")
    d.emit(ev.AssetSearchCompleted(search_id=cmd.search_id, findings=len(cmd.findings)))
    for finding in cmd.findings:
        found(d, finding, search_id=cmd.search_id)
    if not pending_searches(d.case):
        d.meet("assets.investigation")


def record_asset_found(d: Decision, cmd: c.RecordAssetFound) -> None:
    if cmd.lead_id is not None and cmd.lead_id not in d.case.leads:
        raise reject("lead.unknown", f"财产线索 {cmd.lead_id} 不存在", f"no lead {cmd.lead_id}")
    found(d, cmd.asset, lead_id=cmd.lead_id)


def register_property_lead(d: Decision, cmd: c.RegisterPropertyLead) -> None:
    if cmd.lead_id in d.case.leads:
        raise reject(
            "lead.duplicate",
            f"财产线索 {cmd.lead_id} 已登记",
            f"lead {cmd.lead_id} is already registered",
        )
    d.emit(
        ev.PropertyLeadRegistered(
            lead_id=cmd.lead_id, description=cmd.description, urgent=cmd.urgent
        )
    )
    rule = RULES["assets.lead_check"]
    days = LEAD_CHECK_URGENT_DAYS if cmd.urgent else rule.amount
    d.open_deadline(rule.rule_id, cmd.lead_id, rule.due(calendar(), d.today, days))


def open_leads(state: CaseState) -> list[Lead]:
    return [lead for lead in state.leads.values() if lead.state == "open"]


def record_lead_checked(d: Decision, cmd: c.RecordLeadChecked) -> None:
    lead = d.case.leads.get(cmd.lead_id)
    if lead is None or lead.state != "open":
        raise reject(
            "lead.not_open",
            f"财产线索 {cmd.lead_id} 不存在或已核查",
            f"lead {cmd.lead_id} is unknown or already checked",
        )
    d.emit(ev.PropertyLeadChecked(lead_id=cmd.lead_id, found=cmd.found, note=cmd.note))
    d.meet("assets.lead_check", cmd.lead_id)


COMMANDS: Commands = (
    CommandSpec(
        c.RequestAssetSearch,
        label_zh="发起网络查控",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=request_asset_search,
        offer_when=lambda s: any(not search_pending(s, scope) for scope in SCOPES),
    ),
    CommandSpec(
        c.CompleteAssetSearch,
        label_zh="登记查控结果",
        statuses=OPEN,
        roles=CASE_STAFF | ANSWERERS,
        decide=complete_asset_search,
        offer_when=lambda s: bool(pending_searches(s)),
    ),
    CommandSpec(
        c.RecordAssetFound,
        label_zh="登记发现财产",
        statuses=OPEN,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_asset_found,
    ),
    CommandSpec(
        c.RegisterPropertyLead,
        label_zh="登记财产线索",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=register_property_lead,
    ),
    CommandSpec(
        c.RecordLeadChecked,
        label_zh="登记线索核查结果",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_lead_checked,
        offer_when=lambda s: bool(open_leads(s)),
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _search_requested(s: CaseState, e: ev.AssetSearchRequested) -> None:
    s.searches[e.search_id] = Search(
        search_id=e.search_id,
        scope=e.scope,
        requested_on=local_date(e.occurred_at),
        dormant_requery=e.dormant_requery,
    )


def _search_completed(s: CaseState, e: ev.AssetSearchCompleted) -> None:
    search = s.searches[e.search_id]
    search.state, search.findings = "finished", e.findings


def _asset_found(s: CaseState, e: ev.AssetFound) -> None:
    a = e.asset
    s.assets[a.asset_id] = Asset(
        asset_id=a.asset_id,
        kind=a.kind,
        description=a.description,
        owner_party_id=a.owner_party_id,
        value_fen=a.value_fen,
        holder=a.holder,
        movable=e.movable,
        found_on=local_date(e.occurred_at),
    )


def _lead_registered(s: CaseState, e: ev.PropertyLeadRegistered) -> None:
    s.leads[e.lead_id] = Lead(lead_id=e.lead_id, description=e.description, urgent=e.urgent)


def _lead_checked(s: CaseState, e: ev.PropertyLeadChecked) -> None:
    lead = s.leads[e.lead_id]
    lead.state, lead.found = "checked", e.found


APPLIERS: Appliers = (
    Applier(ev.AssetSearchRequested, _search_requested),
    Applier(ev.AssetSearchCompleted, _search_completed),
    Applier(ev.AssetFound, _asset_found),
    Applier(ev.PropertyLeadRegistered, _lead_registered),
    Applier(ev.PropertyLeadChecked, _lead_checked),
)
