"""Fines and detention (罚款, 拘留) within the law, edition 3 on (DOMAIN-2 §4): 民诉法 (2023)
art. 118 caps a fine at ¥100,000 for a person and between ¥50,000 and ¥1,000,000 for a unit
(`sanction.fine.cap`) and detention at 15 days (`sanction.detention.cap`, in the commands'
models); art. 119 has the president approve both (`sanction.approval`: "拘传、罚款、拘留必须经
院长批准"). Before edition 3 a bureau head approved and no cap was checked.

Used by ``impose_measure`` (domain/measures.py) and ``sanction_obstruction`` (domain/dormant.py).
Left for later: detention first and approval after the fact in an emergency
(`sanction.emergency`), the 3-day 复议 decided in 5 (`sanction.reconsider.*`).
"""

from __future__ import annotations

from domain.commands import Role
from domain.decision import reject
from domain.errors import DomainError
from domain.money import format_yuan

FINE_CAP_PERSON_FEN = 10_000_000  # ¥100,000
FINE_MIN_UNIT_FEN = 5_000_000  # ¥50,000
FINE_CAP_UNIT_FEN = 100_000_000  # ¥1,000,000
NEEDING_THE_PRESIDENT = frozenset({"fine", "detention"})


def sanction_refusal(
    sanction: str, role: Role, kind: str, amount_fen: int | None
) -> DomainError | None:
    """Why a fine or detention of a ``kind`` of party, approved by ``role``, breaks the law."""
    if sanction in NEEDING_THE_PRESIDENT and role != "president":
        return reject(
            "sanction.approval",
            "罚款、拘留须经院长批准（民诉法第119条）",
            "a fine or detention needs the president's approval (Civil Procedure Law art. 119)",
        )
    if sanction != "fine" or amount_fen is None:
        return None
    person = kind == "person"  # a unit: a company or another organization (其他组织)
    low, high = (0, FINE_CAP_PERSON_FEN) if person else (FINE_MIN_UNIT_FEN, FINE_CAP_UNIT_FEN)
    if low <= amount_fen <= high:
        return None
    whom_zh, whom_en = ("个人", "a person") if person else ("单位", "a unit")
    bounds_zh = f"{format_yuan(low)}元以上" if low else ""
    return reject(
        "sanction.fine.cap",
        f"对{whom_zh}的罚款金额为{bounds_zh}{format_yuan(high)}元以下（民诉法第118条），"
        f"不能罚款 {format_yuan(amount_fen)} 元",
        f"a fine on {whom_en} is {format_yuan(low)} to {format_yuan(high)} yuan "
        f"(Civil Procedure Law art. 118), not {format_yuan(amount_fen)}",
    )
