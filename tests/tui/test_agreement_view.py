"""The agreement view (Pathways, `t`; palette "Agreement into: ..."): the Session's
agreement of a feeder into the selected goal, requirement by requirement."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Tree

from credstack.tui.screens.agreement import AgreementScreen
from tests.tui.tui_helpers import EXAMPLES, open_app, settle

SIZE = (110, 40)


def _labels(tree: Tree[None]) -> list[str]:
    return [str(node.label) for node in tree.root.children]


async def test_t_in_pathways_shows_each_requirement_and_follows_the_feeder() -> None:
    app = open_app(EXAMPLES / "cc-transfer.toml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        session = app.session
        assert session is not None
        goal = session.learner.learner.goals[0]
        feeders = session.feeders(goal)
        # the learner holds Metro CC courses: Metro CC comes first
        assert screen.view.feeder == session.default_feeder(goal) == "metro-cc"
        expected = session.agreement("metro-cc", goal)
        tree = screen.query_one(Tree)
        labels = _labels(tree)
        assert len(labels) >= len(expected.requirements)
        for requirement, label in zip(expected.requirements, labels, strict=False):
            assert label.startswith(requirement.title)

        other = feeders[0][1]
        assert other != "metro-cc"
        screen.query_one(Select).value = other
        await settle(pilot)
        assert screen.view.feeder == other
        assert _labels(tree)[0].startswith(session.agreement(other, goal).requirements[0].title)

        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AgreementScreen)


async def test_agreement_from_the_palette(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        app.show_agreement("northbridge:bs-it", "metro-cc")
        await settle(pilot)
        assert isinstance(app.screen, AgreementScreen)
        assert app.screen.view.feeder == "metro-cc"
        assert app.screen.view.program == "northbridge:bs-it"
