"""The Catalogue area: browse issuers, programs, credentials and rules; lint problems."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static, Tree

from credstack.errors import Problem
from credstack.model.catalogue import Credential, Program
from credstack.model.region import Region
from credstack.report import format as fmt
from credstack.tui.text import SafeText, plain

EU_ELEMENTS = (
    ("title", "Title"),
    ("outcomes", "Learning outcomes"),
    ("credits", "Workload (credits)"),
    ("hours", "Workload (hours)"),
    ("eqf_level", "EQF level"),
    ("assessment", "Assessment"),
    ("participation", "Participation"),
    ("quality_assurance", "Quality assurance"),
    ("identity_verified", "Identity verified"),
    ("prerequisites", "Prerequisites"),
    ("stacks_into", "Stacks into"),
)


class CatalogueView(Vertical):
    """A tree of what the region publishes, the details of the selection, and lint."""

    DEFAULT_CSS = """
    CatalogueView #catalogue-main { height: 1fr; }
    CatalogueView #catalogue-tree { width: 40%; }
    CatalogueView #catalogue-detail { width: 1fr; padding: 0 1; }
    CatalogueView #lint { height: 8; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.catalogue_region: Region | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="catalogue-main"):
            yield Tree("Region", id="catalogue-tree")
            with VerticalScroll(id="catalogue-detail"):
                yield Static(id="detail")
        yield Label("Lint", classes="heading", id="lint-heading")
        yield DataTable(id="lint", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#lint", DataTable).add_columns("Where", "Problem")

    def show(self, region: Region, problems: list[Problem]) -> None:
        self.catalogue_region = region
        tree = self.query_one("#catalogue-tree", Tree)
        tree.clear()
        tree.root.expand()
        for issuer_id, loaded in sorted(region.catalogues.items()):
            cat = loaded.catalogue
            node = tree.root.add(
                plain(f"{cat.issuer.name} ({cat.issuer.kind})"), data=("issuer", issuer_id)
            )
            if cat.program:
                programs = node.add(plain(f"Programs ({len(cat.program)})"))
                for program in cat.program:
                    programs.add_leaf(plain(program.title), data=("program", issuer_id, program.id))
            if cat.credential:
                creds = node.add(plain(f"Credentials ({len(cat.credential)})"))
                for credential in cat.credential:
                    creds.add_leaf(
                        plain(f"{credential.title} [{credential.type}]"),
                        data=("credential", issuer_id, credential.id),
                    )
            if cat.articulation:
                rules = node.add(plain(f"Articulation rules ({len(cat.articulation)})"))
                for rule in cat.articulation:
                    rules.add_leaf(plain(rule.id), data=("rule", issuer_id, rule.id))
            if cat.role:
                roles = node.add(plain(f"Roles ({len(cat.role)})"))
                for role in cat.role:
                    roles.add_leaf(plain(role.title), data=("role", issuer_id, role.id))
        lint = self.query_one("#lint", DataTable)
        lint.clear()
        for problem in problems:
            where = f"{problem.path.rsplit('/', 1)[-1]}:{problem.line}"
            style = "red" if problem.severity == "error" else "yellow"
            lint.add_row(plain(where, style), plain(problem.message))
        self.query_one("#lint-heading", Label).update(
            f"Lint: {sum(p.severity == 'error' for p in problems)} errors, "
            f"{sum(p.severity == 'warning' for p in problems)} warnings"
        )

    @on(Tree.NodeHighlighted, "#catalogue-tree")
    def _highlight(self, event: Tree.NodeHighlighted) -> None:
        data = event.node.data
        if not data or self.catalogue_region is None:
            return
        loaded = self.catalogue_region.get(data[1])
        if loaded is None:
            return
        detail = SafeText()
        if data[0] == "issuer":
            issuer = loaded.issuer
            detail.append(f"{issuer.name}\n", style="bold")
            detail.append(
                f"{issuer.kind}, {issuer.country}, {issuer.credit_system}, {issuer.currency}\n"
            )
            if issuer.quality_assurance:
                detail.append(f"Quality assurance: {issuer.quality_assurance}\n")
            policy = loaded.catalogue.institution
            if policy:
                detail.append(
                    f"Tuition {fmt.money(policy.tuition_per_credit, issuer.currency)}/credit, "
                    f"fees {fmt.money(policy.fees_per_term, issuer.currency)}/term, "
                    f"residency {fmt.cr(policy.residency_credits)}, external share "
                    f"≤ {policy.max_external_share}, recency {policy.recency_years} years\n"
                )
        elif data[0] == "program":
            _program(detail, loaded.programs[data[2]])
        elif data[0] == "credential":
            _credential(detail, loaded.credentials[data[2]])
        elif data[0] == "rule":
            rule = next(r for r in loaded.catalogue.articulation if r.id == data[2])
            detail.append(f"Rule {rule.id}\n", style="bold")
            detail.append(f"from {' and '.join(rule.from_)}\n")
            grants = ", ".join(rule.grants) or (
                f"{fmt.maybe_credits(rule.grant_credits)} credits {rule.subject or ''} "
                f"level {rule.level or 1}"
            )
            detail.append(f"grants {grants}\n")
            for key in ("min_grade", "max_age_years", "valid_from", "valid_until", "agreement"):
                value = getattr(rule, key)
                if value is not None:
                    detail.append(f"{key}: {value}\n")
        elif data[0] == "role":
            role = next(r for r in loaded.catalogue.role if r.id == data[2])
            detail.append(f"{role.title}\n", style="bold")
            detail.append(f"skills: {', '.join(role.skills)}\naccepts: {', '.join(role.accepts)}")
        self.query_one("#detail", Static).update(detail)


def _program(detail: Text, program: Program) -> None:
    detail.append(f"{program.title}\n", style="bold")
    detail.append(f"{program.award}, {fmt.credits(program.credits)} credits\n\n")
    for requirement in program.requirement:
        if requirement.shape == "credits":
            what = f"{fmt.maybe_credits(requirement.credits)} cr"
            if requirement.subjects:
                what += f" of {'/'.join(requirement.subjects)}"
            if requirement.min_level:
                what += f", level {requirement.min_level}+"
        elif requirement.shape == "choose":
            what = f"{requirement.choose} of {', '.join(requirement.courses or [])}"
        else:
            what = ", ".join(requirement.courses or [])
        detail.append(f"• {requirement.title}: ", style="bold")
        detail.append(f"{what}\n")


def _credential(detail: Text, credential: Credential) -> None:
    detail.append(f"{credential.title}\n", style="bold")
    detail.append(f"{credential.type}\n\n")
    for key, label in EU_ELEMENTS:
        value = getattr(credential, key)
        if value in (None, [], ""):
            if credential.type == "micro-credential" and key in (
                "outcomes",
                "eqf_level",
                "assessment",
                "participation",
            ):
                detail.append(f"{label}: missing\n", style="red")
            continue
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        detail.append(f"{label}: ", style="bold")
        detail.append(f"{value}\n")
