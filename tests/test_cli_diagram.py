"""`python -m workflows.diagram`: prints the README block and rewrites it between the markers."""

import subprocess
import sys

import pytest

from workflows import diagram
from workflows.experiment import EXPERIMENT

README = f"# Titre\n\nAvant.\n{diagram.START}\nvieux schéma\n{diagram.END}\nAprès.\n"


def test_prints_the_fenced_mermaid_block():
    result = subprocess.run(
        [sys.executable, "-m", "workflows.diagram"], capture_output=True, text=True, check=True
    )
    assert result.stdout == "```mermaid\n" + EXPERIMENT.mermaid() + "\n```\n"


def test_write_replaces_only_the_lines_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    assert diagram.main(["--write", str(readme)]) == 0
    expected = README.replace("vieux schéma", diagram.block())
    assert readme.read_text(encoding="utf-8") == expected
    assert diagram.main(["--write", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    "text", ["sans marqueurs\n", f"{diagram.END}\n{diagram.START}\n", f"{diagram.START}\n" * 2]
)
def test_write_refuses_a_file_without_one_pair_of_markers(tmp_path, capsys, text):
    readme = tmp_path / "README.md"
    readme.write_text(text, encoding="utf-8")
    assert diagram.main(["--write", str(readme)]) == 1
    assert readme.read_text(encoding="utf-8") == text
    assert capsys.readouterr().err.startswith(f"error: {readme}: ")
