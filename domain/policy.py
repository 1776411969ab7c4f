"""Who may do what, in one place: the workflow, the CLI and the web layer all ask here.

Officers, judges, bureau heads and presidents act on their own court's cases; supervisors of a
higher court read every case whose court code starts with their own (court-code prefix rule,
《关于人民法院案件案号的若干规定》); integrations answer requests for the court they serve.
"""

from domain.commands import Actor, Role

CASE_STAFF: frozenset[Role] = frozenset({"officer", "judge", "bureau_head", "president"})
DECIDERS: frozenset[Role] = frozenset({"judge", "bureau_head", "president"})
ANSWERERS: frozenset[Role] = frozenset({"integration", "system"})
SUPERVISORS: frozenset[Role] = frozenset({"supervisor"})

# command type -> roles that may issue it
COMMAND_ROLES: dict[str, frozenset[Role]] = {
    "issue_notice": CASE_STAFF,
    "record_service": CASE_STAFF | ANSWERERS,
    "record_property_report": CASE_STAFF,
    "impose_measure": CASE_STAFF,
    "request_asset_search": CASE_STAFF,
    "complete_asset_search": CASE_STAFF | ANSWERERS,
    "record_asset_found": CASE_STAFF | ANSWERERS,
    "register_property_lead": CASE_STAFF,
    "record_lead_checked": CASE_STAFF,
    "freeze_asset": CASE_STAFF,
    "confirm_freeze": CASE_STAFF | ANSWERERS,
    "renew_freeze": CASE_STAFF,
    "release_asset": CASE_STAFF,
    "deduct_funds": CASE_STAFF | ANSWERERS,
    "suspend": DECIDERS,  # 中止执行 is ordered by ruling
    "resume": DECIDERS,
    "extend_time_limit": frozenset({"president"}),  # 院长批准
    "terminate_this_procedure": DECIDERS,
    "resume_enforcement": CASE_STAFF,
    "close_case": DECIDERS,
    "start_valuation": CASE_STAFF,
    "extend_valuation": CASE_STAFF,
    "record_valuation": CASE_STAFF | ANSWERERS,
    "record_valuation_objection": CASE_STAFF,
    "schedule_auction": CASE_STAFF,
    "record_auction_result": CASE_STAFF | ANSWERERS,
    "start_sale": CASE_STAFF,
    "record_sale_result": CASE_STAFF | ANSWERERS,
    "accept_in_kind": CASE_STAFF,
    "record_funds_received": CASE_STAFF | ANSWERERS,
    "approve_distribution": DECIDERS,  # 案款分配 is approved by the judge
    "record_payout": CASE_STAFF | ANSWERERS,
    "record_settlement": CASE_STAFF,
    "record_installment_paid": CASE_STAFF | ANSWERERS,
    "declare_settlement_default": DECIDERS,
    "propose_bankruptcy_transfer": CASE_STAFF,
    "approve_bankruptcy_transfer": DECIDERS,
    "record_bankruptcy_decision": CASE_STAFF | ANSWERERS,
    # 督办 is opened, urged and closed by a higher court; the handling court reports.
    "open_supervision": SUPERVISORS,
    "urge": SUPERVISORS,
    "close_supervision": SUPERVISORS,
    "submit_supervision_report": CASE_STAFF,
    "register_petition": CASE_STAFF,
    "respond_petition": CASE_STAFF,
    "close_petition": CASE_STAFF,
}

# Commands a court above the case's court issues (court-code prefix rule, strictly above).
FROM_ABOVE: frozenset[str] = frozenset({"open_supervision", "urge", "close_supervision"})

# Fines and detention need the president's approval (民事诉讼法 arts. 118-119); the bureau
# head signs for the president where the court has delegated it.
MEASURES_NEEDING_APPROVAL = frozenset({"fine", "detention", "exit_ban"})
MEASURE_APPROVERS: frozenset[Role] = frozenset({"bureau_head", "president"})

ROLE_NAMES_ZH: dict[str, str] = {
    "officer": "承办人",
    "judge": "法官",
    "bureau_head": "执行局长",
    "president": "院长",
    "supervisor": "督办人员",
    "integration": "外部系统",
    "system": "系统",
    "supervising_leadership": "督办法院领导",
    "higher_court": "上级法院执行指挥中心",
}


def court_covers(supervising_court: str, court_code: str) -> bool:
    """A court sees its own cases and those of every court whose code starts with its own."""
    return supervising_court == "最高法" or court_code.startswith(supervising_court)


def may_read(actor: Actor, court_code: str) -> bool:
    if actor.role == "supervisor":
        return court_covers(actor.court_code, court_code)
    return actor.court_code == court_code


def may_issue(actor: Actor, court_code: str, command_type: str) -> bool:
    roles = COMMAND_ROLES.get(command_type, frozenset())
    if command_type in FROM_ABOVE:
        return actor.role in roles and is_above(actor.court_code, court_code)
    return actor.role in roles and actor.court_code == court_code


def is_above(supervising_court: str, court_code: str) -> bool:
    """A court strictly above another in the court-code tree (京01 above 京0105, not itself)."""
    return supervising_court != court_code and court_covers(supervising_court, court_code)


def may_list(actor: Actor, court_code: str) -> bool:
    """May the actor list the cases of ``court_code``'s subtree (CLI ``supervise list``, web)?
    Supervisors list every court their own covers; everybody else only their own court."""
    return may_read(actor, court_code)


def higher_court(court_code: str) -> str:
    """京0105 → 京01 → 京 → 最高法."""
    if court_code == "最高法":
        return court_code
    if len(court_code) > 3:
        return court_code[:3]
    if len(court_code) > 1:
        return court_code[:1]
    return "最高法"
