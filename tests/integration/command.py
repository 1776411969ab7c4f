"""Running the `zhixing` command of this virtualenv as a subprocess, as an operator would."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Mapping
from pathlib import Path

ZHIXING = Path(sys.executable).parent / "zhixing"


async def zhixing(
    *args: str, env: Mapping[str, str], stdin: str | None = None
) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `zhixing *args` in `env`."""
    process = await asyncio.create_subprocess_exec(
        str(ZHIXING),
        *args,
        env=dict(env),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(stdin.encode() if stdin is not None else None)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
