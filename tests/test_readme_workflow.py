"""The README's workflow diagram is generated from the definition and must stay in sync."""

from pathlib import Path

from workflows.experiment import EXPERIMENT

README = Path(__file__).resolve().parent.parent / "README.md"
START = "<!-- workflow:experiment:start -->"
END = "<!-- workflow:experiment:end -->"
HOW_TO_FIX = "regenerate it with `python -m workflows.diagram` and commit README.md"


def _between_markers(text: str) -> str:
    lines = text.splitlines()
    assert lines.count(START) == 1 and lines.count(END) == 1, (
        f"README.md needs exactly one line {START!r} and one line {END!r}; {HOW_TO_FIX}"
    )
    start, end = lines.index(START), lines.index(END)
    assert start < end, f"{START!r} must come before {END!r} in README.md"
    return "\n".join(lines[start + 1 : end]).strip("\n")


def test_readme_shows_the_current_experiment_diagram():
    expected = "```mermaid\n" + EXPERIMENT.mermaid() + "\n```"
    actual = _between_markers(README.read_text(encoding="utf-8"))
    assert actual == expected, f"README.md's experiment diagram is out of date: {HOW_TO_FIX}"
