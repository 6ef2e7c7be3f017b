"""Section builders: the engine's results as document sections (report/document.py).

One module per part of the report, named from the field: summary, audit (requirements,
prior learning, unplaced units), recognition (refusals, petitions), plan, compare, and the
advice: careers, evidence, subscriptions, badges. Each builder returns Sections (or
nothing when there is nothing to show); none computes a credit or a cost, and none knows
a format. report/build.py puts them in order.
"""
