"""Every rejection of a bad tree file, with its exact message (table-driven)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from sopkit import Languages, check_paths
from sopkit.compile.syntax import GENERAL_HINT
from sopkit.problems import format_problems

LANGS = Languages.of(["en", "es"])
HEAD = "title: {en: T, es: T}\nstart: q\nnodes:\n"
DONE = "  done:\n    type: outcome\n    result: resolve\n    text: {en: Done, es: Hecho}\n"
QUESTION = "  q:\n    type: question\n    text: {en: Q?, es: ¿Q?}\n"
YES_DONE = "    answers:\n      - {label: {en: Yes, es: Sí}, next: done}\n"
ALIAS_HINT = "\n    hint: write the value out in full where it is used"
ID_HINT = "\n    hint: use lowercase letters, digits and single hyphens, e.g. 'check-firmware'"
QUOTE_IT = "\n    hint: put the whole text in quotes: "
ODD_SPACE_HINT = (
    "\n    hint: replace it with an ordinary space (such spaces usually come with text pasted "
    "from a web page or a word processor)"
)
LINE_UP = "\n    hint: keys of one mapping start in the same column: "
STEP = "  q:\n    type: step\n    text: {en: Q, es: Q}\n    next: done\n"

# YAML that libyaml refuses: one row per mistake, in sopkit's words, at the line to fix.
SYNTAX_CASES: list[tuple[str, str, bytes | str, str]] = [
    (
        "tab in indentation",
        "t",
        HEAD + "  q:\n\ttype: step\n",
        "t.yml:5:1: error[yaml-syntax] this line is indented with a tab, and YAML "
        "indentation may only use spaces\n"
        "    hint: indent with spaces (set your editor to insert spaces when you press Tab)",
    ),
    (
        "': ' in an unquoted text",
        "t",
        HEAD + "  q:\n    type: step\n    text:\n      en: Note: do X\n",
        "t.yml:7:11: error[yaml-syntax] the text 'Note: do X' has ': ' in it, which YAML reads "
        "as the start of another key" + QUOTE_IT + 'en: "Note: do X"',
    ),
    (
        "': ' in a text with double quotes",
        "t",
        HEAD + '  q:\n    type: step\n    text:\n      en: Say: "hello" \\o/\n',
        "t.yml:7:11: error[yaml-syntax] the text 'Say: \"hello\" \\o/' has ': ' in it, which YAML "
        "reads as the start of another key" + QUOTE_IT + "en: 'Say: \"hello\" \\o/'",
    ),
    (
        "': ' in a text with both quotes",
        "t",
        'title:\n  en: It\'s "Note: do X"\n',
        "t.yml:2:7: error[yaml-syntax] the text 'It's \"Note: do X\"' has ': ' in it, which YAML "
        "reads as the start of another key" + QUOTE_IT + 'en: "It\'s \\"Note: do X\\""',
    ),
    (
        "': ' in an unquoted text in braces",
        "t",
        "title: {en: Note: do X, es: Y}\n",
        "t.yml:1:13: error[yaml-syntax] the text 'Note: do X' has ': ' in it, which YAML reads "
        "as the start of another key" + QUOTE_IT + 'title: {en: "Note: do X", es: Y}',
    ),
    (
        "': ' in a text over two lines",
        "t",
        "title:\n  en: A long title\n    and then: more\n",
        "t.yml:2:7: error[yaml-syntax] the text that starts here has ': ' on line 3, which YAML "
        "reads as the start of another key\n"
        "    hint: put the whole text in quotes, from here to its last line",
    ),
    (
        "' #' in an unquoted text in braces",
        "t",
        "title: {en: Order # (from the invoice), es: Pedido}\nstart: q\n",
        "t.yml:1:13: error[yaml-syntax] ' #' in this text starts a YAML comment, which hides "
        "the rest of the line and its closing '}'"
        + QUOTE_IT
        + 'title: {en: "Order # (from the invoice)", es: Pedido}',
    ),
    (
        "no-break space in indentation",
        "t",
        HEAD + "  q:\n\u00a0   type: step\n    text: {en: Q, es: Q}\n",
        "t.yml:5:1: error[yaml-syntax] the indentation has a no-break space (U+00A0), which "
        "YAML does not read as a space" + ODD_SPACE_HINT,
    ),
    (
        # libyaml reads this file: the line becomes a key that starts with the space.
        "ideographic space in indentation of a readable file",
        "t",
        HEAD + "  q:\n    type: step\n\u3000 text: {en: Q, es: Q}\n",
        "t.yml:6:1: error[yaml-syntax] the indentation has an ideographic space (U+3000), "
        "which YAML does not read as a space" + ODD_SPACE_HINT,
    ),
    (
        "narrow no-break space after a key",
        "t",
        HEAD + "  q:\n    type:\u202fstep\n    text: {en: Q, es: Q}\n",
        "t.yml:5:10: error[yaml-syntax] this line has a narrow no-break space (U+202F), which "
        "YAML does not read as a space" + ODD_SPACE_HINT,
    ),
    (
        "key indented more than the one above",
        "t",
        HEAD + "  q:\n    type: step\n     text: {en: Q, es: Q}\n",
        "t.yml:6:6: error[yaml-syntax] 'text' is indented 5 spaces, more than 'type' on line 5 "
        "(4 spaces)" + LINE_UP + "indent 'text' with 4 spaces, like 'type'",
    ),
    (
        "key indented less than the one above",
        "t",
        HEAD + "  q:\n    type: step\n   text: {en: Q, es: Q}\n",
        "t.yml:6:4: error[yaml-syntax] 'text' is indented 3 spaces, between 'q' on line 4 "
        "(2 spaces) and 'type' on line 5 (4 spaces)"
        + LINE_UP
        + "indent 'text' like the keys it belongs with, 2 spaces like 'q' or 4 like 'type'",
    ),
    (
        "answer key out of line",
        "t",
        HEAD + QUESTION + "    answers:\n      - label: {en: Yes, es: Sí}\n       next: done\n",
        "t.yml:9:8: error[yaml-syntax] 'next' is indented 7 spaces, less than 'label' on line 8 "
        "(8 spaces)" + LINE_UP + "indent 'next' with 8 spaces, like 'label'",
    ),
    (
        # libyaml stops at 'done', six lines after the node id that left 'nodes'.
        "node id not indented, reported where it is",
        "t",
        HEAD + STEP.replace("next: done", "next: r") + "r:\n    type: step\n"
        "    text: {en: R, es: R}\n    next: done\n" + DONE,
        "t.yml:8:1: error[yaml-syntax] 'r' is indented 0 spaces, less than 'q' on line 4 "
        "(2 spaces)" + LINE_UP + "indent 'r' with 2 spaces, like 'q'",
    ),
    (
        "text wrapped onto a line indented like its key",
        "t",
        HEAD + "  q:\n    type: step\n    text: Check the\n    invoice and the receipt.\n",
        "t.yml:7:5: error[yaml-syntax] this line goes on with the text of 'text' on line 6, but "
        "it is not indented more than 'text', so YAML reads it as a key\n"
        "    hint: indent it with at least 5 spaces, or join it to line 6",
    ),
    (
        "no space after a key's colon",
        "t",
        HEAD + "  q:\n    type: step\n    text:\n      en:Check the ID\n      es: Revise\n",
        "t.yml:7:10: error[yaml-syntax] 'en:' has no space after the ':', so YAML does not "
        "read a key\n"
        "    hint: put a space after the ':': en: Check the ID",
    ),
    (
        "double quote never closed",
        "t",
        'title: "T\nstart: q\nnodes: {}\n',
        't.yml:1:8: error[yaml-syntax] the quote " that opens here is never closed: the text '
        "runs to the end of the file\n"
        '    hint: close it with " at the end of the text (a " inside the text is written \\")',
    ),
    (
        "double quote closed a line later",
        "t",
        HEAD + '  q:\n    type: step\n    text:\n      en: "Say hi\n      es: "Diga hola"\n',
        't.yml:7:11: error[yaml-syntax] the quote " that opens here is closed only on line 8, '
        "column 11, and more text follows it\n"
        "    hint: close the quote at the end of this text, on line 7",
    ),
    (
        "bracket never closed",
        "t",
        "title: {en: T, es: T}\nstart: [q\nnodes: {}\n",
        "t.yml:2:8: error[yaml-syntax] the '[' that opens here is never closed with ']'\n"
        "    hint: add the ']' at the end of the value; a text that starts with '[' goes in quotes",
    ),
    (
        "brace never closed",
        "t",
        "title: {en: T, es: T\nstart: q\n",
        "t.yml:1:8: error[yaml-syntax] the '{' that opens here is never closed with '}'\n"
        "    hint: add the '}' at the end of the value; a text that starts with '{' goes in quotes",
    ),
    (
        "text goes on after its quotes",
        "t",
        "title:\n  en: 'It's here'\n",
        "t.yml:2:7: error[yaml-syntax] the text goes on after its closing quote"
        + QUOTE_IT
        + 'en: "It\'s here"',
    ),
    (
        "quoted word at the start of a text",
        "t",
        'title:\n  en: "Yes" means go on\n',
        "t.yml:2:7: error[yaml-syntax] the text goes on after its closing quote"
        + QUOTE_IT
        + "en: '\"Yes\" means go on'",
    ),
    (
        "Markdown link at the start of a text",
        "t",
        "title:\n  en: [Open the form](form.md) now\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '[' must be in quotes, or YAML "
        "reads the '[' as the start of a list" + QUOTE_IT + 'en: "[Open the form](form.md) now"',
    ),
    (
        "Markdown code at the start of a text",
        "t",
        "title:\n  en: `sopkit check` first\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '`' must be in quotes, or YAML "
        "reads the '`' as a character reserved for future use"
        + QUOTE_IT
        + 'en: "`sopkit check` first"',
    ),
    (
        # Markdown emphasis: YAML reads '*Bold' as an alias and refuses the second '*'.
        "Markdown emphasis at the start of a text",
        "t",
        HEAD + "  q:\n    type: step\n    text:\n      en: *Bold* first\n",
        "t.yml:7:11: error[yaml-syntax] a text that starts with '*' must be in quotes, or YAML "
        "reads the '*' as a reference to another value (an alias)"
        + QUOTE_IT
        + 'en: "*Bold* first"',
    ),
    (
        "Markdown emphasis at the start of a text in braces",
        "t",
        "title: {en: **Refunds** only, es: Reembolsos}\n",
        "t.yml:1:13: error[yaml-syntax] a text that starts with '*' must be in quotes, or YAML "
        "reads the '*' as a reference to another value (an alias)"
        + QUOTE_IT
        + 'title: {en: "**Refunds** only", es: Reembolsos}',
    ),
    (
        # libyaml reads this file: '*Important' is an alias, and sopkit refuses aliases.
        "a text that is one starred word",
        "t",
        HEAD + "  q:\n    type: step\n    text:\n      en: *Important\n      es: x\n",
        "t.yml:7:11: error[yaml-alias] anchors and aliases are not allowed in tree files, "
        "found alias '*Important'\n"
        "    hint: if '*Important' is a text, put the whole text in quotes: "
        'en: "*Important"; otherwise write the value out in full where it is used',
    ),
    (
        "'&' at the start of a text",
        "t",
        "title:\n  en: & then the refund\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '&' must be in quotes, or YAML "
        "reads the '&' as a name given to the value (an anchor)"
        + QUOTE_IT
        + 'en: "& then the refund"',
    ),
    (
        # libyaml reads this file: '&Co' is an anchor on the text 'partners'.
        "a text that starts with a word after '&'",
        "t",
        "title:\n  en: &Co partners  # the legal name\n",
        "t.yml:2:7: error[yaml-alias] anchors and aliases are not allowed in tree files, "
        "found anchor '&Co'\n"
        "    hint: if '&Co partners' is a text, put the whole text in quotes: "
        'en: "&Co partners"  # the legal name; otherwise write the value out in full where '
        "it is used",
    ),
    (
        "'!' at the start of a text",
        "t",
        "title:\n  en: !Important! call back\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '!' must be in quotes, or YAML "
        "reads the '!' as a type tag" + QUOTE_IT + 'en: "!Important! call back"',
    ),
    (
        # libyaml reads these: '!urgent' is a tag, and the text would lose it.
        "a word after '!' at the start of a text",
        "t",
        HEAD + "  q:\n    type: step\n    text:\n      en: !urgent call back\n"
        "      es: ! urgente\n    next: done\n" + DONE,
        "t.yml:7:11: error[yaml-tag] 'text.en' starts with '!urgent', which YAML reads as a "
        "type tag, so the text is only 'call back'" + QUOTE_IT + 'en: "!urgent call back"\n'
        "t.yml:8:11: error[yaml-tag] 'text.es' starts with '!', which YAML reads as a type tag, "
        "so the text is only 'urgente'" + QUOTE_IT + 'es: "! urgente"',
    ),
    (
        "'%' at the start of a text",
        "t",
        "title:\n  en: % of the refund\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '%' must be in quotes, or YAML "
        "reads the '%' as a directive" + QUOTE_IT + 'en: "% of the refund"',
    ),
    (
        "'>' at the start of a text",
        "t",
        HEAD + "  q:\n    type: question\n    text: {en: Amount?, es: ¿Importe?}\n"
        "    answers:\n      - label:\n          en: > 100 euros\n",
        "t.yml:9:15: error[yaml-syntax] a text that starts with '>' must be in quotes, or "
        "YAML reads the '>' as the start of a text written on the lines below"
        + QUOTE_IT
        + 'en: "> 100 euros"',
    ),
    (
        "'|' at the start of a text",
        "t",
        "title:\n  en: | Column | Value |\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '|' must be in quotes, or YAML "
        "reads the '|' as the start of a text written on the lines below"
        + QUOTE_IT
        + 'en: "| Column | Value |"',
    ),
    (
        "'- ' at the start of a text",
        "t",
        "title:\n  en: - not a list\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '-' must be in quotes, or YAML "
        "reads the '-' as a list item" + QUOTE_IT + 'en: "- not a list"',
    ),
    (
        "a list item on the line of its key",
        "t",
        HEAD + QUESTION + "    answers: - {label: {en: A, es: A}, next: done}\n" + DONE,
        "t.yml:7:14: error[yaml-syntax] a list cannot start on the line of its key 'answers'\n"
        "    hint: put '- {label: {en: A, es: A}, next: done}' on the next line, indented more "
        "than 'answers'",
    ),
    (
        "'? ' at the start of a text",
        "t",
        "title:\n  en: ? Why\n",
        "t.yml:2:7: error[yaml-syntax] a text that starts with '?' must be in quotes, or YAML "
        "reads the '?' as a key" + QUOTE_IT + 'en: "? Why"',
    ),
    (
        "no rule recognises it",
        "t",
        "title: T\n- x\n",
        "t.yml:2:1: error[yaml-syntax] YAML cannot read this line: it does not fit the lines "
        "above\n    hint: " + GENERAL_HINT,
    ),
]

CASES: list[tuple[str, str, bytes | str, str]] = [
    (
        "duplicate key",
        "t",
        HEAD + QUESTION + "    text: {en: Q2?, es: ¿Q2?}\n" + YES_DONE + DONE,
        "t.yml:7:5: error[duplicate-key] duplicate key 'text': it is already set on line 6\n"
        "    hint: a key may appear only once in a mapping; keep one of them",
    ),
    (
        "duplicate language and node id",
        "t",
        HEAD
        + "  q:\n    type: question\n    text: {en: Q?, en: Q2?, es: ¿Q?}\n"
        + YES_DONE
        + DONE
        + DONE.replace("Done", "Again"),
        "t.yml:6:20: error[duplicate-key] duplicate key 'en': it is already set on line 6\n"
        "    hint: a key may appear only once in a mapping; keep one of them\n"
        "t.yml:13:3: error[duplicate-key] duplicate key 'done': it is already set on line 9\n"
        "    hint: a key may appear only once in a mapping; keep one of them",
    ),
    (
        # Reading stops at the unknown key; its value is still searched for duplicates.
        "duplicate key under an unknown key",
        "t",
        HEAD + QUESTION + "    extra: {a: 1, a: 2}\n" + YES_DONE + DONE,
        "t.yml:7:5: error[unknown-key] unknown key 'extra' in a question node "
        "(did you mean 'text'?)\n"
        "    hint: a question node takes: type, text, help, callouts, script, checklist, "
        "fields, links, answers, timebox, timeup, editor_note\n"
        "t.yml:7:19: error[duplicate-key] duplicate key 'a': it is already set on line 7\n"
        "    hint: a key may appear only once in a mapping; keep one of them",
    ),
    (
        "anchor and alias",
        "t",
        "title: &t {en: T, es: T}\nsummary: *t\nstart: done\nnodes:\n" + DONE,
        "t.yml:1:8: error[yaml-alias] anchors and aliases are not allowed in tree files, "
        "found anchor '&t'" + ALIAS_HINT + "\n"
        "t.yml:2:10: error[yaml-alias] anchors and aliases are not allowed in tree files, "
        "found alias '*t'\n    hint: if '*t' is a text, put the whole text in quotes: "
        'summary: "*t"; otherwise write the value out in full where it is used',
    ),
    (
        "alias bomb",
        "t",
        'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        "t.yml:1:4: error[yaml-alias] anchors and aliases are not allowed in tree files, "
        "found anchor '&a' (and 3 more)" + ALIAS_HINT + "\n"
        "t.yml:2:8: error[yaml-alias] anchors and aliases are not allowed in tree files, "
        "found alias '*a' (and 26 more)\n    hint: if '*a' is a text, put the whole text in "
        'quotes: b: &b ["*a",*a,*a,*a,*a,*a,*a,*a,*a]; otherwise write the value out in '
        "full where it is used",
    ),
    (
        "top level is a list",
        "t",
        "- title: T\n- start: q\n",
        "t.yml:1:1: error[wrong-type] the top level must be a mapping with 'title', 'start' "
        "and 'nodes', found a list",
    ),
    (
        "unknown key",
        "t",
        HEAD + QUESTION + YES_DONE.replace("answers", "anwsers") + DONE,
        "t.yml:5:5: error[no-answers] question 'q' has no answers\n"
        "    hint: add an 'answers' list\n"
        "t.yml:7:5: error[unknown-key] unknown key 'anwsers' in a question node "
        "(did you mean 'answers'?)\n"
        "    hint: a question node takes: type, text, help, callouts, script, checklist, "
        "fields, links, answers, timebox, timeup, editor_note",
    ),
    (
        "unknown key in an outcome node",
        "t",
        HEAD + QUESTION + YES_DONE + DONE + "    answers: []\n",
        "t.yml:13:5: error[unknown-key] unknown key 'answers' in an outcome node\n"
        "    hint: an outcome node takes: type, text, help, callouts, script, checklist, "
        "fields, links, result, editor_note",
    ),
    (
        "': ' in a checklist item read as a mapping",
        "t",
        HEAD + STEP + "    checklist:\n      - Note: check the ID\n" + DONE,
        "t.yml:9:9: error[invalid-language] 'checklist.0' has the key 'Note', which is not a "
        "language code\n"
        "    hint: if ': ' is part of the text, put the whole text in quotes: "
        '"Note: check the ID"',
    ),
    (
        "editor note misspelt",
        "t",
        HEAD + QUESTION + YES_DONE + "    editor_notes: Rebuilt from the export.\n" + DONE,
        "t.yml:9:5: error[unknown-key] unknown key 'editor_notes' in a question node "
        "(did you mean 'editor_note'?)\n"
        "    hint: a question node takes: type, text, help, callouts, script, checklist, "
        "fields, links, answers, timebox, timeup, editor_note",
    ),
    (
        "editor note as a list",
        "t",
        HEAD + QUESTION + YES_DONE + "    editor_note: [Rebuilt]\n" + DONE,
        "t.yml:9:18: error[wrong-type] 'editor_note' must be a text (a string, or a mapping "
        "from language to string), found a list",
    ),
    (
        "editor note empty",
        "t",
        HEAD + QUESTION + YES_DONE + "    editor_note: {en: ' '}\n" + DONE,
        "t.yml:9:23: error[empty-text] 'editor_note.en' is empty",
    ),
    (
        "script URL in an editor note",
        "t",
        HEAD + QUESTION + YES_DONE + "    editor_note: '[src](javascript:alert(1))'\n" + DONE,
        "t.yml:9:18: error[dangerous-url] 'nodes.q.editor_note' contains a 'javascript:' URL, "
        "which is never allowed\n    hint: link to a page of the site or to an https:// address",
    ),
    (
        "wrong type",
        "t",
        HEAD + QUESTION + "    answers: {label: Yes, next: done}\n" + DONE,
        "t.yml:7:14: error[wrong-type] 'answers' must be a list, found a mapping",
    ),
    (
        "missing required key",
        "t",
        "title: {en: T, es: T}\nnodes:\n" + DONE,
        "t.yml:1:1: error[missing-key] a tree has no 'start', which is required",
    ),
    (
        "next points nowhere",
        "t",
        HEAD + QUESTION + YES_DONE.replace("next: done", "next: dnoe") + DONE,
        "t.yml:8:42: error[unknown-next] 'next' points to 'dnoe', which is not a node of this "
        "tree (did you mean 'done'?)",
    ),
    (
        "start points nowhere",
        "t",
        "title: {en: T, es: T}\nstart: begin\nnodes:\n" + DONE,
        "t.yml:2:8: error[unknown-start] 'start' points to 'begin', which is not a node of "
        "this tree",
    ),
    (
        "goto to no tree",
        "t",
        "title: {en: T, es: T}\nstart: other\nnodes:\n  other:\n    type: goto\n    tree: tier2\n",
        "t.yml:6:11: error[unknown-tree] 'tree' points to 'tier2', which is not a tree in the "
        "trees directory",
    ),
    (
        "question without answers",
        "t",
        HEAD + QUESTION + "    answers: []\n" + DONE,
        "t.yml:7:14: error[no-answers] question 'q' has no answers: a question needs at least one",
    ),
    (
        "no outcome reachable",
        "t",
        "title: {en: T, es: T}\nstart: a\nnodes:\n  a:\n    type: step\n    text: {en: A, es: A}\n"
        "    next: b\n  b:\n    type: step\n    text: {en: B, es: B}\n    next: a\n",
        "t.yml:4:3: error[no-outcome] no outcome can be reached from node 'a': every path from "
        "it loops\n    hint: add an answer or 'next' that leads to an outcome\n"
        "t.yml:8:3: error[no-outcome] no outcome can be reached from node 'b': every path from "
        "it loops\n    hint: add an answer or 'next' that leads to an outcome",
    ),
    (
        "invalid ids",
        "Bad_Tree",
        HEAD + QUESTION + YES_DONE + "  Bad_Node:\n    type: outcome\n    result: stop\n"
        "    text: {en: X, es: X}\n" + DONE,
        "Bad_Tree.yml:1:1: error[invalid-id] tree id 'Bad_Tree' (the file name) is not valid"
        + ID_HINT
        + "\nBad_Tree.yml:9:3: error[invalid-id] node id 'Bad_Node' is not valid"
        + ID_HINT,
    ),
    (
        "unknown node type",
        "t",
        "title: {en: T, es: T}\nstart: done\nnodes:\n  done:\n    type: outcom\n"
        "    text: {en: Done, es: Hecho}\n",
        "t.yml:5:11: error[unknown-type] 'type' must be one of 'question', 'step', 'outcome', "
        "'goto' or 'decide', found 'outcom' (did you mean 'outcome'?)",
    ),
    (
        "unknown result",
        "t",
        "title: {en: T, es: T}\nstart: done\nnodes:\n  done:\n    type: outcome\n"
        "    result: escalated\n    text: {en: Done, es: Hecho}\n",
        "t.yml:6:13: error[unknown-result] 'result' must be one of 'escalate', 'resolve', "
        "'transfer', 'new-case' or 'stop', found 'escalated' (did you mean 'escalate'?)",
    ),
    (
        "empty file",
        "t",
        b"",
        "t.yml:1:1: error[empty-file] the file is empty: expected a tree with 'title', 'start' "
        "and 'nodes'",
    ),
    (
        "only a comment",
        "t",
        "# nothing yet\n",
        "t.yml:1:1: error[empty-file] the file is empty: expected a tree with 'title', 'start' "
        "and 'nodes'",
    ),
    (
        "not UTF-8",
        "t",
        "title: {en: T, es: Caf\xe9}\n".encode("latin-1"),
        "t.yml:1:23: error[not-utf8] the file is not UTF-8: byte 0xe9 cannot be decoded\n"
        "    hint: save the file as UTF-8",
    ),
    (
        "over 1 MiB",
        "t",
        b"title: x\n# " + b"a" * (1024 * 1024) + b"\n",
        "t.yml:1:1: error[file-too-large] the file is 1.0 MiB; tree files may be at most 1 MiB\n"
        "    hint: split the procedure into smaller trees linked with 'goto'",
    ),
    (
        "nesting too deep",
        "t",
        b"title: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "t.yml:1:71: error[too-deep] the YAML nests more than 64 levels deep\n"
        "    hint: a tree needs only a few levels: check the indentation",
    ),
    (
        # Past libyaml's own limit (1,000 levels in libyaml 0.2.6): still sopkit's message.
        "block sequences nested too deep on one line",
        "t",
        b"- " * 2000 + b"x\n",
        "t.yml:1:129: error[too-deep] the YAML nests more than 64 levels deep\n"
        "    hint: a tree needs only a few levels: check the indentation",
    ),
    (
        "mappings indented too deep",
        "t",
        b"title:\n" + b"".join(b" " * i + b"k:\n" for i in range(1, 1100)),
        "t.yml:65:65: error[too-deep] the YAML nests more than 64 levels deep\n"
        "    hint: a tree needs only a few levels: check the indentation",
    ),
    (
        "unreachable node (warning)",
        "t",
        HEAD + QUESTION + YES_DONE + "  lost:\n    type: outcome\n    result: stop\n"
        "    text: {en: Lost, es: Perdido}\n" + DONE,
        "t.yml:9:3: warning[unreachable] node 'lost' cannot be reached from the start node "
        "'q'\n    hint: link to it from an answer or 'next', or remove it",
    ),
    (
        "missing translation (warning)",
        "t",
        HEAD + "  q:\n    type: question\n    text: Is it on?\n" + YES_DONE + DONE,
        "t.yml:6:11: warning[missing-translation] 'nodes.q.text' has no 'es' text; the 'es' "
        "page shows the 'en' text, marked as not translated",
    ),
    (
        "comment on the line of a text (warning)",
        "t",
        HEAD + "  q:\n    type: question\n    text:\n      en: Order # (from the invoice)\n"
        "      es: Pedido (de la factura)\n" + YES_DONE + DONE,
        "t.yml:7:17: warning[text-comment] 'text.en' ends before ' #': YAML reads the rest of "
        "the line as a comment, so the text is only 'Order'\n"
        '    hint: put the whole text in quotes: en: "Order # (from the invoice)" (a comment '
        "meant as one goes on a line of its own)",
    ),
    (
        "comment after a text over two lines (warning)",
        "t",
        HEAD
        + QUESTION.replace(
            "{en: Q?, es: ¿Q?}",
            "{en: Q?, es: ¿Q?}\n    help: Check the\n      invoice  # and the receipt",
        )
        + YES_DONE
        + DONE,
        "t.yml:7:11: warning[missing-translation] 'nodes.q.help' has no 'es' text; the 'es' "
        "page shows the 'en' text, marked as not translated\n"
        "t.yml:8:16: warning[text-comment] 'help' ends before ' #': YAML reads the rest of the "
        "line as a comment, so the text is only 'Check the invoice'\n"
        "    hint: put the whole text in quotes, from its first line to this one (a comment "
        "meant as one goes on a line of its own)",
    ),
    (
        "typographic quotes around texts (warning)",
        "t",
        "title: {en: “Refunds”, es: «Reembolsos»}\nstart: q\nnodes:\n"
        + QUESTION
        + "    answers:\n      - {label: {en: ‘Yes’, es: „Sí“}, next: done}\n"
        + "      - {label: {en: '“No”', es: Di “no”}, next: done}\n"
        + DONE,
        "t.yml:1:13: warning[typographic-quotes] 'title.en' is wrapped in typographic quotes "
        "(“...”), which YAML keeps as part of the text\n"
        "    hint: delete them; to show them, put the whole text in straight quotes: "
        '"“Refunds”"\n'
        "t.yml:1:28: warning[typographic-quotes] 'title.es' is wrapped in typographic quotes "
        "(«...»), which YAML keeps as part of the text\n"
        "    hint: delete them; to show them, put the whole text in straight quotes: "
        '"«Reembolsos»"\n'
        "t.yml:8:22: warning[typographic-quotes] 'answers.0.label.en' is wrapped in typographic "
        "quotes (‘...’), which YAML keeps as part of the text\n"
        "    hint: delete them; to show them, put the whole text in straight quotes: "
        '"‘Yes’"\n'
        "t.yml:8:33: warning[typographic-quotes] 'answers.0.label.es' is wrapped in typographic "
        "quotes („...“), which YAML keeps as part of the text\n"
        "    hint: delete them; to show them, put the whole text in straight quotes: "
        '"„Sí“"',
    ),
    (
        "dangerous URL in a text",
        "t",
        HEAD + "  q:\n    type: question\n"
        "    text: {en: '[call](javascript:alert(1))', es: '[x](jav&#x61;script:alert(1))'}\n"
        + YES_DONE
        + DONE,
        "t.yml:6:16: error[dangerous-url] 'nodes.q.text' contains a 'javascript:' URL, which is "
        "never allowed\n    hint: link to a page of the site or to an https:// address\n"
        "t.yml:6:51: error[dangerous-url] 'nodes.q.text' contains a 'javascript:' URL, which is "
        "never allowed\n    hint: link to a page of the site or to an https:// address",
    ),
    (
        "two answers with the same words",
        "t",
        HEAD + QUESTION + "    answers:\n      - {label: {en: Yes, es: Sí}, next: done}\n"
        "      - {label: {en: 'yes!', es: '¡Sí!'}, next: done}\n" + DONE,
        "t.yml:9:9: error[duplicate-answer-id] in node 'q', this answer has the id 'yes', made "
        "from its words, like an earlier one; saved progress and case notes could not tell them "
        "apart\n    hint: give one of them its own 'id:', e.g. 'id: yes-2'",
    ),
    (
        "an answer id written twice",
        "t",
        HEAD + QUESTION + "    answers:\n      - {id: same, label: {en: A, es: A}, next: done}\n"
        "      - {id: same, label: {en: B, es: B}, next: done}\n" + DONE,
        "t.yml:9:9: error[duplicate-answer-id] in node 'q', this answer has the id 'same' like "
        "an earlier one; saved progress and case notes could not tell them apart\n"
        "    hint: give one of them its own 'id:', e.g. 'id: same-2'",
    ),
    (
        "two checklist items with the same words",
        "t",
        HEAD + STEP + "    checklist:\n      - {en: Name, es: Nombre}\n"
        "      - {en: NAME, es: NOMBRE}\n" + DONE,
        "t.yml:10:9: error[duplicate-checklist-item-id] in node 'q', this checklist item has the "
        "id 'name', made from its words, like an earlier one; saved progress and case notes could "
        "not tell them apart\n    hint: give one of them its own 'id:', e.g. 'id: name-2'",
    ),
    (
        "an answer id that is not an id",
        "t",
        HEAD
        + QUESTION
        + "    answers:\n      - {id: Yes Please, label: {en: A, es: A}, next: done}\n"
        + DONE,
        "t.yml:8:14: error[invalid-id] answer id 'Yes Please' is not valid" + ID_HINT,
    ),
    (
        "an answer id that is a list (the article fits the word)",
        "t",
        HEAD
        + QUESTION
        + "    answers:\n      - {id: [x], label: {en: A, es: A}, next: done}\n"
        + DONE,
        "t.yml:8:14: error[wrong-type] 'id' must be an answer id, found a list",
    ),
    *SYNTAX_CASES,
]


@pytest.mark.parametrize(("name", "stem", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rejection_message(
    tmp_path: Path, name: str, stem: str, content: bytes | str, expected: str
) -> None:
    path = tmp_path / f"{stem}.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = check_paths([path], LANGS, root=tmp_path)
    assert format_problems(result.problems, "text") == expected


def test_a_byte_order_mark_is_not_an_odd_space(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text("\ufeff" + HEAD + QUESTION + YES_DONE + DONE, "utf-8")
    assert check_paths([path], LANGS, root=tmp_path).problems == []
    path.write_text("\ufeff" + HEAD + "  q:\n\u00a0   type: step\n", "utf-8")
    assert [str(p.span) for p in check_paths([path], LANGS, root=tmp_path).problems] == [
        "t.yml:5:1"
    ]


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol"]']
    for i in range(1, 30):
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(levels) + "\n")
    started = time.process_time()
    result = check_paths([path], LANGS, root=tmp_path)
    assert time.process_time() - started < 5  # 10**29 expansions if anything expanded it
    assert {p.code for p in result.problems} == {"yaml-alias"}


def test_all_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "one.yml").write_text("title: T\nstart: a\n")
    (tmp_path / "two.yml").write_text("- a list\n")
    result = check_paths(sorted(tmp_path.glob("*.yml")), LANGS, root=tmp_path)
    assert [(p.span.file, p.code) for p in result.problems] == [
        ("one.yml", "missing-key"),
        ("two.yml", "wrong-type"),
    ]


@pytest.mark.parametrize("word", ["Yes", "No", "on", "off", "1.10", "0x1F", "2026-11-01", "y"])
def test_texts_are_read_as_written(tmp_path: Path, word: str) -> None:
    text = f"title: {{en: {word}, es: {word}}}\nstart: done\nnodes:\n  done:\n"
    text += "    type: outcome\n    result: stop\n"
    text += f"    text: {{en: {word}, es: {word}}}\n"
    path = tmp_path / "words.yml"
    path.write_text(text)
    result = check_paths([path], LANGS, root=tmp_path)
    assert result.problems == []
    tree = result.trees["words"]
    assert tree.nodes["done"].text is not None
    assert tree.nodes["done"].text.values == {"en": word, "es": word}
    assert tree.title.get("es", "en") == (word, True)


def test_an_empty_value_is_not_a_text(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text("title: ~\nstart: done\nnodes:\n" + DONE)
    result = check_paths([path], LANGS, root=tmp_path)
    assert format_problems(result.problems, "text") == (
        "t.yml:1:8: error[wrong-type] 'title' must be a text (a string, or a mapping from "
        "language to string), found nothing"
    )


def test_an_explicit_null_is_not_a_text_in_any_language(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text(
        "title: T\nstart: done\nnodes:\n"
        "  done: {type: outcome, result: stop, text: {en: !!null ~, es: Hecho}}\n"
    )
    result = check_paths([path], LANGS, root=tmp_path)
    assert format_problems(result.problems, "text") == (
        "t.yml:4:50: error[wrong-type] 'text.en' must be a text, found nothing"
    )


def test_every_message_puts_the_right_article_before_a_word() -> None:
    # Messages are built from words ("a {kind} node"): never "a outcome", "a answer id".
    wrong = [
        (name, found.group())
        for name, _, _, expected in CASES
        if (found := re.search(r"\ba (?:[aeio]|u(?!s))\w*", expected)) is not None
    ]
    assert wrong == []
