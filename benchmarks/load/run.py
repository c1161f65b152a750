"""Load test: 50 simulated users for a bounded time against gunicorn (4 workers) on PostgreSQL.

    .venv/bin/python -m benchmarks.load.run [--users 50] [--run-time 60s]   # or: make load

A throwaway PostgreSQL database, migrated, with an organisation of 40 agents, 5 board members
and 3 chairs (benchmarks/load/cast.py); gunicorn serves the app; locust drives the journeys
(benchmarks/load/locustfile.py). Afterwards the database is checked against what the server
acknowledged (benchmarks/load/check.py): zero server errors, no acknowledged write lost or
duplicated, every contested gate decided exactly once. Exits non-zero when any check fails.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import databases, server
from benchmarks.load import cast, check

HERE = Path(__file__).parent


def main(argv: list[str] | None = None) -> int:
    """Run the load, then check the database; print the locust summary and the verdict."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load.run", description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--postgres-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="a server where a throwaway database may be created",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tracker-load-") as tmp:
        workdir = Path(tmp)
        with databases.fresh("scaleout", args.postgres_url, workdir, args.users) as url:
            port = server.free_port()
            env = server.environment(url, port)
            server.tracker(env, "db", "upgrade")
            tokens, results = workdir / "tokens.json", workdir / "results.json"
            cast.build(url, tokens)
            with server.running("scaleout", env, port, workdir / "server.log", args.workers):
                locust = subprocess.run(
                    [
                        str(server.BIN / "locust"),
                        "-f",
                        str(HERE / "locustfile.py"),
                        "--headless",
                        "--only-summary",
                        "--users",
                        str(args.users),
                        "--spawn-rate",
                        str(args.spawn_rate),
                        "--run-time",
                        args.run_time,
                        # Users finish the journey they are in, so every write gets its answer.
                        "--stop-timeout",
                        "60",
                        "--host",
                        f"http://127.0.0.1:{port}",
                    ],
                    env={**env, "LOAD_TOKENS": str(tokens), "LOAD_RESULTS": str(results)},
                    check=False,
                )
            outcome = json.loads(results.read_text())
            counts, found = check.problems(url, outcome)
    raced = len(outcome["acknowledged"].get("decisions_lost_race", []))
    print(json.dumps({"acknowledged": counts, "decisions_lost_race": raced}, indent=2))
    if locust.returncode != 0:
        found.append(f"locust reported failed requests (exit {locust.returncode})")
    print("FAIL" if found else "OK: no server error, nothing lost or duplicated")
    for line in found:
        print(f"  - {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
