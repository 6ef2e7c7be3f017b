"""Saving a learner file without losing what a person wrote in it.

A learner file is edited, not rewritten. tomlkit parses the text the learner was loaded
from (comments, key order, blank lines, quoting, inline or multi-line arrays), and only
the differences between the learner as it was loaded (`before`) and the learner now
(`after`), both as the plain data `toml_writer.learner_data` makes, are applied to that
document:

- a key whose value did not change is not touched, however it is written;
- a changed value is replaced in place (its trailing comment stays);
- a removed key is deleted; a new key goes after the table's last key;
- list entries (held items, prior learning, exceptions, evidence, goals) are matched
  between before and after (difflib on their content), so removing the second of five
  held items deletes exactly that `[[held]]` section with its comments, a changed entry
  is edited field by field, and new entries are written where they belong, in the same
  layout as a new file.

`edited_text` returns None when the document cannot be edited (tomlkit refuses it): the
caller then writes the learner afresh. The caller also reads the result back and checks
it says exactly `after` (learner_store.learner_text), so a surprise here can cost
comments but never data.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Comment, InlineTable, Table, Whitespace

from credstack.store.toml_writer import document_text

_MISSING = object()


def edited_text(text: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """`text` with the changes from `before` to `after` applied, or None."""
    try:
        document = tomlkit.parse(text)
        _apply_table(document, before, after)
        edited = tomlkit.dumps(document)
    except (TOMLKitError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return edited.rstrip("\n") + "\n"


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _apply_table(
    table: Container | Table | InlineTable, before: Any, after: dict[str, Any]
) -> None:
    before = before if isinstance(before, dict) else {}
    for key in before:
        if key not in after and key in table:
            current = table[key]
            if isinstance(current, AoT) and len(current) and isinstance(table, (Container, Table)):
                _rehome(_take_lead_in(current[-1]), _before_in(table, current))
            del table[key]
    for key, value in after.items():
        old = before.get(key, _MISSING)
        if key not in table:
            _add(table, key, value)
            continue
        if old == value:
            continue
        current = table[key]
        if isinstance(value, dict) and isinstance(current, (Table, InlineTable)):
            _apply_table(current, old, value)
        elif isinstance(value, list) and isinstance(current, (AoT, Array)):
            old_list = old if isinstance(old, list) else list(current.unwrap())
            _apply_list(current, old_list, value, key, table)
        else:
            _replace(table, key, value)


def _replace(table: Container | Table | InlineTable, key: str, value: Any) -> None:
    """A new value for a key, keeping the comment after the old one."""
    try:
        old = table.item(key) if isinstance(table, Container) else table.value.item(key)
    except (AttributeError, KeyError, TOMLKitError):
        old = None  # a dotted-key table: its items are not reachable one by one
    new = tomlkit.item(value)
    trivia = getattr(old, "trivia", None)
    if trivia is not None and trivia.comment:
        new.trivia.comment_ws = trivia.comment_ws or "  "
        new.trivia.comment = trivia.comment
    table[key] = new


def _add(table: Container | Table | InlineTable, key: str, value: Any) -> None:
    """A key the document does not have: tables of entries as sections, others after the
    table's last key (not after the comments and blank line that lead to the next one)."""
    if isinstance(table, InlineTable):
        table[key] = value
        return
    if _is_tables(value):
        section = _section(key, value)
        for entry in section:
            _ensure_blank_after(entry)
        table.append(key, section)
        return
    container = table if isinstance(table, Container) else table.value
    body = container.body
    position = 0
    for index, (name, item) in enumerate(body):
        if name is not None and not isinstance(item, (Table, AoT)):
            position = index + 1
    if position == len(body):
        table.append(key, value)
    else:
        container._insert_at(position, key, tomlkit.item(value))  # tomlkit has no public insert


def _section(key: str, entries: list[dict[str, Any]]) -> AoT:
    """Entries written as a new file writes them (`[[held]]` sections), as tomlkit items."""
    parsed = tomlkit.parse(document_text({key: entries}))
    aot = parsed[key]
    assert isinstance(aot, AoT)
    return aot


def _new_entry(key: str, value: Any, inline: bool) -> Any:
    if isinstance(value, dict) and not inline:
        table = _section(key, [value])[0]
        _ensure_blank_after(table)
        return table
    if isinstance(value, dict):
        entry = tomlkit.inline_table()
        entry.update(value)
        return entry
    return value


def _ensure_blank_after(table: Table) -> None:
    """End a `[[section]]` with a blank line, so the next header stands apart (the last
    one's is trimmed with the file's trailing blank lines)."""
    body = table.value.body
    last = body[-1][1] if body else None
    if isinstance(last, AoT) and len(last) and isinstance(last[-1], Table):
        _ensure_blank_after(last[-1])  # it renders last: [[held.evidence]] after [[held]]
    elif isinstance(last, Table):
        _ensure_blank_after(last)
    elif not isinstance(last, Whitespace) or "\n" not in last.s:
        table.add(tomlkit.nl())


