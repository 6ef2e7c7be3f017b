"""The typed catalogue and learner models (pydantic, no I/O)."""
