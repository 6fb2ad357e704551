"""Inputs that once crashed the loader or slipped past the checks (found by hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit import check_paths
from sopkit.problems import format_problems

DONE = b"  done: {type: outcome, result: stop, text: Done}\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            # A control character with an anchor: the event scan raised ReaderError.
            b"title: &a T\nstart: done\nnodes:\n  done: {type: outcome, text: \x01}\n",
            "t.yml:4:31: error[bad-character] the file contains the control character U+0001, "
            "which YAML does not allow\n    hint: delete it (such characters usually come "
            "from text pasted from another program)",
        ),
        (
            # Without one, the message had no position and spanned two lines.
            b"title: T\nstart: done\nnodes:\n" + DONE + b"  x: {text: a\x7fb}\n",
            "t.yml:5:14: error[bad-character] the file contains the control character U+007F, "
            "which YAML does not allow\n    hint: delete it (such characters usually come "
            "from text pasted from another program)",
        ),
        (
            # libyaml reads in 16 KiB chunks: past the first, it met the syntax error first.
            b"title: T\nstart: [done\nnodes:\n"
            + b"  # a comment to fill the chunk\n" * 600
            + b"  x: a\x01b\n",
            "t.yml:604:7: error[bad-character] the file contains the control character U+0001, "
            "which YAML does not allow\n    hint: delete it (such characters usually come "
            "from text pasted from another program)",
        ),
        (
            # `$` matches before a final newline: "done\n" passed as a node id.
            b'title: T\nstart: done\nnodes:\n  "done\\n": {type: outcome, result: stop, '
            b"text: Done}\n",
            "t.yml:4:3: error[invalid-id] node id 'done\\n' is not valid\n    hint: use "
            "lowercase letters, digits and single hyphens, e.g. 'check-firmware'",
        ),
        (
            # Values quoted in messages keep the message on one line.
            b'title: T\nstart: done\nnodes:\n  done: {type: "out\\ncome\\u2028"}\n',
            "t.yml:4:16: error[unknown-type] 'type' must be one of 'question', 'step', "
            "'outcome', 'goto' or 'decide', found 'out\\ncome\\u2028' (did you mean 'outcome'?)",
        ),
    ],
)
def test_located_one_line_message(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "t.yml"
    path.write_bytes(content)
    result = check_paths([path], root=tmp_path)
    assert format_problems(result.problems, "text") == expected
