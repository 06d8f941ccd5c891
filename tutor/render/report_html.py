"""The class report as one self-contained HTML file: inline CSS and SVG, no script, no network.

The file opens offline in any browser and can be mailed or put on a course
page as it is. Every text from the graded file is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Any, Sequence

__all__ = ["report_html"]

BAR_WIDTH = 320  # px of a 100 % bar: fits beside its label on a laptop screen
BAR_HEIGHT = 16

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem;
       color: #1d1d1f; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { padding: .2rem .6rem; text-align: left; }
th { border-bottom: 1px solid #999; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f3f3f3; padding: 0 .25rem; border-radius: 3px; }
.muted { color: #666; } svg { display: block; margin: .25rem 0 .75rem; }
.bar-first { fill: #8fb3de; } .bar-final { fill: #2f6db3; } .bar-mistake { fill: #b0428a; }
.bar-unnamed { fill: #d09a21; } .bar-param { fill: #3a8f5b; } .bar-total { fill: #555; }
svg text { font-size: 12px; fill: #1d1d1f; }
"""


def _pct(rate: float) -> str:
    return f"{rate:.0%}"


def _bars(rows: Sequence[tuple[str, float, str, str]], *, label_width: int = 220, title: str = "") -> str:
    """A horizontal bar chart: (label, fraction 0..1, text after the bar, CSS class) per row."""
    height = len(rows) * (BAR_HEIGHT + 6) + 4
    width = label_width + BAR_WIDTH + 90
    out = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, fraction, after, css) in enumerate(rows):
        y = 2 + i * (BAR_HEIGHT + 6)
        w = max(0.0, min(1.0, fraction)) * BAR_WIDTH
        short = label if len(label) <= 34 else label[:33] + "…"
        out.append(f'<text x="0" y="{y + BAR_HEIGHT - 4}">{escape(short)}</text>')
        out.append(f'<rect class="{css}" x="{label_width}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}">'
                   f"<title>{escape(label)}: {escape(after)}</title></rect>")
        out.append(f'<text x="{label_width + w + 6:.1f}" y="{y + BAR_HEIGHT - 4}">{escape(after)}</text>')
    out.append("</svg>")
    return "".join(out)


def report_html(report: Any, title: str = "Class report") -> str:
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">{report.records} records · {len(report.students)} students · '
        f"{len(report.exercises)} exercises · mean total {report.mean_total:.2f} of {report.possible:g}"
        + (f" · {report.invalid} records not gradable" if report.invalid else "") + "</p>",
        '<h2 id="overview">Exercises</h2>',
        "<table><thead><tr><th>exercise</th><th>answers</th><th>students</th><th>first try</th><th>final</th>"
        "<th>mean score</th><th>discrimination</th></tr></thead><tbody>",
    ]
    for ex in report.exercises:
        disc = "—" if ex.discrimination is None else f"{ex.discrimination:.2f}"
        parts.append(f'<tr><td><a href="#{escape(_anchor(ex.exercise))}">{escape(ex.exercise)}</a></td>'
                     f'<td class="n">{ex.answers}</td><td class="n">{ex.students}</td>'
                     f'<td class="n">{_pct(ex.first_try_rate)}</td><td class="n">{_pct(ex.final_rate)}</td>'
                     f'<td class="n">{_pct(ex.mean_score)}</td><td class="n">{disc}</td></tr>')
    parts.append("</tbody></table>")
    rows = []
    for ex in report.exercises:
        rows.append((f"{ex.exercise} (first try)", ex.first_try_rate, _pct(ex.first_try_rate), "bar-first"))
        rows.append((f"{ex.exercise} (final)", ex.final_rate, _pct(ex.final_rate), "bar-final"))
    parts.append(_bars(rows, label_width=300, title="correct rate per exercise, first try and final"))
    for ex in report.exercises:
        parts.append(_exercise_section(ex))
    parts.append(_students_section(report))
    parts += ['<p class="muted">Written by calctutor report.</p>', "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _anchor(name: str) -> str:
    return "ex-" + "".join(c if c.isalnum() else "-" for c in name)


def _exercise_section(ex: Any) -> str:
    parts = [f'<h2 id="{escape(_anchor(ex.exercise))}">{escape(ex.exercise)}</h2>',
             f'<p class="muted">{ex.answers} answers from {ex.students} students · first try '
             f"{_pct(ex.first_try_rate)} · final {_pct(ex.final_rate)} · {ex.unreadable} unreadable · "
             f"{ex.blank} blank</p>"]
    wrong = list(ex.mistakes) + list(ex.unnamed)
    if wrong:
        top = max(m.count for m in wrong)
        parts.append("<h3>Most common mistakes</h3>" if ex.mistakes else "<h3>Wrong answers</h3>")
        rows = [(m.key, m.count / top, str(m.count), "bar-mistake") for m in ex.mistakes[:10]]
        rows += [("no named mistake: " + (m.examples[0] if m.examples else m.key), m.count / top, str(m.count),
                  "bar-unnamed") for m in ex.unnamed[:10]]
        parts.append(_bars(rows, label_width=300, title=f"wrong answers to {ex.exercise}"))
        parts.append("<table><thead><tr><th>count</th><th>mistake</th><th>example answers</th></tr></thead><tbody>")
        for m in ex.mistakes:
            parts.append(f'<tr><td class="n">{m.count}</td><td><code>{escape(m.key)}</code></td>'
                         f"<td>{' | '.join(f'<code>{escape(e)}</code>' for e in m.examples)}</td></tr>")
        for m in ex.unnamed:
            parts.append(f'<tr><td class="n">{m.count}</td><td class="muted">no named mistake</td>'
                         f"<td>{' | '.join(f'<code>{escape(e)}</code>' for e in m.examples)}</td></tr>")
        parts.append("</tbody></table>")
    params: dict[str, list[Any]] = {}
    for rate in ex.parameters:
        params.setdefault(rate.parameter, []).append(rate)
    for name, rates in params.items():
        if len(rates) < 2:
            continue
        parts.append(f"<h3>Correct rate by {escape(name)}</h3>")
        parts.append(_bars([(f"{name} = {r.value}", r.correct_rate, f"{_pct(r.correct_rate)} of {r.students}",
                             "bar-param") for r in rates[:40]], title=f"correct rate by {name}"))
    return "\n".join(parts)


def _students_section(report: Any) -> str:
    parts = ['<h2 id="students">Students</h2>']
    if report.students and report.possible:
        buckets = [0] * 10
        for s in report.students:
            buckets[min(9, int(s.score / report.possible * 10))] += 1
        top = max(buckets) or 1
        parts.append(_bars([(f"{10 * i}–{10 * i + 10} %", n / top, str(n), "bar-total") for i, n in enumerate(buckets)],
                           label_width=120, title="students by total"))
    parts.append("<table><thead><tr><th>student</th><th>score</th><th>solved</th><th>attempted</th></tr></thead><tbody>")
    for s in report.students:
        parts.append(f'<tr><td>{escape(s.student)}</td><td class="n">{s.score:g}</td><td class="n">{s.solved}</td>'
                     f'<td class="n">{s.attempted}</td></tr>')
    parts.append("</tbody></table>")
    return "\n".join(parts)
