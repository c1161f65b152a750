"""The key pages, how they are reached, and their timing over repeated requests."""

import statistics
from dataclasses import dataclass
from typing import Any

from benchmarks.client import Client


@dataclass(frozen=True)
class Page:
    """A page to time: its name, who asks for it, and its path."""

    name: str
    client: str
    path: str


def pages(clients: dict[str, Client], detail_id: int, depth: int) -> list[Page]:
    """The key pages of issue 8 that exist today, the baseline first."""
    deep = "/experiments/"
    for _ in range(depth):
        following = clients["agent"].next_page(deep)
        if following is None:
            break
        deep = following
    return [
        Page("baseline", "anonymous", "/benchmark-baseline"),
        Page("list", "agent", "/experiments/"),
        Page(f"list_cursor_{depth}", "agent", deep),
        Page("search", "agent", "/experiments/?state=pilot&q=mobilit%C3%A9"),
        Page("detail", "agent", f"/experiments/{detail_id}"),
        Page("board_queue", "reviewer", "/gates/queue"),
        Page("api_list", "api", "/api/v1/experiments"),
        Page("portfolio", "agent", "/portfolio"),
        Page("api_portfolio", "api", "/api/v1/portfolio"),
        # A word of every published stop lesson's body (tracker.demo.bulk_retrospectives).
        Page("lessons_search", "agent", "/lessons?q=horaires"),
    ]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_page(client: Client, page: Page, warmup: int, repeat: int) -> dict[str, Any]:
    """p50 and p95 in ms, requests per second (one client, sequential), SQL queries per request."""
    for _ in range(warmup):
        client.get(page.path)
    seconds: list[float] = []
    queries: set[int | None] = set()
    for _ in range(repeat):
        reply = client.get(page.path)
        if reply.status != 200:
            raise RuntimeError(f"{page.name} ({page.path}) answered {reply.status}")
        seconds.append(reply.seconds)
        queries.add(reply.queries)
    return {
        "path": page.path,
        "p50_ms": round(statistics.median(seconds) * 1000, 2),
        "p95_ms": round(_percentile(seconds, 0.95) * 1000, 2),
        "rps": round(len(seconds) / sum(seconds), 1),
        # A page whose count changes from one request to the next shows its min and max.
        "queries": min(queries) if len(queries) == 1 else sorted(queries),  # type: ignore[type-var]
    }


def ratios(results: dict[str, dict[str, Any]]) -> None:
    """Add each page's p50 and p95 ratio to the baseline's."""
    base = results["baseline"]
    for figures in results.values():
        figures["p50_ratio"] = round(figures["p50_ms"] / base["p50_ms"], 2)
        figures["p95_ratio"] = round(figures["p95_ms"] / base["p95_ms"], 2)
