"""What the simulated court systems answer, and when: deterministic for a given request.

Pure (the simulator workflow imports it). The figures are plausible, not real: an e-service
platform that takes a few days, a network search that finds a deposit for most respondents
and a flat for some, a bank that confirms a freeze within days, and one delivery in three
failing once on the way.
"""

import hashlib
from typing import Any

from pydantic import BaseModel

from domain.effects import ExternalRequest

SIMULATOR_USER = "simulator"


class SimulatedAnswer(BaseModel):
    workflow_id: str
    court_code: str
    request_key: str
    fail_first_attempt: bool
    commands: list[dict[str, Any]]  # each becomes one ``submit`` envelope


class SimulationPlan(BaseModel):
    delay_days: int
    fail_first_attempt: bool


def _digest(request: ExternalRequest) -> int:
    return int.from_bytes(hashlib.sha256(request.request_key.encode()).digest()[:8], "big")


def plan(request: ExternalRequest) -> SimulationPlan:
    h = _digest(request)
    base = {
        "serve_documents": 1,
        "search_assets": 2,
        "apply_control": 1,
        "request_valuation": 1,
        "publish_auction": 0,  # answers when bidding ends (the simulator waits for that)
        "cancel_auction": 0,
    }[request.kind]
    if request.kind == "request_valuation" and request.payload["method"] == "appraisal":
        base = 15  # an appraisal report takes weeks (the deadline is 30 days)
    return SimulationPlan(delay_days=base + h % 4, fail_first_attempt=h % 3 == 0)


def answer(request: ExternalRequest, today: str) -> list[dict[str, Any]]:
    """The commands the simulated system sends back on ``today`` (ISO date)."""
    h = _digest(request)
    p = request.payload
    if request.kind == "serve_documents":
        return [
            {
                "type": "record_service",
                "document_id": doc_id,
                "served_on": today,
                "method": p["method"],
            }
            for doc_id in p["document_ids"]
        ]
    if request.kind == "search_assets":
        findings: list[dict[str, Any]] = []
        for i, party_id in enumerate(p["respondent_ids"]):
            if (h >> i) % 3 != 0:
                findings.append(
                    {
                        "asset_id": f"SIM-{p['search_id']}-{i}-DEP",
                        "kind": "bank_deposit",
                        "description": "模拟银行存款账户（模拟器）",
                        "owner_party_id": party_id,
                        "value_fen": ((h >> (i + 8)) % 500 + 10) * 10_000,
                        "holder": "模拟银行",
                    }
                )
            if (h >> (i + 4)) % 5 == 0:
                findings.append(
                    {
                        "asset_id": f"SIM-{p['search_id']}-{i}-RE",
                        "kind": "real_estate",
                        "description": "模拟不动产（模拟器）",
                        "owner_party_id": party_id,
                        "holder": "模拟不动产登记中心",
                    }
                )
        return [
            {"type": "complete_asset_search", "search_id": p["search_id"], "findings": findings}
        ]
    if request.kind == "request_valuation":
        # 1 to 5 million yuan, in fen
        price = ((h >> 8) % 400 + 100) * 1_000_000
        return [
            {
                "type": "record_valuation",
                "asset_id": p["asset_id"],
                "reference_price_fen": price,
                "received_on": today,
            }
        ]
    if request.kind == "publish_auction":
        # The platform: a first round fails for half the assets, a re-auction for a third.
        fails = (h >> (4 + p["round"])) % (2 if p["round"] == 1 else 3) == 0
        if fails:
            return [
                {
                    "type": "record_auction_result",
                    "auction_id": p["auction_id"],
                    "outcome": "failed",
                }
            ]
        increments = (h >> 12) % 20
        price = p["start_price_fen"] + increments * max(p["start_price_fen"] // 100, 1)
        return [
            {
                "type": "record_auction_result",
                "auction_id": p["auction_id"],
                "outcome": "sold",
                "price_fen": price,
                "buyer": "模拟竞买人",
            }
        ]
    if request.kind == "cancel_auction":
        return []
    if p["action"] in ("freeze", "renew"):
        return [{"type": "confirm_freeze", "asset_id": p["asset_id"], "effective_on": today}]
    return []  # a release needs no answer
