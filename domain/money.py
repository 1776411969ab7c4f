"""Amounts in integer fen (分). Never floats."""

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The largest amount one field may carry: 1 万亿元 (a trillion yuan), far above any enforcement
# claim, and far below PostgreSQL's bigint (9.2 × 10^18 fen): the record's sums of many such
# amounts cannot overflow. A larger figure is a typo or an attack, refused at the command.
MAX_FEN = 10**14
Fen = Annotated[int, Field(ge=0, le=MAX_FEN, description="amount in fen (1 yuan = 100 fen)")]
PositiveFen = Annotated[int, Field(gt=0, le=MAX_FEN, description="positive amount in fen")]


def format_yuan(amount_fen: int) -> str:
    """'1,234.56' style rendering of an amount in fen, for people."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(amount_fen), 100)
    return f"{sign}{yuan:,}.{fen:02d}"


# ---------------------------------------------------------------------------- distribution
# 参与分配 / 案款分配: how the case funds on hand are split among the claims on them.


class Claim(BaseModel):
    """One claim on the case funds: a fee (执行费, costs the court advanced) or an applicant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claimant_id: str = Field(min_length=1, description="a party_id, or e.g. 'court_fees'")
    kind: Literal["fee", "applicant"]
    priority: int = Field(
        default=0,
        description="applicants: lower number is paid first (0 secured/priority, 1 ordinary); "
        "fees ignore it",
    )
    owed_fen: int = Field(description="amount owed in fen", json_schema_extra={"minimum": 0})

    @field_validator("owed_fen")
    @classmethod
    def _owed_not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError(
                f"应分配金额不能为负数：{value} 分 / owed amount cannot be negative: {value} fen"
            )
        return value


