"""Amounts in integer fen (分). Never floats."""

from typing import Annotated

from pydantic import Field

Fen = Annotated[int, Field(ge=0, description="amount in fen (1 yuan = 100 fen)")]
PositiveFen = Annotated[int, Field(gt=0, description="positive amount in fen")]


def format_yuan(amount_fen: int) -> str:
    """'1,234.56' style rendering of an amount in fen, for people."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(amount_fen), 100)
    return f"{sign}{yuan:,}.{fen:02d}"
