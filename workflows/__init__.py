"""State machines as data: pure rules, importing nothing from the tracker."""

from workflows.definition import Guard, Transition, Workflow

__all__ = ["Guard", "Transition", "Workflow"]
