"""The case's documents (文书, domain/writs.py) on the case page: a printable HTML preview of
each and its PDF as kept in the record (store/writs.py), for whoever may read the case (the
same rule as the case page: ``readable_snapshot``)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from store.writs import StoredWrit, writ_file, writ_of_case
from web.access import readable_snapshot
from web.auth import Session
from web.deps import ClientDep, CourtsDep, PoolDep, SessionDep
from web.problems import Problem
from web.templating import page

router = APIRouter(include_in_schema=False)


def _no_such_writ() -> Problem:
    return Problem(404, "writ.not_found", "没有这份文书", "no such document in this case")


async def _writ(
    case_number: str,
    seq: int,
    n: int,
    s: Session,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
) -> StoredWrit:
    snap = await readable_snapshot(client, s, case_number, courts)
    stored = await writ_of_case(pool, snap.case_number, f"{snap.case_number}#{seq}/{n}")
    if stored is None:
        raise _no_such_writ()
    return stored


@router.get("/cases/{case_number}/writs/{seq:int}-{n:int}.pdf")
async def writ_pdf(
    case_number: str,
    seq: int,
    n: int,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
) -> Response:
    """The PDF as kept in the record (the bytes whose SHA-256 the case's event carries)."""
    stored = await _writ(case_number, seq, n, s, pool, client, courts)
    pdf = await writ_file(pool, stored.case_id, stored.writ_key)
    if pdf is None:
        raise _no_such_writ()
    name = f"{stored.title}-{stored.case_id}-{seq}-{n}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="writ-{seq}-{n}.pdf"; '
            f"filename*=UTF-8''{quote(name)}",
            "X-Content-SHA256": stored.sha256,
        },
    )


@router.get("/cases/{case_number}/writs/{seq:int}-{n:int}", response_class=HTMLResponse)
async def writ_preview(
    case_number: str,
    seq: int,
    n: int,
    request: Request,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
) -> Response:
    """The document as HTML, laid out as printed (the PDF's text, from the same content)."""
    stored = await _writ(case_number, seq, n, s, pool, client, courts)
    return page(
        request,
        "writ.html",
        {"session": s, "writ": stored, "content": stored.content},
    )
