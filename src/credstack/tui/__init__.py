"""The Textual TUI: an advising appointment in the terminal. It shows engine results."""
