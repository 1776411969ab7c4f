"""Every command the case takes, each declared once (domain/spec.py): its model, Chinese label,
statuses, roles, rule and preconditions. ``decide`` runs a command through its entry; the
snapshot offers a command from the same entry; the policy reads its roles; the web and the CLI
read its label. A command missing from here does not exist.
"""

from __future__ import annotations

from typing import Any

from domain.areas import AREAS
from domain.spec import CommandSpec
from domain.state import CaseState


def _gather() -> dict[str, CommandSpec[Any]]:
    found: dict[str, CommandSpec[Any]] = {}
    for area in AREAS:
        for spec in area.COMMANDS:
            if spec.type in found:
                raise RuntimeError(f"the command {spec.type} is declared twice")
            found[spec.type] = spec
    return found


COMMANDS: dict[str, CommandSpec[Any]] = _gather()

# the command models by type (what `execute` accepts: tests/unit/test_registry.py holds the
# `Command` union to these)
COMMAND_MODELS: dict[str, type[Any]] = {t: s.command for t, s in COMMANDS.items()}


def spec(command_type: str) -> CommandSpec[Any]:
    return COMMANDS[command_type]


def offered(state: CaseState) -> list[str]:
    """The commands that could make sense now (the snapshot's ``allowed_commands``)."""
    return [t for t, s in COMMANDS.items() if s.offered(state)]
