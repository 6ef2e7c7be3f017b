"""Dialogs: each a ModalScreen that dismisses with its answer."""
