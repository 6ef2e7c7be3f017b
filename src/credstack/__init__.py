"""credstack: a terminal advisor and transfer-credit explorer for stackable credentials."""

__version__ = "0.1.0"
