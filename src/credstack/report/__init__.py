"""Renderers: the engine's results as text, markdown, HTML, JSON and CSV.

Renderers only show what the engine computed; none of them computes a credit.
"""
