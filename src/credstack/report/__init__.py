"""Reports: the engine's results as text, markdown, HTML, JSON and CSV.

Nothing here computes a credit. The files, cut one way:

- the document: document.py (the model), build.py (`build_document`: the sections in
  reading order), and one section builder per part of the report, named from the field:
  summary, audit, recognition, plan, comparison, careers, evidence, subscriptions, badges;
- the walkers of the document, one per human format, each owning its escaping:
  text.py (rich), markdown.py, html.py (with html_style.py);
- the contracts, serialised from the results: json_report.py, csv_report.py;
- format.py, the numbers, money, labels and colours every format and the TUI share;
- render.py, the registry of formats.
"""
