"""Charts drawn as inline SVG on the server: no script, no build step, printable by WeasyPrint.

Each chart is an image to assistive technology (`role="img"`) named by its `<title>` and described by
its `<desc>`, which says in words what it shows; the page puts a table of the same figures beside it.
Charts are 400 units wide and scale to their box (CSS), so the text stays legible from a phone's
width to a desktop's. Colours hold 4.5:1 against white, and no chart tells by colour alone: every
bar carries its number, every part of a share its label.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 400
INK = "#1b1b1b"
MUTED = "#505a64"
LINE = "#c8ced6"
# Distinct hues, each dark enough for white text and against a white page.
PALETTE = ("#0b4f9c", "#2f7d47", "#b3261e", "#7a5200", "#5b3f8c", "#505a64", "#00677a")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    """One row of figures drawn in one colour (e.g. comments per day)."""

    name: str
    values: Sequence[int]
    color: str = PALETTE[0]


def _truncate(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(height: float, title: str, desc: str, body: list[str], css_class: str, font_family: str | None) -> SafeString:
    n = next(_ids)
    font = f' font-family="{escape(font_family)}"' if font_family else ""
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="{WIDTH}" height="{height:g}" role="img" aria-labelledby="chart-{n}-title chart-{n}-desc"'
        f' preserveAspectRatio="xMinYMin meet"{font} font-size="14" fill="{INK}">'
        f'<title id="chart-{n}-title">{escape(title)}</title><desc id="chart-{n}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(
    title: str, desc: str, rows: Sequence[tuple[str, int]], *, color: str = PALETTE[0], font_family: str | None = None
) -> SafeString:
    """Horizontal bars, one per (label, value), each label above its bar (long labels fit a phone)."""
    top, row_height = 4, 40
    longest = max((v for _label, v in rows), default=0) or 1
    usable = WIDTH - 56
    body = []
    for i, (label, value) in enumerate(rows):
        y = top + i * row_height
        length = usable * value / longest
        body.append(f'<text x="0" y="{y + 13}">{escape(_truncate(label, 48))}</text>')
        body.append(f'<rect x="0" y="{y + 18}" width="{WIDTH - 56:g}" height="14" fill="#eef1f5"/>')
        if value:
            body.append(f'<rect x="0" y="{y + 18}" width="{max(length, 2):.1f}" height="14" fill="{color}"/>')
        body.append(f'<text x="{WIDTH - 50}" y="{y + 30}" font-weight="700">{value}</text>')
    height = top + max(len(rows), 1) * row_height
    if not rows:
        body.append(f'<text x="0" y="24" fill="{MUTED}">—</text>')
    return _svg(height, title, desc, body, "bar-chart", font_family)


def column_chart(
    title: str, desc: str, labels: Sequence[str], series: Sequence[Series], *, font_family: str | None = None
) -> SafeString:
    """Columns over time (days or months), the series side by side, a legend on top, a few dates below."""
    legend_h, plot_top, plot_h, left = 22, 34, 150, 34
    bottom = plot_top + plot_h
    n = max(len(labels), 1)
    peak = max((v for s in series for v in s.values), default=0)
    scale_max = _nice_ceiling(peak)
    slot = (WIDTH - left - 4) / n
    bar = max(min((slot - 2) / max(len(series), 1), 18), 1)
    body = []
    x, y = 0.0, 4
    for s in series:
        name = _truncate(s.name, 28)
        # A generous width per letter (Cyrillic runs wide): a legend item that would not fit starts a new line.
        needed = 30 + 9.5 * len(name)
        if x and x + needed > WIDTH:
            x, y = 0.0, y + 20
        body.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{s.color}"/>')
        body.append(f'<text x="{x + 16:.1f}" y="{y + 11}">{escape(name)}</text>')
        x += needed
    plot_top += y - 4
    bottom = plot_top + plot_h
    for tick in (0, scale_max / 2, scale_max):
        y = bottom - plot_h * tick / scale_max
        body.append(f'<line x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}" stroke-width="1"/>')
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="12">{tick:g}</text>'
        )
    for i in range(len(labels)):
        group_x = left + 2 + i * slot + (slot - bar * len(series)) / 2
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0
            if value:
                h = plot_h * value / scale_max
                body.append(
                    f'<rect x="{group_x + j * bar:.1f}" y="{bottom - h:.1f}" width="{max(bar - 1, 1):.1f}" '
                    f'height="{h:.1f}" fill="{s.color}"/>'
                )
    every = max(1, -(-len(labels) // 6))
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1 and len(labels) > 1 and (len(labels) - 1) % every > every // 2:
            cx = left + 2 + i * slot + slot / 2
            anchor = "start" if i == 0 else ("end" if i == len(labels) - 1 else "middle")
            body.append(
                f'<text x="{cx:.1f}" y="{bottom + 16}" text-anchor="{anchor}" fill="{MUTED}" font-size="12">'
                f"{escape(label)}</text>"
            )
    return _svg(bottom + legend_h, title, desc, body, "column-chart", font_family)


def _nice_ceiling(value: int) -> int:
    """The smallest of 2, 4, 10, 20, 40, 100, ... not below the value (gridlines at 0, half and top)."""
    if value <= 2:
        return 2
    step = 1
    while True:
        for m in (2, 4, 10):
            if value <= m * step:
                return m * step
        step *= 10


def heat_strip(
    title: str, desc: str, cells: Sequence[tuple[str, int]], *, font_family: str | None = None
) -> SafeString:
    """One cell per article in the order of the text, shaded by its count; the number printed in each."""
    size, gap = 40, 4
    per_row = int((WIDTH + gap) // (size + gap))
    peak = max((v for _label, v in cells), default=0) or 1
    body = []
    for i, (label, value) in enumerate(cells):
        row, col = divmod(i, per_row)
        x, y = col * (size + gap), row * (size + gap + 2)
        shade = _shade(value / peak if value else 0.0)
        dark = value and value / peak > 0.45
        text = "#ffffff" if dark else INK
        body.append(f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="3" fill="{shade}" stroke="{LINE}"/>')
        body.append(
            f'<text x="{x + size / 2:g}" y="{y + 14}" text-anchor="middle" font-size="10" fill="{text}">'
            f"{escape(_truncate(label, 6))}</text>"
        )
        body.append(
            f'<text x="{x + size / 2:g}" y="{y + 32}" text-anchor="middle" font-weight="700" fill="{text}">{value}</text>'
        )
    rows = max(1, -(-len(cells) // per_row))
    return _svg(rows * (size + gap + 2), title, desc, body, "heat-strip", font_family)


def _shade(share: float) -> str:
    """From a pale blue (none) to the accent blue (the most)."""
    pale, deep = (0xEE, 0xF3, 0xFA), (0x0B, 0x4F, 0x9C)
    mixed = (round(p + (d - p) * share) for p, d in zip(pale, deep, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def share_bar(
    title: str,
    desc: str,
    parts: Sequence[tuple[str, int]],
    *,
    colors: Sequence[str] = PALETTE,
    font_family: str | None = None,
) -> SafeString:
    """A whole split into its parts (one bar), with a legend line per part: label, count and percentage."""
    total = sum(v for _label, v in parts)
    body = []
    x = 0.0
    for i, (_label, value) in enumerate(parts):
        if total and value:
            w = WIDTH * value / total
            body.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{colors[i % len(colors)]}"/>')
            x += w
    if not total:
        body.append(f'<rect x="0" y="0" width="{WIDTH}" height="22" fill="#eef1f5"/>')
    for i, (label, value) in enumerate(parts):
        y = 34 + i * 22
        percent = f" ({100 * value / total:.0f}%)" if total else ""
        body.append(f'<rect x="0" y="{y}" width="12" height="12" fill="{colors[i % len(colors)]}"/>')
        body.append(f'<text x="18" y="{y + 11}">{escape(_truncate(label, 40))} — {value}{percent}</text>')
    return _svg(34 + len(parts) * 22, title, desc, body, "share-bar", font_family)
