"""The "nothing buried" guard: records every DELETE the application sends on kept tables."""

import re
from dataclasses import dataclass, field
from typing import Any

# Tables that only ever grow or change in place (issue 4, "Nothing buried").
KEPT_TABLES = frozenset(
    {
        "experiments",
        "events",
        "journal_entries",
        "gates",
        "votes",
        "gate_decisions",
        "gate_conditions",
        "retrospectives",
        "follow_ups",
        "retrospective_addenda",
        "lessons",
        "lesson_reuses",
        # Territories, partners, their roles and the commons ledger: archived or withdrawn.
        "territories",
        "transition_clusters",
        "partners",
        "experiment_partners",
        "commons_contributions",
    }
)
_DELETE = re.compile(r"\bDELETE\s+FROM\s+[\"`]?(\w+)", re.IGNORECASE)


@dataclass
class DeleteGuard:
    """Listens to every engine; `caught` lists the kept tables a DELETE was sent on."""

    caught: list[str] = field(default_factory=list)

    def before_cursor_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """Record the kept tables named by a DELETE statement."""
        for table in _DELETE.findall(statement):
            if table.lower() in KEPT_TABLES:
                self.caught.append(table.lower())
