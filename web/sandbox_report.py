"""The training sandbox's report (沙盘推演报告): one HTML page, its charts SVG drawn here (no
script, no CDN), from the figures read in the case record (store/sandbox_figures.py)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

from domain.calendar import local_date
from store.sandbox_figures import SandboxFigures
from web.labels import rule_zh

WIDTH, HEIGHT = 960, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 290, 30, 40
FONT = 'font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"'
SERIES_COLORS = ("#c53030", "#dd6b20", "#805ad5", "#2b6cb0", "#2f855a")
# The indicators' names, short enough for a legend (the table gives them in full).
LEGEND_ZH = {
    "asset_cases_concluded_in_time": "有财产案件期限内执结率",
    "termination_qualified": "终本案件合格率",
    "petitions_concluded": "涉执信访办结率",
    "concluded_within_three_years": "三年内整体结案率",
}
STATUS_ZH = {
    "active": "执行中",
    "suspended": "中止",
    "dormant": "终本",
    "closed": "结案",
    "transferred": "移送破产",
    "entrusted": "委托执行",
}


def line_chart(
    title: str,
    days: Sequence[date],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    percent: bool = False,
) -> Markup:
    """Lines over days, one per (name, values); a None leaves a gap; the legend on the right."""
    most = max((v or 0 for _, vs in series for v in vs), default=0)
    top_value = 1.0 if percent else max(4 * math.ceil(most / 4), 4)  # whole ticks, four steps
    span = max((days[-1] - days[0]).days, 1) if days else 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - days[0]).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / top_value)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="linechart" {FONT}>',
        f'<text x="0" y="16" font-size="14" fill="#2d3748">{escape(title)}</text>',
    ]
    for step in range(5):
        value = top_value * step / 4
        label = f"{value:.0%}" if percent else f"{value:.0f}"
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#e2e8f0"/><text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#718096">{label}</text>'
        )
    if days:
        for day in (days[0], days[len(days) // 2], days[-1]):
            parts.append(
                f'<text x="{x(day):.1f}" y="{HEIGHT - 14}" font-size="11" text-anchor="middle" '
                f'fill="#718096">{day.isoformat()}</text>'
            )
    for n, (name, values) in enumerate(series):
        color = SERIES_COLORS[n % len(SERIES_COLORS)]
        runs: list[list[str]] = [[]]
        for day, point in zip(days, values, strict=True):
            if point is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(day):.1f},{y(point):.1f}")
        for points in runs:
            if len(points) == 1:
                cx, cy = points[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{color}"/>')
            elif points:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" '
                    'stroke-width="2"/>'
                )
        ly = TOP + 18 * n
        parts.append(
            f'<rect x="{WIDTH - RIGHT + 12}" y="{ly}" width="12" height="12" fill="{color}"/>'
            f'<text x="{WIDTH - RIGHT + 30}" y="{ly + 11}" font-size="11" fill="#2d3748">'
            f"{escape(name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def hbar_chart(title: str, rows: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars with long labels (the rules' obligations)."""
    left, bar_h, gap = 330, 20, 6
    height = 30 + len(rows) * (bar_h + gap) + 10
    most = max((n for _, n in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" class="barchart" {FONT}>',
        f'<text x="0" y="16" font-size="14" fill="#2d3748">{escape(title)}</text>',
    ]
    if not rows:
        parts.append(f'<text x="{left}" y="44" font-size="12" fill="#2f855a">无超期节点</text>')
    for i, (label, n) in enumerate(rows):
        top = 30 + i * (bar_h + gap)
        w = (WIDTH - left - 60) * n / most
        parts.append(
            f'<text x="{left - 8}" y="{top + 14}" font-size="12" text-anchor="end" '
            f'fill="#2d3748">{escape(label)}</text>'
            f'<rect x="{left}" y="{top}" width="{max(w, 2):.1f}" height="{bar_h}" '
            f'fill="#c53030" rx="3"/>'
            f'<text x="{left + w + 6:.1f}" y="{top + 14}" font-size="12" fill="#c53030">{n}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def render_report(
    figures: SandboxFigures, *, days_run: int, seed: int, cases: int, commands: int, refused: int
) -> str:
    """The page: the run's figures, and what the staff did (`commands` sent, `refused`)."""
    days = [local_date(s.at) for s in figures.samples]
    overdue_chart = line_chart(
        "超期案件与升级层级（每周）",
        days,
        [("超期案件", [s.overdue for s in figures.samples])]
        + [
            (f"升级至第{level}级", [s.by_level[level - 1] for s in figures.samples])
            for level in (1, 2, 3)
        ],
    )
    names = [i.name_zh for i in figures.quarters[0].items] if figures.quarters else []
    keys = [i.key for i in figures.quarters[0].items] if figures.quarters else []
    indicator_chart = line_chart(
        "“3+1”核心指标（按季度）",
        [q.end for q in figures.quarters],
        [
            (LEGEND_ZH.get(key, key), [q.items[n].rate for q in figures.quarters])
            for n, key in enumerate(keys)
        ],
        percent=True,
    )
    rules_chart = hbar_chart(
        "超期最多的节点（按规则）",
        [(f"{rule_zh(rule)}（{rule}）", n) for rule, n in figures.breached[:12]],
    )
    rows = "".join(
        f"<tr><td>{q.start}～{q.end}</td>"
        + "".join(
            f'<td class="{"ok" if i.meets_target else "bad" if i.meets_target is False else ""}">'
            f"{_rate(i.rate)}<small>（{i.numerator}/{i.denominator}）</small></td>"
            for i in q.items
        )
        + "</tr>"
        for q in figures.quarters
    )
    heads = "".join(f"<th>{escape(name)}</th>" for name in names)
    statuses = "，".join(
        f"{STATUS_ZH.get(status, status)} {n} 件" for status, n in figures.statuses.items()
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>沙盘推演报告 — {escape(figures.court)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 24px auto;
       max-width: 1000px; color: #2d3748; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; margin-top: 28px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ border: 1px solid #e2e8f0; padding: 4px 6px; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
td.ok {{ color: #2f855a; }} td.bad {{ color: #c53030; }} small {{ color: #718096; }}
.note {{ color: #718096; font-size: 13px; }}
</style></head><body>
<h1>沙盘推演报告 · {escape(figures.court)}</h1>
<p>{figures.start} 至 {figures.end}（{days_run} 天），随机种子 {seed}：立案 {cases} 件；
期末 {escape(statuses)}。模拟干警共发出指令 {commands} 条，被规则拒绝 {refused} 条。</p>
<p class="note">模拟干警：勤勉、拖延、缺勤的承办人各有其比例；申请人对超期案件信访；
上级法院督办、催办并评查终本案件。外部系统（送达、网络查控、银行冻结、案款发放）为模拟器。所有数字取自本次推演的案件库（PostgreSQL）。</p>
<h2>超期案件与升级</h2>
{overdue_chart}
<h2>“3+1”核心指标</h2>
{indicator_chart}
<table><tr><th>季度</th>{heads}</tr>{rows}</table>
<h2>超期节点排行</h2>
{rules_chart}
</body></html>
"""
