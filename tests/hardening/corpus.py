"""Hostile strings and the trees that carry them into every text field.

Each payload, if it ever reached a page as markup, would run ``alert(1)`` or navigate
to a script URL. The trees put a payload in every field an editor can write (English
and Spanish), so one render exercises every path from YAML to HTML, SVG and PDF.
"""

from __future__ import annotations

import json

# Payloads that are texts: shown as text, never run, and no live URL may come of them.
XSS_TEXTS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    '<base href="javascript:alert(1)//">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "]]><script>alert(1)</script>",
    '" onmouseover="alert(1)" x="',
    "' onmouseover='alert(1)' x='",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    'Click here{: onclick="alert(1)" }',
    "**bold**{: onmouseover=alert(1) }",
    '[ok](https://example.com){: onclick="alert(1)" }',
    '![x](https://example.com/x.png" onerror="alert(1))',
    '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
    "`<script>alert(1)</script>`",
    "{{ 7 * 7 }} {% raw %} ${alert(1)}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
)

# Payloads that hide a script URL: `sopkit check` must flag each one with its location.
DANGEROUS_URLS: tuple[str, ...] = (
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](&amp;#106;avascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![img](javascript:alert(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
)

# Link targets (`links[].href`) that are script URLs.
DANGEROUS_HREFS: tuple[str, ...] = (
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\nscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
)

# Link targets that try to break out of the attribute or leave the docs directory.
HOSTILE_HREFS: tuple[str, ...] = (
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    'page.md"><script>alert(1)</script>',
    "../../../etc/passwd",
    "/etc/passwd",
)

# Strings tried as tree, node and field ids (the id rule must reject every one).
HOSTILE_IDS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    'x" onmouseover="alert(1)',
    "javascript:alert(1)",
    "a b",
    "../up",
    "Ünïcode",
)


def q(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value)


def both(value: str) -> str:
    """A text with the same payload in English and Spanish."""
    return f"{{en: {q(value)}, es: {q(value + ' (es)')}}}"


def hostile_tree(payloads: list[str], href: str = "page.md") -> str:
    """A valid tree with ``payloads[i]`` in every text field of node ``n<i>``.

    Each payload node is a question; its first answer leads on, its second to an outcome
    that repeats the payload in the callout, script, checklist, field and link.
    """
    first = payloads[0]
    lines = [
        f"title: {both(first)}",
        f"summary: {both(first)}",
        f"owner: {q(first)}",
        "reviewed: 2026-01-01",
        "start: n0",
        "nodes:",
    ]
    for i, payload in enumerate(payloads):
        after = f"n{i + 1}" if i + 1 < len(payloads) else "done"
        lines += [
            f"  n{i}:",
            "    type: question",
            f"    text: {both(payload)}",
            f"    help: {both(payload)}",
            f"    callouts: [{{kind: danger, text: {both(payload)}}}]",
            f"    script: {both(payload)}",
            f"    checklist: [{both(payload)}, "
            f"{{id: again, text: {both(payload)}, required: false}}]",
            f"    fields: [{{id: f{i}, label: {both(payload)}, required: true}}]",
            f"    links: [{{text: {both(payload)}, href: {q(href)}}}]",
            "    answers:",
            f"      - {{label: {both(payload)}, next: {after}}}",
            f"      - {{label: {both(payload + ' 2')}, next: end{i}}}",
            f"  end{i}:",
            "    type: outcome",
            "    result: escalate",
            f"    text: {both(payload)}",
        ]
    lines += [
        "  done:",
        "    type: goto",
        "    tree: other",
        f"    text: {both(first)}",
    ]
    return "\n".join(lines) + "\n"
