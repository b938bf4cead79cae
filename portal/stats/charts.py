"""Small server-side SVG charts (no JavaScript, no CDN); every chart is shown with its table too."""

from __future__ import annotations

from markupsafe import Markup, escape

PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997"]


def bar_chart(
    items: list[tuple[str, float]], title: str, width: int = 640, bar_height: int = 26, value_format: str = "{:g}"
) -> Markup:
    """Horizontal bars: readable with long Chinese labels."""
    if not items:
        return Markup("")
    label_w, pad = 190, 8
    height = pad * 2 + bar_height * len(items)
    top = max((v for _l, v in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart-svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * bar_height
        w = (width - label_w - 70) * (value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.65:.1f}" text-anchor="end" font-size="12">'
            f"{escape(str(label))}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{bar_height - 8}" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_height * 0.65:.1f}" font-size="12">'
            f"{escape(value_format.format(value))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 every interpolated label and value went through escape()


def column_chart(
    labels: list[str],
    values: list[float],
    title: str,
    width: int = 640,
    height: int = 240,
    target: float | None = None,
    target_label: str = "",
) -> Markup:
    """Vertical columns over time (months or years), with an optional target line."""
    if not labels:
        return Markup("")
    left, bottom, top_pad = 40, 30, 16
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = max([*values, target or 0, 1])
    step = plot_w / len(labels)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart-svg"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" stroke="#999"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * (value / top)
        x = left + i * step + step * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{top_pad + plot_h - h - 3:.1f}" font-size="11" '
            f'text-anchor="middle">{value:g}</text>'
        )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{height - 10}" font-size="11" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    if target:
        y = top_pad + plot_h - plot_h * (target / top)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{PALETTE[1]}" '
            f'stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{left + 4}" y="{y - 4:.1f}" font-size="11" fill="{PALETTE[1]}">'
            f"{escape(target_label)} {target:g}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 every interpolated label and value went through escape()
