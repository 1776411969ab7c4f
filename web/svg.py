"""Pictures drawn by the server as SVG (no script, no CDN): the case timeline and bar charts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from domain.snapshot import CaseSnapshot
from web.labels import MEASURE_ZH, SHANGHAI, rule_zh, yuan

WIDTH = 1000
LEFT = 96
RIGHT = 24
LANE_HEIGHT = 64
COLORS = {
    "milestone": "#4a5568",
    "open": "#2b6cb0",
    "met": "#2f855a",
    "waived": "#a0aec0",
    "overdue": "#c53030",
    "control": "#805ad5",
    "planned": "#b794f4",
    "auction": "#dd6b20",
    "today": "#e53e3e",
}


@dataclass
class Mark:
    on: date
    label: str
    color: str
    title: str
    css: str = ""


def _scale(start: date, end: date) -> Callable[[date], float]:
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span

    return x


def _text(x: float, y: float, label: str, color: str, css: str = "", anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{color}" font-size="11" text-anchor="{anchor}"'
        f' class="{css}">{escape(label)}</text>'
    )


def timeline(snap: CaseSnapshot, today: date) -> Markup:
    """Stages, deadlines, freezes with their expiry, auctions, and today, on one time axis."""
    milestones: list[Mark] = [Mark(snap.filed_on, "立案", COLORS["milestone"], "立案")]
    if snap.documents:
        first = min(d.issued_on for d in snap.documents)
        milestones.append(
            Mark(first, "执行通知", COLORS["milestone"], "发出执行通知书、报告财产令")
        )
    for search in snap.searches:
        milestones.append(Mark(search.requested_on, "查控", COLORS["milestone"], "发起财产查控"))
    for asset in snap.assets:
        milestones.append(
            Mark(asset.found_on, f"发现 {asset.asset_id}", COLORS["milestone"], asset.description)
        )
        if asset.valuation is not None and asset.valuation.received_on is not None:
            price = yuan(asset.reference_price_fen)
            milestones.append(
                Mark(
                    asset.valuation.received_on, "参考价", COLORS["milestone"], f"参考价 {price} 元"
                )
            )
    if snap.terminated_on:
        milestones.append(Mark(snap.terminated_on, "终本", COLORS["milestone"], "终结本次执行程序"))

    deadlines: list[Mark] = []
    for d in snap.deadlines:
        state = "overdue" if d.state == "overdue" or d.escalation_level > 0 else d.state
        level = f" 升级{d.escalation_level}级" if d.escalation_level else ""
        deadlines.append(
            Mark(
                d.due_on,
                rule_zh(d.rule)[:8],
                COLORS.get(state, COLORS["open"]),
                f"{rule_zh(d.rule)} {d.subject} 到期 {d.due_on}{level}",
                "deadline",
            )
        )

    bars: list[tuple[date, date, str, str, str]] = []  # start, end, label, color, title
    auctions: list[Mark] = []
    for asset in snap.assets:
        control = asset.control
        if control is not None:
            measure = MEASURE_ZH.get(control.measure, control.measure)
            if control.expires_on is not None:
                begin = control.effective_on or control.requested_on
                label = f"{measure} {asset.asset_id} 至 {control.expires_on}"
                bars.append((begin, control.expires_on, label, COLORS["control"], label))
            elif control.state == "requested":
                planned = control.requested_on + timedelta(days=control.period_days - 1)
                label = f"{measure} {asset.asset_id} 预计至 {planned}（待生效）"
                bars.append((control.requested_on, planned, label, COLORS["planned"], label))
        for auction in asset.auctions:
            starts = auction.bidding_starts_at.astimezone(SHANGHAI).date()
            auctions.append(
                Mark(
                    starts,
                    f"拍卖 第{auction.round}轮",
                    COLORS["auction"],
                    f"{asset.asset_id} 第{auction.round}轮 起拍价 "
                    f"{yuan(auction.start_price_fen)} 元",
                )
            )

    days = [today, snap.filed_on]
    days += [m.on for m in (*milestones, *deadlines, *auctions)]
    days += [b[1] for b in bars]
    start = min(days) - timedelta(days=3)
    end = max(days) + timedelta(days=10)
    x = _scale(start, end)

    lanes: list[tuple[str, list[Mark], int]] = [
        ("阶段", milestones, LANE_HEIGHT),
        ("期限", deadlines, LANE_HEIGHT),
        ("财产控制", [], max(44, 14 + 24 * len(bars))),
        ("拍卖", auctions, LANE_HEIGHT),
    ]
    top = 24
    height = top + sum(h for _, _, h in lanes) + 36
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="案件时间轴" class="timeline" '
        f'font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">'
    ]
    y0 = top
    for index, (name, marks, lane_height) in enumerate(lanes):
        fill = "#f7fafc" if index % 2 == 0 else "#ffffff"
        parts.append(f'<rect x="0" y="{y0}" width="{WIDTH}" height="{lane_height}" fill="{fill}"/>')
        parts.append(_text(8, y0 + lane_height / 2 + 4, name, "#2d3748"))
        axis_y = y0 + lane_height / 2
        if name != "财产控制":
            parts.append(
                f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" '
                'stroke="#e2e8f0"/>'
            )
        for n, group in enumerate(_clusters(marks, x)):
            mx = x(group[0].on)
            head = group[0]
            color = next((m.color for m in group if m.color == COLORS["overdue"]), head.color)
            label = head.label + (f" 等{len(group)}项" if len(group) > 1 else "")
            title = "\n".join(f"{m.on} {m.title}" for m in group)
            label_y = axis_y - 10 if n % 2 == 0 else axis_y + 20
            parts.append(
                f'<g class="{head.css}"><title>{escape(title)}</title>'
                f'<circle cx="{mx:.1f}" cy="{axis_y}" r="5" fill="{color}"/>'
                + _text(mx, label_y, label, color, anchor=_anchor(mx))
                + "</g>"
            )
        if name == "财产控制":
            for n, (b_start, b_end, label, color, title) in enumerate(bars):
                by = y0 + 18 + n * 24
                x1, x2 = x(b_start), x(b_end)
                parts.append(
                    f'<g class="control"><title>{escape(title)}</title>'
                    f'<rect x="{x1:.1f}" y="{by}" width="{max(x2 - x1, 2):.1f}" height="8" '
                    f'rx="3" fill="{color}" opacity="0.8"/>'
                    + _text(x2, by - 3, label, "#44337a", "expiry", anchor="end")
                    + "</g>"
                )
        y0 += lane_height
    # month ticks, at most about a dozen
    axis = y0
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = max(1, -(-months // 12))
    tick = date(start.year, start.month, 1)
    while tick <= end:
        if tick >= start:
            tx = x(tick)
            parts.append(
                f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{axis + 4}" stroke="#edf2f7"/>'
            )
            parts.append(_text(tx, axis + 16, tick.strftime("%Y-%m"), "#718096", anchor="middle"))
        month = tick.month - 1 + step
        tick = date(tick.year + month // 12, month % 12 + 1, 1)
    tx = x(today)
    parts.append(
        f'<line x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{axis}" stroke="{COLORS["today"]}" '
        'stroke-dasharray="4 3" stroke-width="1.5"/>'
    )
    parts.append(_text(tx, top - 10, f"今天 {today}", COLORS["today"], "today", anchor="middle"))
    parts.append("</svg>")
    return Markup("".join(parts))


def _anchor(x: float) -> str:
    """Labels near either edge grow inwards."""
    if x > WIDTH - RIGHT - 60:
        return "end"
    if x < LEFT + 40:
        return "start"
    return "middle"


def _clusters(marks: list[Mark], x: Callable[[date], float]) -> list[list[Mark]]:
    """Marks closer than a label's width share one dot (the tooltip lists them all)."""
    groups: list[list[Mark]] = []
    for mark in sorted(marks, key=lambda m: m.on):
        if groups and x(mark.on) - x(groups[-1][0].on) < 70:
            groups[-1].append(mark)
        else:
            groups.append([mark])
    return groups


def bar_chart(rows: list[tuple[str, int]], *, title: str, link: str = "") -> Markup:
    """Horizontal bars: (label, count); a label links to `link + label` when given."""
    bar_h, gap, left = 22, 8, 110
    width = 640
    height = 30 + len(rows) * (bar_h + gap) + 10
    most = max((count for _, count in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="barchart" '
        'font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">',
        _text(0, 16, title, "#2d3748"),
    ]
    if not rows:
        parts.append(_text(left, 44, "无超期案件", "#2f855a"))
    for i, (label, count) in enumerate(rows):
        y = 30 + i * (bar_h + gap)
        w = (width - left - 60) * count / most
        name = _text(left - 8, y + 15, label, "#2d3748", anchor="end")
        if link:
            name = f'<a href="{escape(link + label)}">{name}</a>'
        parts.append(
            f'<g class="bar">{name}<rect x="{left}" y="{y}" width="{max(w, 2):.1f}" '
            f'height="{bar_h}" fill="#c53030" rx="3"/>'
            + _text(left + w + 6, y + 15, str(count), "#c53030")
            + "</g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
