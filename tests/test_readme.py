"""The README's shown output is what the commands print (figures cannot drift)."""

from __future__ import annotations

import re

from conftest import ROOT


def shown_output(command: str) -> list[str]:
    """The lines the README shows under ``$ <command>`` (up to the next blank or $ line)."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"$ {command}")
    out = []
    for line in lines[start + 1:]:
        if not line.strip() or line.strip().startswith("$"):
            break
        out.append(line.strip())
    return out


def test_readme_build_output_is_what_build_prints(cli):
    shown = shown_output("geokg build")
    assert shown and all(re.fullmatch(r"\S+: \d+ triples", line) for line in shown)
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == shown
