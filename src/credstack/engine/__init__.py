"""The engine: recognition, the audit, the plan, comparison, paths and lint.

It computes typed results from a loaded Region and a LearnerFile and never imports
textual: the TUI and the reports only show what it returns.
"""
