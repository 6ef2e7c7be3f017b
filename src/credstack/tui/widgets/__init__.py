"""The areas of the main screen, one widget each."""
