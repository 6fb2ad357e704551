"""A tree file read into the model: every value where the editor wrote it."""

from __future__ import annotations

from pathlib import Path

from sopkit import load_tree
from sopkit.model import Handoff, Next, Span

TREE = """\
title: T
start: ask
nodes:
  ask:
    type: question
    text: Ask
    help: Help
    script: Say
    callouts: [{kind: tip, text: Tip}]
    checklist: [Check]
    fields: [{id: ref, label: Reference}]
    links: [{text: Policy, href: policy.md}]
    timebox: {minutes: 2}
    answers: [{label: "Yes", next: wait}]
  wait:
    type: step
    text: Wait
    next: done
    timebox: 1m30s
    timeup: Call back
  done:
    type: outcome
    text: Done
    result: escalate
  away:
    type: goto
    tree: other
    node: there
"""


def test_every_node_field_holds_what_was_written(tmp_path: Path) -> None:
    # Every field of every kind of node, read back: a value read into the wrong field
    # would show here.
    path = tmp_path / "t.yml"
    path.write_text(TREE, encoding="utf-8")
    tree, problems = load_tree(path, "t.yml")
    assert problems == [] and tree is not None
    ask, wait, done, away = tree.nodes.values()
    assert (ask.id, ask.type, ask.span) == ("ask", "question", Span("t.yml", 4, 3))
    assert [t.values["*"] for t in (ask.text, ask.help, ask.script) if t] == ["Ask", "Help", "Say"]
    assert [(c.kind, c.text.values["*"]) for c in ask.callouts] == [("tip", "Tip")]
    assert [c.text.values["*"] for c in ask.checklist] == ["Check"]
    assert [(f.id, f.label.values["*"]) for f in ask.fields] == [("ref", "Reference")]
    assert [(link.text.values["*"], link.href) for link in ask.links] == [("Policy", "policy.md")]
    assert ask.timebox is not None and ask.timebox.seconds == 120 and ask.timeup is None
    assert [(a.label.values["*"], a.next) for a in ask.answers] == [("Yes", "wait")]
    assert (wait.next, wait.next_span) == ("done", Span("t.yml", 18, 11))
    assert wait.timebox is not None and wait.timebox.seconds == 90
    assert wait.timeup is not None and wait.timeup.values["*"] == "Call back"
    assert (done.result, done.next, done.tree) == ("escalate", None, None)
    assert (away.tree, away.tree_span, away.target_node) == (
        "other",
        Span("t.yml", 27, 11),
        "there",
    )
    assert (away.text, away.result, away.next) == (None, None, None)


def test_each_kind_of_node_says_where_it_leads(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text(TREE, encoding="utf-8")
    tree, _ = load_tree(path, "t.yml")
    assert tree is not None
    ask, wait, done, away = tree.nodes.values()
    assert (ask.ways, ask.targets) == (ask.answers, ("wait",))
    assert wait.ways == (Next(next="done", next_span=Span("t.yml", 18, 11)),)
    assert (done.ways, done.targets, done.terminal) == ((), (), True)
    handoff = Handoff(tree="other", node="there", tree_span=Span("t.yml", 27, 11))
    assert (away.ways, away.targets, away.terminal) == ((handoff,), (), True)
    assert handoff.target == "other#there"
