"""The open-data dump: what is public, as a Frictionless data package under Licence Ouverte 2.0.

One CSV per resource (public columns only, plain UTF-8, comma) and `datapackage.json`, which
describes each file with its Table Schema. `frictionless validate DIR/datapackage.json` passes.
"""

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from tracker.exports import sources, writers
from tracker.exports.columns import RESOURCES, Resource

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
# Decisions and contributions belong to public experiments only, so their experiment is in
# experiments.csv; a public lesson may come from an internal experiment, hence no key there.
FOREIGN_KEYS = {"decisions", "commons"}


def _field(column: Any) -> dict[str, Any]:
    field = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "datetime":
        field["format"] = "%Y-%m-%dT%H:%M:%SZ"
    if column.enum:
        field["constraints"] = {"enum": list(column.enum)}
    return field


def _schema(resource: Resource) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in resource.public_columns()],
        "primaryKey": ["id"],
        "missingValues": [""],
    }
    if resource.name in FOREIGN_KEYS:
        schema["foreignKeys"] = [
            {
                "fields": ["experiment_id"],
                "reference": {"resource": "experiments", "fields": ["id"]},
            }
        ]
    return schema


def descriptor(now: datetime) -> dict[str, Any]:
    """The datapackage.json of the dump."""
    return {
        "profile": "tabular-data-package",
        "name": "droit-a-l-essai",
        "title": "Droit à l'essai — expérimentations publiques",
        "description": (
            "Public experiments, their gate decisions, public lessons and the commons ledger "
            "of public experiments."
        ),
        "licenses": [LICENCE],
        "created": writers.plain(now),
        "resources": [
            {
                "name": resource.name,
                "title": resource.title,
                "path": f"{resource.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [LICENCE],
                "schema": _schema(resource),
            }
            for resource in RESOURCES.values()
        ],
    }


def write(session: Session, directory: Path, now: datetime) -> list[Path]:
    """Write the package into `directory` (created if missing); the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for resource in RESOURCES.values():
        path = directory / f"{resource.name}.csv"
        names = resource.names(public_only=True)
        rows = sources.rows(session, resource.name, None)
        with path.open("w", encoding="utf-8", newline="") as out:
            for line in writers.csv_lines(rows, writers.OPEN_DATA, names):
                out.write(line)
        written.append(path)
    package = directory / "datapackage.json"
    package.write_text(
        json.dumps(descriptor(now), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [package, *written]
