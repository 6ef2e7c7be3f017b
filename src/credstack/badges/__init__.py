"""Open Badges 3.0 and CLR 2.0 import with offline verification (docs/badges.md).

No module here imports textual, and nothing here fetches anything from the network:
JSON-LD contexts are bundled (contexts/) and issuer keys come from the catalogues.
"""
