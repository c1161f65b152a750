"""Benchmark runner: `python -m benchmarks.run --n 1000 --n 100000` (see benchmarks/README.md).

For each N: a fresh database filled by `tracker demo --scale N`, the app started as users run
it, each key page timed over real HTTP after a warm-up, the server's peak memory, and the
reminder planner's time. Prints JSON and a table with each page's ratio to the baseline.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import databases, server
from benchmarks.client import Client
from benchmarks.measure import pages, ratios, time_page

PASSWORD = "demo-essai-2026"
AGENT = databases.BENCH_AGENT
REVIEWER = "reviewer@bench.demo.example"


def _clients(port: int, token: str) -> dict[str, Client]:
    clients = {
        "anonymous": Client("127.0.0.1", port),
        "agent": Client("127.0.0.1", port),
        "reviewer": Client("127.0.0.1", port),
        "api": Client("127.0.0.1", port, headers={"Authorization": f"Bearer {token}"}),
    }
    clients["agent"].sign_in(AGENT, PASSWORD)
    clients["reviewer"].sign_in(REVIEWER, PASSWORD)
    return clients


def _one_size(args: argparse.Namespace, n: int, workdir: Path) -> dict[str, Any]:
    port = server.free_port()
    with databases.fresh(args.mode, args.postgres_url, workdir, n) as url:
        env = server.environment(url, port)
        server.tracker(env, "db", "upgrade")
        started = time.perf_counter()
        server.tracker(env, "demo", "--scale", str(n))
        generated = time.perf_counter() - started
        token = server.tracker(env, "tokens", "create", "--email", AGENT).strip().splitlines()[-1]
        detail_id = databases.typical_experiment(url)
        log = workdir / f"server-{n}.log"
        with server.running(args.mode, env, port, log) as pid:
            clients = _clients(port, token)
            results = {
                page.name: time_page(clients[page.client], page, args.warmup, args.repeat)
                for page in pages(clients, detail_id, args.depth)
            }
            peak = server.peak_rss_mb(pid)
        ratios(results)
        planner = databases.time_planner(url)
        portfolio = databases.time_portfolio(url)
    return {
        "n": n,
        "mode": args.mode,
        "generate_s": round(generated, 1),
        "server_peak_rss_mb": peak,
        "planner_s": planner,
        "portfolio_compute_s": portfolio,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "pages": results,
    }


def table(runs: list[dict[str, Any]]) -> str:
    """The figures as a plain-text table, one block per N."""
    lines = []
    for run in runs:
        lines.append(
            f"N={run['n']:,} ({run['mode']}): generated in {run['generate_s']} s, server peak "
            f"RSS {run['server_peak_rss_mb']} MB, planner {run['planner_s']['first_pass_s']} s "
            f"(then {run['planner_s']['second_pass_s']} s), dashboard computed in "
            f"{run['portfolio_compute_s']} s, load {run['load_average']}"
        )
        lines.append(
            f"  {'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}{'SQL':>6}{'p50 ×base':>11}"
            f"{'p95 ×base':>11}"
        )
        for name, page in run["pages"].items():
            lines.append(
                f"  {name:<18}{page['p50_ms']:>9}{page['p95_ms']:>9}{page['rps']:>8}"
                f"{page['queries']!s:>6}{page['p50_ratio']:>11}{page['p95_ratio']:>11}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each N and print JSON, then the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--n", type=int, action="append", help="experiments (repeatable)")
    parser.add_argument("--mode", choices=("embedded", "scaleout"), default="embedded")
    parser.add_argument(
        "--postgres-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="scale-out: a server where a throwaway database may be created",
    )
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--depth", type=int, default=50, help="pages followed for the deep cursor")
    parser.add_argument("--json", type=Path, help="also write the JSON figures to this file")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.n or []):
        parser.error("--n must be at least 1")
    runs = []
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        for n in args.n or [1000]:
            print(f"Benchmarking N={n:,} ({args.mode})...", file=sys.stderr, flush=True)
            runs.append(_one_size(args, n, Path(tmp)))
    output = json.dumps(runs, indent=2, ensure_ascii=False)
    print(output)
    if args.json:
        args.json.write_text(output + "\n")
    print(table(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
