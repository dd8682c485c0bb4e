"""``python -m bench --households N [--ci] [--database-url URL]``: search, household page and import figures."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.database import bench_url, ensure_database, is_postgres

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
CI_HOUSEHOLDS = 20_000
CI_IMPORT_ROWS = 5_000
REQUESTS = 200
CI_REQUESTS = 50
IMPORT_ROWS = 100_000


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}Z] {text}", file=sys.stderr, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--households", type=int, help=f"households to seed (default 1,000,000; --ci {CI_HOUSEHOLDS:,})"
    )
    parser.add_argument("--ci", action="store_true", help="small run that fails only when something is broken")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: $DATABASE_URL)")
    parser.add_argument("--requests", type=int, help="measured requests per kind (default 200; --ci 50)")
    parser.add_argument("--import-rows", type=int, help=f"rows of the import workbook (default {IMPORT_ROWS:,})")
    parser.add_argument("--skip-import", action="store_true", help="do not measure the import")
    parser.add_argument("--seed-only", action="store_true", help="make (or check) the database and stop")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    households = args.households or (CI_HOUSEHOLDS if args.ci else 1_000_000)
    base = args.database_url or os.environ.get("DATABASE_URL", "")
    if not is_postgres(base):
        log("the bench runs on PostgreSQL: set DATABASE_URL=postgres://user@host:5432/dbname (or --database-url)")
        return 2
    url = bench_url(base, households)
    reused = ensure_database(url, log)
    os.environ.update(DATABASE_URL=url, DEBUG="0", DJANGO_SETTINGS_MODULE="yidang.settings", YIDANG_DEMO="0")
    # a 100,000-row workbook is larger than the 10 MB upload limit meant for the web form
    os.environ.setdefault("YIDANG_IMPORT_MAX_MB", "200")
    import django

    django.setup()
    if args.seed_only:
        from bench.database import prepare

        seed = prepare(households, reused, log)
        log(f"database ready: {'reused' if seed.reused else f'seeded in {seed.seconds:.0f} s'}")
        return 0
    from bench.run import run

    import_rows = args.import_rows or (CI_IMPORT_ROWS if args.ci else IMPORT_ROWS)
    requests = args.requests or (CI_REQUESTS if args.ci else REQUESTS)
    results = run(
        url=url,
        households=households,
        reused=reused,
        requests=requests,
        import_rows=0 if args.skip_import else import_rows,
        log=log,
    )
    return _finish(results)


def _finish(results: dict[str, Any]) -> int:
    from bench.report import table, write

    print(table(results), flush=True)
    path = write(results, RESULTS, results.pop("explain_text", ""))
    log(f"results written to {path.relative_to(ROOT)}")
    if results["broken"]:
        log("BROKEN: " + "; ".join(results["broken"]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