class Allocation(BaseModel):
    """What one claim receives under a distribution plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claimant_id: str
    kind: Literal["fee", "applicant"]
    amount_fen: Fen


def _canonical_key(claim: Claim) -> tuple[int, int, str]:
    """Fees first (priority ignored), then applicants by priority class, then claimant_id."""
    if claim.kind == "fee":
        return (0, 0, claim.claimant_id)
    return (1, claim.priority, claim.claimant_id)


def _pro_rata(budget: int, claims: Sequence[Claim]) -> dict[str, int]:
    """Split budget (< the claims' total owed) in proportion to owed_fen, in whole fen.

    Floor every exact share, then give the leftover fen one each to the claims with the largest
    remainders, ties to the smaller claimant_id. Every share is the floor or the ceiling of the
    exact share, so nobody gets more than owed.
    """
    total = sum(c.owed_fen for c in claims)
    shares: dict[str, int] = {}
    remainders: list[tuple[int, str]] = []
    for c in claims:
        share, remainder = divmod(budget * c.owed_fen, total)
        shares[c.claimant_id] = share
        remainders.append((remainder, c.claimant_id))
    leftover = budget - sum(shares.values())
    remainders.sort(key=lambda item: (-item[0], item[1]))
    for _, claimant_id in remainders[:leftover]:
        shares[claimant_id] += 1
    return shares


def distribute(available_fen: int, claims: Sequence[Claim]) -> list[Allocation]:
    """Distribute the case funds (参与分配 / 案款分配). Pure and deterministic.

    Fees first — in full, or pro rata among the fees if the money does not cover them all; then
    applicants by priority class ascending, each class in full before the next; the class the
    money runs out in is paid pro rata to owed_fen (see `_pro_rata` for the last fen). Nobody
    gets more than owed; the total allocated is min(available_fen, total owed) and any surplus
    stays unallocated. Every claim gets an allocation, zero included, in canonical order: fees,
    then applicants by priority, each by claimant_id. The order of `claims` does not matter.
    """
    if isinstance(available_fen, bool) or not isinstance(available_fen, int):
        raise TypeError(
            f"可分配金额必须是整数分：{available_fen!r} / "
            f"available amount must be an integer number of fen: {available_fen!r}"
        )
    if available_fen < 0:
        raise ValueError(
            f"可分配金额不能为负数：{available_fen} 分 / "
            f"available amount cannot be negative: {available_fen} fen"
        )
    seen: set[str] = set()
    for claim in claims:
        if claim.owed_fen < 0:  # only reachable through model_construct
            raise ValueError(
                f"应分配金额不能为负数：{claim.claimant_id} {claim.owed_fen} 分 / "
                f"owed amount cannot be negative: {claim.claimant_id} {claim.owed_fen} fen"
            )
        if claim.claimant_id in seen:
            raise ValueError(
                f"债权人重复：{claim.claimant_id} / duplicate claimant_id: {claim.claimant_id}"
            )
        seen.add(claim.claimant_id)

    ordered = sorted(claims, key=_canonical_key)
    classes: dict[tuple[int, int], list[Claim]] = {}
    for claim in ordered:
        classes.setdefault(_canonical_key(claim)[:2], []).append(claim)

    paid: dict[str, int] = {}
    remaining = available_fen
    for members in classes.values():  # insertion order is the payment order
        owed = sum(c.owed_fen for c in members)
        if remaining >= owed:
            paid.update((c.claimant_id, c.owed_fen) for c in members)
            remaining -= owed
        else:
            paid.update(_pro_rata(remaining, members))
            remaining = 0
    return [
        Allocation(claimant_id=c.claimant_id, kind=c.kind, amount_fen=paid[c.claimant_id])
        for c in ordered
    ]


# ---------------------------------------------------------------------------- 大写金额
# An amount in Chinese capitals, as a court writes it on its documents (中国人民银行《正确填写
# 票据和结算凭证的基本规定》): 壹万贰仟叁佰肆拾伍元陆角柒分. The rules of zeros: a run of
# zeros between two written digits is one 零 (¥1,005.07 → 壹仟零伍元零柒分); 角 zero and 分 not
# zero needs 零 after 元 (¥325.04 → 叁佰贰拾伍元零肆分); where the rules leave it free (万位 or
# 元位 zero before a non-zero 仟 or 角, ¥1,680.32) the zero is written (壹仟陆佰捌拾元零叁角贰分),
# so every run of zeros reads the same; an amount that stops at 元 ends in 整, one that stops at
# 角 or 分 does not (¥0.50 → 伍角); a leading 1 in the tens is written (¥15.80 → 壹拾伍元捌角).

_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")  # every four places; MAX_FEN is 1 万亿元


def yuan_in_capitals(amount_fen: int) -> str:
    """The amount (fen, ≥ 0) in Chinese capitals: 10000_00 → 壹万元整, 1005_07 → 壹仟零伍元零柒分,
    100000000_10 → 壹亿元零壹角, 50 → 伍角, 0 → 零元整."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int):
        raise TypeError(f"金额必须是整数分：{amount_fen!r} / amount must be integer fen")
    if not 0 <= amount_fen <= MAX_FEN:
        raise ValueError(f"金额超出范围：{amount_fen} 分 / amount out of range: {amount_fen} fen")
    yuan, rest = divmod(amount_fen, 100)
    jiao, fen = divmod(rest, 10)
    out: list[str] = []
    zeros = False  # a run of zeros waits for the next written digit

    def digit(value: int, unit: str) -> None:
        nonlocal zeros
        if value == 0:
            zeros = True
            return
        if zeros and out:
            out.append("零")
        zeros = False
        out.append(_CAPITAL_DIGITS[value] + unit)

    figures = str(yuan) if yuan else ""
    for i, figure in enumerate(figures):
        place = len(figures) - 1 - i
        digit(int(figure), _PLACES[place % 4])
        if place % 4 == 0 and place and int(figures[max(0, i - 3) : i + 1]):
            out.append(_GROUPS[place // 4])
    if yuan:
        out.append("元")
    digit(jiao, "角")
    digit(fen, "分")
    if not out:
        return "零元整"
    return "".join(out) + ("整" if jiao == fen == 0 else "")
