"""What every area of the rules contributes: a ``CommandSpec`` for each command it decides and an
``Applier`` for each event it folds. ``domain/registry.py`` and ``domain/fold.py`` gather them.

A command declares, in one place: its model (whose ``type`` is the public name), its Chinese
label, the case statuses it may come in, the roles that may issue it, whether a court above
issues it, the rule that decides it, and its preconditions:

- ``requires(state)``: what the command needs of the case whatever its fields say (a refusal, or
  None). ``decide`` checks it before the rule runs, with the refusal's own code, and the snapshot
  offers the command only while it passes: one precondition, read by both.
- ``offer_when(state)``: for commands that act on one of several things (a document, an asset, a
  search), whether there is any such thing the rule would take; written with the same predicates
  the rule applies to the one the command names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from domain import events as ev
from domain.commands import Role
from domain.decision import Decision, reject
from domain.errors import DomainError
from domain.labels import STATUS_ZH
from domain.state import Asset, CaseState, Status

C = TypeVar("C", bound=BaseModel)
E = TypeVar("E", bound=ev.EventBase)

# The case statuses a command may come in (CommandSpec.statuses), from the narrowest.
ACTIVE: frozenset[Status] = frozenset({"active"})
ACTIVE_OR_SUSPENDED: frozenset[Status] = frozenset({"active", "suspended"})
OPEN: frozenset[Status] = frozenset({"active", "suspended", "dormant"})  # the court still enforces
LIVE: frozenset[Status] = frozenset({"active", "suspended", "dormant", "transferred"})


def not_allowed_while(status: Status, command_type: str) -> DomainError:
    """The refusal of a command the case's status does not take (``stage.not_allowed``)."""
    return reject(
        "stage.not_allowed",
        f"案件当前状态为“{STATUS_ZH.get(status, status)}”，不能执行“{command_type}”",
        f"{command_type} is not allowed while the case is {status}",
    )


def _nothing_required(state: CaseState) -> DomainError | None:
    return None


def _always(state: CaseState) -> bool:
    return True


def from_edition(edition: int) -> Callable[[CaseState], DomainError | None]:
    """``requires`` for a command the rules have only from ``edition`` on (domain/editions.py):
    a case filed under an earlier edition is neither offered it nor takes it."""

    def required(state: CaseState) -> DomainError | None:
        if state.edition >= edition:
            return None
        return DomainError(
            "edition.not_in_rules",
            f"本案按第 {state.edition} 版规则办理，没有此项操作",
            f"the case is decided under edition {state.edition} of the rules, which lack this",
        )

    return required


@dataclass(frozen=True)
class CommandSpec(Generic[C]):
    command: type[C]
    label_zh: str
    statuses: frozenset[Status]
    roles: frozenset[Role]
    decide: Callable[[Decision, C], None]
    requires: Callable[[CaseState], DomainError | None] = _nothing_required
    offer_when: Callable[[CaseState], bool] = _always
    from_above: bool = False  # issued by a court above the case's own (督办, 催办)
    # issued by another court the case asked for help (事项委托); the rule checks which
    from_helping_court: bool = False

    @property
    def type(self) -> str:
        return str(self.command.model_fields["type"].default)

    def offered(self, state: CaseState) -> bool:
        """Could the command make sense now, before looking at its fields?"""
        return (
            state.status in self.statuses
            and self.requires(state) is None
            and self.offer_when(state)
        )


def any_asset(state: CaseState, predicate: Callable[[Asset], bool]) -> bool:
    """Is there an asset the command could act on (for ``offer_when``)?"""
    return any(predicate(a) for a in state.assets.values())


@dataclass(frozen=True)
class Applier(Generic[E]):
    """How one event type changes the case (in place: the fold owns the state it folds)."""

    event: type[E]
    apply: Callable[[CaseState, E], None]

    @property
    def type(self) -> str:
        return str(self.event.model_fields["type"].default)


Commands = tuple[CommandSpec[Any], ...]
Appliers = tuple[Applier[Any], ...]
