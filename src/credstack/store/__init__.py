"""Reading and writing catalogue and learner files (TOML in and out)."""
