"""The one stylesheet of the HTML report: inline, no fonts, images or links to fetch."""

from __future__ import annotations

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 62rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; padding-top: 1rem; border-top: 2px solid #333; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
p.meta { margin: 0 0 1rem; color: #444; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
  border-bottom: 1px solid #ccc; }
tbody th { font-weight: normal; }
thead th { border-bottom: 2px solid #555; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.figures dt { font-weight: 600; }
dl.figures dd { margin: 0; }
ul.tree { padding-left: 1.2rem; }
ul.tree > li { margin: .5rem 0; }
ul.tree ul { font-size: .93em; margin: .3rem 0 .6rem; }
.note, .tone-muted { color: #555; }
.note { font-style: italic; }
.tone-good { color: #1a6b2b; } .tone-warn { color: #8a5a00; }
.tone-bad { color: #a11d1d; } .tone-info { color: #2a6fb0; }
footer { margin-top: 2rem; color: #666; font-size: .85em; }
svg.figure { display: block; max-width: 100%; height: auto; margin: .4rem 0 .8rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.figure text { fill: #1b1b1b; }
svg.figure .bar-figure, svg.figure .term-courses { fill: #444; }
svg.figure .tone-good .fill { fill: #1a6b2b; } svg.figure .tone-warn .fill { fill: #b07400; }
svg.figure .tone-bad .fill { fill: #a11d1d; } svg.figure .tone-info .fill { fill: #2a6fb0; }
svg.figure .tone-muted .fill { fill: #777; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; color: #000; }
  h2 { break-before: page; border-top: none; padding-top: 0; }
  section.program:first-of-type h2 { break-before: auto; }
  table, li, dl { break-inside: avoid; }
  thead { display: table-header-group; }
  .note, .tone-good, .tone-warn, .tone-bad, .tone-info, .tone-muted { color: #000; }
  svg.figure { break-inside: avoid; max-width: 17cm; }
  svg.figure text, svg.figure .bar-figure, svg.figure .term-courses { fill: #000; }
  svg.figure .track { fill: #fff; stroke: #000; }
  svg.figure .bar .fill { fill: #555; }
  svg.figure .term-box { fill: #fff; stroke: #000; }
}
""".strip()