def _deepest_last(table: Table) -> Table:
    """The table whose end renders last in `table` (its last sub-section, if any)."""
    body = table.value.body
    last = body[-1][1] if body else None
    if isinstance(last, AoT) and len(last) and isinstance(last[-1], Table):
        return _deepest_last(last[-1])
    if isinstance(last, Table):
        return _deepest_last(last)
    return table


def _take_lead_in(table: Table) -> list[Comment | Whitespace]:
    """Remove and return the comment block at the end of a section, after a blank line:
    it introduces what follows (`# --- exceptions ---` before `[[exception]]`), so it
    outlives the section when the section is deleted."""
    body = _deepest_last(table).value.body
    start = len(body)
    while (
        start
        and body[start - 1][0] is None
        and isinstance(body[start - 1][1], (Comment, Whitespace))
    ):
        start -= 1
    run = [item for _, item in body[start:] if isinstance(item, (Comment, Whitespace))]
    blank = next((i for i, item in enumerate(run) if isinstance(item, Whitespace)), None)
    if blank is None or not any(isinstance(item, Comment) for item in run[blank + 1 :]):
        return []
    taken = run[blank:]  # with the blank line that sets it apart
    del body[start + blank :]
    return taken


def _delete_entries(
    section: AoT, deleted: list[int], kept: list[int], container: Container | Table | InlineTable
) -> None:
    """Delete entries of `section`, with the comment block that introduces each (unless it
    is the first entry: that block heads the whole group). The block at the end of a
    deleted entry introduces what follows it, and stays before what follows."""
    for index in sorted(deleted, reverse=True):  # later entries first: indices stay valid
        if index > 0:
            lead_in = _take_lead_in(section[index - 1])
            if lead_in:
                _deepest_last(section[index - 1]).add(lead_in[0])  # keep the blank line
    for index in sorted(deleted, reverse=True):
        lead_in = _take_lead_in(section[index])
        later = [i for i in kept if i > index]
        earlier = [i for i in kept if i < index]
        previous = (
            section[earlier[-1]]
            if earlier
            else (None if isinstance(container, InlineTable) else _before_in(container, section))
        )
        if lead_in and later:
            following = section[later[0]]
            if previous is not None and _ends_with_blank(previous):
                lead_in = lead_in[1:]  # one blank line between, not two
            text = "".join(item.as_string() for item in lead_in)
            following.trivia.indent = text + following.trivia.indent
        elif lead_in:
            _rehome(lead_in, previous)
        del section[index]


def _ends_with_blank(table: Table) -> bool:
    body = _deepest_last(table).value.body
    return bool(body) and isinstance(body[-1][1], Whitespace)


def _before_in(table: Container | Table, section: AoT) -> Table | None:
    """The section that renders just before `section` in `table`, if it is a table."""
    body = table.body if isinstance(table, Container) else table.value.body
    previous: Table | None = None
    for _, item in body:
        if item is section:
            return previous
        if isinstance(item, Table):
            previous = item
        elif isinstance(item, AoT) and len(item) and isinstance(item[-1], Table):
            previous = item[-1]
    return None


def _rehome(lead_in: list[Comment | Whitespace], home: Table | None) -> None:
    """Put a lead-in comment block at the end of `home` (lost only when there is none)."""
    if home is None:
        return
    target = _deepest_last(home)
    if _ends_with_blank(target) and lead_in and isinstance(lead_in[0], Whitespace):
        lead_in = lead_in[1:]  # one blank line between, not two
    for item in lead_in:
        target.add(item)


def _fingerprint(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _apply_list(
    current: AoT | Array,
    before: list[Any],
    after: list[Any],
    key: str,
    container: Container | Table | InlineTable,
) -> None:
    """Match entries of `before` and `after`; edit, delete and insert only what differs."""
    if len(current) != len(before):
        raise ValueError("the document's list does not match the learner as loaded")
    matcher = SequenceMatcher(
        None, [_fingerprint(v) for v in before], [_fingerprint(v) for v in after], autojunk=False
    )
    plan: list[tuple[str, int, Any]] = []  # ("keep" | "edit", old index, new) or ("add", -1, new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            plan += [("keep", i, None) for i in range(i1, i2)]
        elif tag == "insert":
            plan += [("add", -1, after[j]) for j in range(j1, j2)]
        elif tag == "replace":
            paired = min(i2 - i1, j2 - j1)
            plan += [("edit", i1 + k, after[j1 + k]) for k in range(paired)]
            plan += [("add", -1, after[j]) for j in range(j1 + paired, j2)]
    for action, index, value in plan:  # edits first, at the original positions
        if action != "edit":
            continue
        entry = current[index]
        if isinstance(value, dict) and isinstance(entry, (Table, InlineTable)):
            _apply_table(entry, before[index], value)
        else:
            current[index] = value
    kept = sorted(index for action, index, _ in plan if action != "add")
    deleted = [index for index in range(len(before)) if index not in kept]
    if isinstance(current, AoT):
        _delete_entries(current, deleted, kept, container)
    else:
        for index in reversed(deleted):
            del current[index]
    inline = isinstance(current, Array)
    for position, (action, _, value) in enumerate(plan):
        if action == "add":
            if position and not inline:
                _ensure_blank_after(current[position - 1])
            current.insert(position, _new_entry(key, value, inline))
