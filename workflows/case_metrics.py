"""The commands a case accepted and refused, counted through the workflow's metric meter: the
worker's Temporal runtime exports them with its own metrics (runtime/telemetry.py,
`ZHIXING_WORKER_METRICS_ADDRESS`). The meter records nothing while a history replays, and
issues no command, so counting changes no history."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

COMMANDS_ACCEPTED = "zhixing_commands_accepted"
COMMANDS_REJECTED = "zhixing_commands_rejected"


class CommandCounters:
    def __init__(self) -> None:
        meter = workflow.metric_meter()
        self._accepted = meter.create_counter(
            COMMANDS_ACCEPTED, "Commands a case accepted, by command type"
        )
        self._rejected = meter.create_counter(
            COMMANDS_REJECTED, "Commands a case refused, by command type and refusal code"
        )

    def accepted(self, command_type: str) -> None:
        self._accepted.add(1, {"command": command_type})

    def rejected(self, raw: Any, code: str | None) -> None:
        """A refusal of `raw` (the envelope as it came: it may not even parse)."""
        command = raw.get("command") if isinstance(raw, dict) else getattr(raw, "command", None)
        kind = command.get("type") if isinstance(command, dict) else getattr(command, "type", None)
        self._rejected.add(1, {"command": str(kind or "unknown"), "code": code or "rejected"})
