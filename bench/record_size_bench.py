"""What one command weighs, whatever the machine's load: the demo cases (workers/demo.py) folded
through the rules, counting the case events each command adds, their bytes as the record stores
them (`case_events.payload`), the answer `execute` writes into the workflow history, the state the
record keeps per case (`case_summary.state`) and the snapshot a page reads. Pure domain, no
server: the figures are the same on any machine, so docs/SCALE.md can multiply them.

    python -m bench.record_size_bench          (make bench; writes its section of PERFORMANCE.md)
    python -m bench.record_size_bench --out -
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.sections import publish_section
from domain.decide import decide, decide_filing, tick
from domain.registry import offered
from domain.snapshot import CommandAnswer, snapshot
from store.courts import bundled_registry
from workers.demo import demo_cases, demo_envelope, demo_filing

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- record_size_bench -->", "<!-- /record_size_bench -->"
TODAY = date(2026, 12, 1)
NOON = datetime.combine(TODAY, time(12), ZoneInfo("Asia/Shanghai")).astimezone(UTC)


@dataclass
class Sizes:
    cases: int = 0
    commands: int = 0  # filing included
    events: list[int] = field(default_factory=list)  # bytes of each event's JSON
    answers: list[int] = field(default_factory=list)  # bytes of each command's answer
    states: list[int] = field(default_factory=list)  # bytes of each case's final state
    snapshots: list[int] = field(default_factory=list)  # bytes of each case's final snapshot


def measure() -> Sizes:
    sizes = Sizes()
    registry = bundled_registry()
    for filing_json, commands in demo_cases(TODAY):
        filing = demo_filing(filing_json, registry)
        outcome = decide_filing(filing, NOON)
        state, events = outcome.state, list(outcome.events)
        # the clock runs as in the workflow, once filed and after every command: the demo's
        # later commands refer to what it opened (a level-3 escalation's 督办)
        clocked = tick(state, NOON)
        state, events = clocked.state, events + list(clocked.events)
        for number, step in enumerate(commands, start=1):
            envelope = demo_envelope(filing, f"demo:{number}", step, registry)
            first_seq = state.last_seq + 1
            outcome = decide(state, envelope, NOON)
            state = outcome.state
            events += outcome.events
            answer = CommandAnswer(
                case_number=state.case_number,
                request_id=envelope.request_id,
                first_seq=first_seq,
                last_seq=state.last_seq,
                events=list(outcome.events),
                status=state.status,
                stage=state.stage,
                allowed_commands=offered(state),
            )
            sizes.answers.append(len(answer.model_dump_json()))
            clocked = tick(state, NOON)
            state, events = clocked.state, events + list(clocked.events)
        sizes.cases += 1
        sizes.commands += len(commands) + 1
        sizes.events += [len(e.model_dump_json()) for e in events]
        sizes.states.append(len(state.model_dump_json()))
        sizes.snapshots.append(len(snapshot(state).model_dump_json()))
    return sizes


def report(s: Sizes) -> str:
    def row(name: str, values: list[int]) -> str:
        return (
            f"| {name} | {len(values)} | {statistics.mean(values):,.0f} | "
            f"{statistics.median(values):,.0f} | {max(values):,} |"
        )

    per_command = len(s.events) / s.commands
    lines = [
        BEGIN,
        "# What one command weighs (bench/record_size_bench.py)",
        "",
        f"The demo's {s.cases} cases folded through the rules of edition CURRENT: {s.commands} "
        f"commands (filings included), {len(s.events)} case events, "
        f"**{per_command:.2f} events per command**. JSON bytes, as the record stores them "
        "(before PostgreSQL's row overhead and indexes) and as the history carries them "
        "(before the payload codec compresses what is over 1 KiB). Pure domain: the same on "
        "any machine.",
        "",
        "| what | count | mean bytes | median | max |",
        "|---|---:|---:|---:|---:|",
        row("a case event (`case_events.payload`)", s.events),
        row("an `execute` answer (`CommandAnswer`)", s.answers),
        row("a case's state (`case_summary.state`)", s.states),
        row("a case's snapshot (the `snapshot` query)", s.snapshots),
        "",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    args = p.parse_args(argv)
    publish_section(args.out, BEGIN, END, report(measure()))


if __name__ == "__main__":
    main()
