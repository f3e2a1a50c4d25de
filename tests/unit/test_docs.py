"""The front door holds: every link in the READMEs resolves, and every command in the README's table answers
``--help``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.cli import cli

REPO = Path(__file__).resolve().parents[2]
READMES = sorted(
    [REPO / "README.md", *REPO.glob("services/**/README.md"), *REPO.glob("deploy/**/README.md"),
     *REPO.glob("tests/**/README.md")]
)  # fmt: skip
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("readme", READMES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_link_in_a_readme_resolves(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    broken = [
        target for target in _LINK.findall(text)
        if not re.match(r"[a-z]+:", target) and not (readme.parent / target).exists()
    ]  # fmt: skip
    assert not broken, f"{readme.relative_to(REPO)}: {broken}"


def _commands() -> list[str]:
    table = (REPO / "README.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^\| `newsstream ([a-z-]+)", table, re.M)))


def test_the_readme_lists_every_command() -> None:
    assert len(_commands()) >= 10


@pytest.mark.parametrize("command", _commands())
def test_each_command_in_the_readme_answers_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0, result.output
