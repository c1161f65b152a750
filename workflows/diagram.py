"""Print (or write into README.md) the Mermaid block of the experiment workflow.

`python -m workflows.diagram` prints the block; `--write README.md` replaces the lines
between the README's markers with it.
"""

import argparse
import sys
from pathlib import Path

from workflows.experiment import EXPERIMENT

START = "<!-- workflow:experiment:start -->"
END = "<!-- workflow:experiment:end -->"


def block() -> str:
    """The fenced Mermaid block placed between the README markers."""
    return "```mermaid\n" + EXPERIMENT.mermaid() + "\n```"


def replace_block(text: str) -> str:
    """The text with the lines between the markers replaced by the current block."""
    lines = text.splitlines()
    if lines.count(START) != 1 or lines.count(END) != 1:
        raise ValueError(f"expected exactly one {START!r} line and one {END!r} line")
    start, end = lines.index(START), lines.index(END)
    if end < start:
        raise ValueError(f"{START!r} must come before {END!r}")
    return "\n".join([*lines[: start + 1], block(), *lines[end:]]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the block, or rewrite it in the given file."""
    parser = argparse.ArgumentParser(prog="python -m workflows.diagram", description=__doc__)
    parser.add_argument("--write", metavar="FILE", type=Path, help="update FILE in place")
    args = parser.parse_args(argv)
    if args.write is None:
        print(block())
        return 0
    try:
        args.write.write_text(replace_block(args.write.read_text(encoding="utf-8")), "utf-8")
    except (OSError, ValueError) as error:
        print(f"error: {args.write}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
