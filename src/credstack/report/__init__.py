"""Reports: the engine's results as text, markdown, HTML, JSON and CSV.

The human formats walk one document built once from a Report (document.py, sections/,
build.py); JSON and CSV are contract serialisers. Nothing here computes a credit.
"""
