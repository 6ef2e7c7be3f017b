"""Fixtures for the TUI tests: a session on a copy of an example learner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credstack.commands.tui import prepare_session
from credstack.session import Session
from credstack.store.shipped import shipped_learners
from credstack.tui.app import CredstackApp, make_app
from tests.tui.tui_helpers import TODAY  # noqa: E402


@pytest.fixture
def learner_file(tmp_path: Path) -> Path:
    target = tmp_path / "career-changer.toml"
    shutil.copy(shipped_learners() / "career-changer.toml", target)
    return target


@pytest.fixture
def session(learner_file: Path) -> Session:
    return prepare_session(None, learner_file)


@pytest.fixture
def app(session: Session) -> CredstackApp:
    return make_app(session, TODAY)
