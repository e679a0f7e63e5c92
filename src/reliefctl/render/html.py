"""The 公示 page: one self-contained HTML file over a ``Publication`` (``reports.publish``).

* **Self-contained.** Inline CSS and inline SVG charts; no script, no font, image, stylesheet
  or link fetched from anywhere, and a Content-Security-Policy that forbids it (``CSP``), so
  the page opens the same from a USB stick, a mail attachment or the federation's web site.
* **Readable anywhere.** Tables with real header cells (``<th scope>``); two columns (table and
  chart) on a wide screen, one below 600 px; print CSS for A4 (sections not split, no colour
  needed). Fonts: the reader's own, Chinese sans-serif first.
* **Escaped.** Every text from the ledger goes through ``html.escape``; nothing is a URL.
* **Every figure the report has** (``ROW_FIGURES``, ``TOTAL_FIGURES`` and their labels from
  ``reliefctl.render.labels``), so a figure added to the report is published with no change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any, Final

from reliefctl.i18n import Lang
from reliefctl.io.files import PAGE_MARK
from reliefctl.ledger.sheets import heading
from reliefctl.messages import render_key
from reliefctl.money import format_fen
from reliefctl.render.labels import key_text, kind_label, label, period_text
from reliefctl.reports.publish import Publication
from reliefctl.reports.report import MONEY_FIGURES, ROW_FIGURES, TOTAL_FIGURES, ReportRow

#: Nothing may be fetched: styles only inline, images only inline data, no forms, no base.
CSP: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
#: Marks the page as ours, so a later ``publish`` may replace it (``io.files``).
GENERATOR: Final = PAGE_MARK.decode()

STYLE: Final = """
:root { color-scheme: light; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem;
  color: #111; line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #2b5797; padding-bottom: .2rem;
  margin-top: 2rem; }
