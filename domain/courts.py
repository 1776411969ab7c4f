"""The courts (法院) and the chain of courts above each one.

The hierarchy is data, not a rule of the code: a ``CourtRegistry`` of (code, name, level,
parent) rows, loaded by the processes from PostgreSQL (``store/courts.py``; the table is seeded
from ``store/data/courts.csv`` and extended by ``zhixing courts import``). A court's code does
not say which court is above it: 北京市朝阳区人民法院 (京0105) sits under 北京市第三中级人民法院
(京03), 北京互联网法院 (京0491) under 京04, the IP and financial courts (京73, 京74) directly under
the high court (京).

A case records its **court chain** when it is filed: its own court first, then each court
above it up to the Supreme People's Court (最高法). Every rule of the case that says "the court
above" or "a court's subtree" reads that chain, so replaying a case never depends on a table
that changed later. The record's lists follow the same chains (store/queries.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError

SUPREME_COURT = "最高法"  # 最高人民法院

CourtLevel = Literal[
    "最高", "高级", "中级", "基层", "专门"
]  # 专门: IP, financial, internet, railway

CourtChain = tuple[str, ...]
"""A court and every court above it, nearest first: ("京0105", "京03", "京", "最高法")."""


class Court(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    level: CourtLevel
    parent_code: str | None  # None only for the Supreme People's Court


class UnknownCourt(KeyError):
    """A court code the registry does not hold."""


def unknown_court(code: str) -> DomainError:
    return DomainError(
        "court.unknown",
        f"法院代码 {code} 不在法院名录中",
        f"court {code} is not in the court registry",
    )


class CourtRegistry:
    """The courts as a tree under the Supreme People's Court; refuses any table that is not one
    (a duplicate code, an unknown parent, a cycle, a second root)."""

    def __init__(self, courts: Iterable[Court]) -> None:
        self._courts: dict[str, Court] = {}
        for court in courts:
            if court.code in self._courts:
                raise ValueError(f"法院代码重复 / duplicate court code {court.code}")
            self._courts[court.code] = court
        self._children: dict[str, list[str]] = {code: [] for code in self._courts}
        for court in self._courts.values():
            if court.parent_code is None:
                if court.code != SUPREME_COURT:
                    raise ValueError(f"{court.code} 没有上级法院 / {court.code} has no parent")
            elif court.parent_code not in self._courts:
                raise ValueError(
                    f"{court.code} 的上级法院 {court.parent_code} 不在表中 / "
                    f"{court.code}'s parent {court.parent_code} is not in the table"
                )
            else:
                self._children[court.parent_code].append(court.code)
        if SUPREME_COURT not in self._courts:
            raise ValueError(f"表中没有{SUPREME_COURT} / the table lacks {SUPREME_COURT}")
        for code in self._courts:
            self.chain(code)  # raises on a cycle

    def __contains__(self, code: object) -> bool:
        return code in self._courts

    def __iter__(self) -> Iterator[Court]:
        return iter(self._courts.values())

    def __len__(self) -> int:
        return len(self._courts)

    def get(self, code: str) -> Court:
        try:
            return self._courts[code]
        except KeyError:
            raise UnknownCourt(code) from None

    def chain(self, code: str) -> CourtChain:
        """``code`` and every court above it, up to the Supreme People's Court."""
        chain = [self.get(code).code]
        while (parent := self._courts[chain[-1]].parent_code) is not None:
            if parent in chain:
                raise ValueError(f"上级法院成环 / the parents of {code} form a cycle")
            chain.append(parent)
        return tuple(chain)

    def subtree(self, code: str) -> frozenset[str]:
        """``code`` and every court below it."""
        found, todo = set(), [self.get(code).code]
        while todo:
            current = todo.pop()
            found.add(current)
            todo.extend(self._children[current])
        return frozenset(found)

    def reach(self, code: str) -> CourtChain:
        """The chain by which access to ``code``'s cases is judged: the registry's, or for a
        court it does not hold, the court itself under the Supreme People's Court alone."""
        return self.chain(code) if code in self else (code, SUPREME_COURT)

    def scope(self, code: str) -> frozenset[str] | None:
        """The courts a listing of ``code``'s subtree covers; None for the Supreme People's Court:
        every case, whatever its court."""
        return None if code == SUPREME_COURT else self.subtree(code)


def chain_problem(court_code: str, chain: Sequence[str]) -> str | None:
    """Why ``chain`` cannot be the court chain of a case of ``court_code`` (None: it can)."""
    if not chain or chain[0] != court_code:
        return f"法院链应以 {court_code} 开头 / the court chain must start with {court_code}"
    if chain[-1] != SUPREME_COURT:
        return f"法院链应以{SUPREME_COURT}结尾 / the court chain must end with {SUPREME_COURT}"
    if len(set(chain)) != len(chain):
        return "法院链中有重复的法院 / a court appears twice in the court chain"
    return None


def prefix_chain(court_code: str) -> CourtChain:
    """How cases filed before the registry (edition 1, domain/editions.py) read the courts above
    them: by the code's prefix (京0105 → 京01 → 京 → 最高法). Wrong for many courts (京0105 is
    under 京03); kept only so those cases replay as they ran. Never used for a new filing."""
    if court_code == SUPREME_COURT:
        return (SUPREME_COURT,)
    chain = [court_code]
    for length in (3, 1):
        if len(chain[-1]) > length:
            chain.append(chain[-1][:length])
    if chain[-1] != SUPREME_COURT:
        chain.append(SUPREME_COURT)
    return tuple(chain)


def covers(court: str, chain: Sequence[str]) -> bool:
    """``court`` is the case's own court or one above it (``chain`` is the case's chain)."""
    return court in chain


def is_above(court: str, chain: Sequence[str]) -> bool:
    """``court`` is strictly above the case's own court."""
    return court in chain[1:]


def at_or_above(court: str, other: str, chain: Sequence[str]) -> bool:
    """``court`` is ``other`` or a court above it, both read in the case's chain."""
    if other not in chain:
        return court == other
    return court in chain[chain.index(other) :]


def court_above(court: str, chain: Sequence[str]) -> str:
    """The court directly above ``court`` in the case's chain (the Supreme Court for itself)."""
    position = chain.index(court)
    return chain[min(position + 1, len(chain) - 1)]


def high_court(chain: Sequence[str]) -> str:
    """The high court (高级人民法院) of the case's chain: the court just below the Supreme Court
    (京0105 → 京03 → 京 → 最高法: 京). A high court's own case files with itself; a case of the
    Supreme Court has none above it but itself."""
    return chain[-2] if len(chain) >= 2 else chain[0]
