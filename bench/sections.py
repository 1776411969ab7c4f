"""Where a bench's report goes: its own section of a Markdown file (docs/PERFORMANCE.md), between
its begin and end markers, so that `make bench` rewrites each bench's section and leaves the
rest of the file (the notes written by hand, the other benches' sections) as it was."""

from __future__ import annotations

import argparse
from collections.abc import Collection
from pathlib import Path


def publish_section(out: str, begin: str, end: str, text: str) -> None:
    """A bench's section printed (`out` "-") or put into the file `out` (`write_section`)."""
    if out == "-":
        print(text)
        return
    write_section(Path(out), begin, end, text)
    print(f"written to {out}")


def write_section(path: Path, begin: str, end: str, text: str) -> None:
    """Put `text` (which starts with `begin` and ends with `end`) where the file had that
    section, or at its end (a new file, its folder made, when there is none)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in old and end in old:
        new = old[: old.index(begin)] + text + old[old.index(end) + len(end) :]
    else:
        new = (old.rstrip("\n") + "\n\n" if old.strip() else "") + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def invocation(
    module: str,
    args: argparse.Namespace,
    internal: Collection[str] = (),
    repeated: Collection[str] = (),
) -> str:
    """The command a report was made with, every option at the value it had (defaults too), so
    a report made by `make bench`, which passes none, still says what it measured. `internal`:
    options not worth printing (where the report goes, a worker process's own); `repeated`:
    options given once per value (the others take a list comma-separated)."""
    words = [f"python -m {module}"]
    for name, value in vars(args).items():
        if name == "out" or name in internal or value is None or value is False:
            continue
        option = "--" + name.replace("_", "-")
        if value is True:
            words.append(option)
        elif isinstance(value, list | tuple) and name in repeated:
            words += [f"{option} {v}" for v in value]
        elif isinstance(value, list | tuple):
            if value:
                words.append(f"{option} {','.join(str(v) for v in value)}")
        else:
            words.append(f"{option} {value}")
    return " ".join(words)