p.meta { margin: .1rem 0; color: #333; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #dde8f5; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot th, tfoot td { font-weight: bold; background: #f2f2f2; }
.charts { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem;
  align-items: start; }
figure { margin: .5rem 0; }
figcaption { font-weight: bold; margin-bottom: .25rem; }
svg { width: 100%; height: auto; }
svg text { font-size: 12px; fill: #111; }
svg rect { fill: #2b5797; }
code { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; word-break: break-all; }
.note { color: #444; font-size: .9rem; }
@media (max-width: 600px) {
  .charts { display: block; }
  body { padding: .5rem; }
  th, td { padding: .2rem .3rem; font-size: .85rem; }
}
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  .charts { display: block; }
  figure { max-width: 150mm; }
  section, figure, tr { break-inside: avoid; }
  thead th, tfoot th, tfoot td { background: none; }
  svg rect { fill: #555; }
}
"""


def _p(key: str, lang: Lang, **params: Any) -> str:
    return escape(render_key(f"publish.{key}", lang, **params))


def _figure(name: str, value: int | str | None) -> str:
    if value is None:
        return "—"
    if name in MONEY_FIGURES:
        return format_fen(int(value), thousands=True)
    return f"{int(value):,}"


def _table(
    headings: Sequence[tuple[str, bool]],
    rows: Iterable[Sequence[str]],
    foot: Sequence[str] | None = None,
    caption: str | None = None,
) -> str:
    """A table: ``headings`` are (text, is a number); the first cell of each row is its header
    cell; every cell is already escaped."""
    out = ["<table>"]
    if caption:
        out.append(f"<caption class=note>{caption}</caption>")
    head = "".join(
        f'<th scope="col"{" class=num" if number else ""}>{text}</th>' for text, number in headings
    )
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")

    def line(cells: Sequence[str]) -> str:
        parts = [f'<th scope="row">{cells[0]}</th>']
        for (_, number), cell in zip(headings[1:], cells[1:], strict=True):
            parts.append(f"<td class=num>{cell}</td>" if number else f"<td>{cell}</td>")
        return "<tr>" + "".join(parts) + "</tr>"

    out.extend(line(cells) for cells in rows)
    out.append("</tbody>")
    if foot is not None:
        out.append(f"<tfoot>{line(foot)}</tfoot>")
    out.append("</table>")
    return "".join(out)


def bar_chart(title: str, bars: Sequence[tuple[str, int]], money: bool) -> str:
    """A horizontal bar chart as inline SVG, bars in the given order, each labelled with its
    value (money in whole 元 is not enough for a ledger: the exact value is in the table)."""
    height_each, label_width, width = 22, 120, 480
    top = 8
    biggest = max([value for _, value in bars] + [1])
    area = width - label_width - 100
    rows = []
    for index, (name, value) in enumerate(bars):
        y = top + index * height_each
        bar = max(0, round(area * value / biggest)) if value > 0 else 0
        shown = format_fen(value, thousands=True) if money else f"{value:,}"
        rows.append(
            f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{escape(name)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar}" height="{height_each - 8}">'
            f"<title>{escape(name)}: {shown}</title></rect>"
            f'<text x="{label_width + bar + 6}" y="{y + 16}">{shown}</text>'
        )
    total_height = top * 2 + height_each * len(bars)
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f'<svg viewBox="0 0 {width} {total_height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(rows)
        + "</svg></figure>"
    )


def _dimension(pub: Publication, dim: str, lang: Lang) -> str:
    rows: list[ReportRow] = pub.report.tables.get(dim, [])
    headings = [(escape(label(lang, f"dim.{dim}")), False)]
    headings += [(escape(label(lang, f"col.{figure}")), True) for figure in ROW_FIGURES]
    body = [
        [escape(key_text(lang, dim, row.key))]
        + [_figure(figure, row.figure(figure)) for figure in ROW_FIGURES]
        for row in rows
    ]
    totals = pub.report.totals
    foot = [escape(label(lang, "total"))] + [
        _figure(figure, getattr(totals, figure)) for figure in ROW_FIGURES
    ]
    title = escape(label(lang, "report.by", dim=label(lang, f"dim.{dim}")))
    charts = []
    for figure in ("spend", "people"):
        bars = [(key_text(lang, dim, row.key), int(row.figure(figure) or 0)) for row in rows]
        chart_title = render_key(
            "publish.chart",
            lang,
            measure=label(lang, f"measure.{figure}"),
            dim=label(lang, f"dim.{dim}"),
        )
        charts.append(bar_chart(chart_title, bars, figure in MONEY_FIGURES))
    return (
        f"<section><h2>{title}</h2>"
        + _table(headings, body, foot if rows else None)
        + "<div class=charts>"
        + "".join(charts)
        + "</div></section>"
    )


def _totals(pub: Publication, lang: Lang) -> str:
    totals = pub.report.totals
    rows = [
        [escape(label(lang, f"totals.{figure}")), _figure(figure, getattr(totals, figure))]
        for figure in TOTAL_FIGURES
    ]
    headings = [(escape(label(lang, "totals.figure")), False), (_p("value", lang), True)]
    return (
        f"<section><h2>{escape(label(lang, 'totals.title'))}</h2>"
        + _table(headings, rows, caption=escape(label(lang, "units")))
        + "</section>"
    )


def _funds(pub: Publication, lang: Lang) -> str:
    columns = ("budget", "fund_purchases", "fund_grants", "spent", "remaining")
    headings = [(escape(heading("fund", lang)), False)]
    headings += [(escape(heading(key, lang)), True) for key in columns]
    rows = [
        [
            escape(row.fund),
            *(
                format_fen(value, thousands=True)
                for value in (
                    row.budget_fen,
                    row.purchases_fen,
                    row.grants_fen,
                    row.spent_fen,
                    row.remaining_fen,
                )
            ),
        ]
        for row in pub.funds
    ]
    allocation_headings = [
        (escape(heading("fund", lang)), False),
        (escape(heading("date", lang)), False),
        (_p("amount", lang), True),
        (escape(heading("ref", lang)), False),
    ]
    allocations = [
        [
            escape(line.fund),
            escape(line.date) if line.date else _p("undated", lang),
            format_fen(line.amount_fen, thousands=True),
            escape(line.ref or ""),
        ]
        for line in pub.allocations
    ]
    out = [f"<section><h2>{_p('funds', lang)}</h2>"]
    out.append(_table(headings, rows) if rows else f"<p>{_p('no_funds', lang)}</p>")
    if allocations:
        out.append(f"<h3>{_p('allocations', lang)}</h3>")
        out.append(_table(allocation_headings, allocations))
    out.append("</section>")
    return "".join(out)


def _received(pub: Publication, lang: Lang) -> str:
    """Goods received in kind with their source (a word, never the giver's name)."""
    out = [f"<section><h2>{_p('received', lang)}</h2>"]
    out.append(f"<p class=note>{_p('received_intro', lang)}</p>")
    if not pub.received:
        out.append(f"<p>{_p('no_received', lang)}</p>")
    else:
        headings = [
            (escape(heading("date", lang)), False),
            (escape(heading("item", lang)), False),
            (escape(heading("qty", lang)), True),
            (_p("received_value", lang), True),
            (escape(heading("source", lang)), False),
        ]
        rows = [
            [
                escape(line.date),
                escape(line.item),
                f"{line.qty:,} {escape(line.unit)}",
                format_fen(line.value_fen, thousands=True),
                escape(render_key(f"source.{line.source}", lang)),
            ]
            for line in pub.received
        ]
        total = sum(line.value_fen for line in pub.received)
        foot = [escape(label(lang, "total")), "", "", format_fen(total, thousands=True), ""]
        out.append(_table(headings, rows, foot))
    out.append("</section>")
    return "".join(out)


def _corrections(pub: Publication, lang: Lang) -> str:
    out = [f"<section><h2>{_p('corrections', lang)}</h2>"]
    out.append(f"<p class=note>{_p('corrections_intro', lang)}</p>")
    if not pub.corrections:
        out.append(f"<p>{_p('no_corrections', lang)}</p>")
    else:
        headings = [
            (escape(heading("void", lang)), False),
            (escape(heading("voided", lang)), False),
            (escape(heading("kind", lang)), False),
            (escape(heading("date", lang)), False),
            (_p("amount", lang), True),
            (escape(heading("reason", lang)), False),
        ]
        rows = [
            [
                escape(c.entry),
                escape(c.voided),
                escape(kind_label(c.kind, lang)),
                escape(c.date),
                format_fen(c.amount_fen, thousands=True),
                escape(c.reason),
            ]
            for c in pub.corrections
        ]
        out.append(_table(headings, rows))
    out.append("</section>")
    return "".join(out)


def _check(pub: Publication, lang: Lang) -> str:
    out = [f"<section><h2>{_p('check', lang)}</h2>"]
    if pub.head_id is None or pub.head_hash is None:
        out.append(f"<p>{_p('check_empty', lang)}</p>")
    else:
        line = f"reliefctl verify --head {pub.head_id}:{pub.head_hash}"
        out.append(f"<p>{_p('check_text', lang, entry=pub.head_id)}</p>")
        out.append(f"<p><code>{escape(pub.head_hash)}</code></p>")
        out.append(f"<p>{_p('check_command', lang)}</p><p><code>{escape(line)}</code></p>")
    out.append(f"<p class=note>{_p('private', lang)}</p></section>")
    return "".join(out)


def render_page(pub: Publication, lang: Lang) -> str:
    """The whole page, as text (UTF-8 when written)."""
    period = period_text(lang, pub.since, pub.until)
    when = f"{pub.generated_at:%Y-%m-%d %H:%M} {pub.time_zone}"
    title = _p("title", lang)
    html_lang = "zh-CN" if lang == "zh" else "en"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}"><head><meta charset="utf-8">',
        GENERATOR,
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<header><h1>{title}</h1>",
        f"<p class=meta>{_p('period', lang, period=period)}</p>",
        f"<p class=meta>{_p('generated', lang, when=when)}</p></header><main>",
        _totals(pub, lang),
        _funds(pub, lang),
        _dimension(pub, "batch", lang),
        _dimension(pub, "township", lang),
        _received(pub, lang),
        _corrections(pub, lang),
        _check(pub, lang),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


__all__ = ["CSP", "GENERATOR", "bar_chart", "render_page"]
