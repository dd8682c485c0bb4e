"""What the audit hash chain costs on the two write paths that write the most audit rows.

``measure(rows, docs)`` times, in one run and interleaved (ON, OFF, OFF, ON, …, so drift in the
machine's load falls on both sides):

* the Excel import's commit path (``households_import`` with ``commit=True``, one ``household.import``
  audit row per household plus a summary, through ``audit_record_many`` / COPY) on a generated
  workbook of ``rows`` rooms (``bench.importing``), rolled back after each run;
* the document-add path (``yidang.archive.actions.document_add``, one ``document.add`` row through
  ``audit_record``): per run, ``docs`` calls per side into a fresh file, ON and OFF alternating call
  by call; each call is its own savepoint inside one transaction that is rolled back (so the bench
  database keeps no rows and its chain stays intact; the commit itself is left out, which makes the
  overhead look larger, not smaller).

"OFF" patches ``chain_seal`` and ``chain_rows`` in ``yidang.audit.actions`` to write blank hashes:
no advisory lock, no read of the last row, no hashing. There is no production setting to turn the
chain off.

The usage ledger (``usage_record``) is not written on either path — it records reads (file views,
downloads, prints, exports), not imports or filing — so it adds nothing here; its cost per call is
reported on its own for reference (``usage_record``), also rolled back.

Run on its own (PostgreSQL; migrates the database it is given)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/auditbench .venv/bin/python -m bench.audit_overhead --rows 2000 --docs 200
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from django.db import transaction

from bench.measure import percentile

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
Log = Callable[[str], None]


@contextmanager
def chain_off() -> Iterator[None]:
    """The audit rows are written as before the chain: blank ``prev_hash`` and ``row_hash``."""
    with (
        mock.patch("yidang.audit.actions.chain_seal", lambda event: None),
        mock.patch("yidang.audit.actions.chain_rows", lambda rows, at, contents=None: rows),
    ):
        yield


@contextmanager
def chain(on: bool) -> Iterator[None]:
    if on:
        yield
    else:
        with chain_off():
            yield


def _stats(samples: list[float]) -> dict[str, float]:
    return {"n": len(samples), "median_ms": statistics.median(samples), "p95_ms": percentile(samples, 95),
            "min_ms": min(samples)}  # fmt: skip


def _overhead(times: dict[str, list[float]], on: dict[str, float], off: dict[str, float]) -> dict[str, float]:
    """ON against OFF: of the medians, of the p95s, and the median of the paired differences.

    ``times["on"][i]`` and ``times["off"][i]`` ran next to each other (the same pair of import runs,
    or two consecutive document_add calls), so the paired figure is the least disturbed by a machine
    whose load changes during the run.
    """
    paired = [100.0 * (a - b) / b for a, b in zip(times["on"], times["off"], strict=True)]
    return {
        "median_pct": 100.0 * (on["median_ms"] - off["median_ms"]) / off["median_ms"],
        "p95_pct": 100.0 * (on["p95_ms"] - off["p95_ms"]) / off["p95_ms"],
        "paired_median_pct": statistics.median(paired),
    }


def _orders(repeats: int) -> Iterator[bool]:
    """ON, OFF, OFF, ON, ON, OFF, …: each side goes first equally often."""
    for i in range(repeats):
        first = i % 2 == 0
        yield first
        yield not first


# ---- (a) the import's commit path -----------------------------------------------------------------


def import_times(rows: int, repeats: int, log: Log) -> dict[str, list[float]]:
    from bench.importing import import_measure, workbook_write

    path = RESULTS / f"import-{rows}.xlsx"
    if not path.exists():
        log(f"writing a {rows:,}-row household workbook to {path.relative_to(ROOT)}")
        workbook_write(path, rows)
    import_measure(path, rows)  # warm-up: caches, the importer's imports
    times: dict[str, list[float]] = {"on": [], "off": []}
    for on in _orders(repeats):
        with chain(on):
            result = import_measure(path, rows)
        if result.errors or not result.committed:
            raise RuntimeError(f"the import did not commit: {result.errors}")
        times["on" if on else "off"].append(result.seconds * 1000)
        log(f"  import {rows:,} rows, chain {'ON ' if on else 'OFF'}: {result.seconds:.2f} s")
    return times


# ---- (b) the document-add path --------------------------------------------------------------------


def _fresh_file(actor: Any, n: int) -> Any:
    """A room with an owner in the bench project, hence its own new file (one per run)."""
    from bench.importing import IMPORT_PLAN
    from yidang.archive.models import Archive
    from yidang.demo.actions import COMPANY_NAME, project_ensure
    from yidang.households.actions import household_occupant_add
    from yidang.households.models import OccupantRole
    from yidang.people.actions import PersonData
    from yidang.places.actions import room_create
    from yidang.places.models import Company

    project = project_ensure(plan=IMPORT_PLAN, company=Company.objects.get(name=COMPANY_NAME))
    room = room_create(project=project, building_code="AUD", floor=1, number=f"{n:04d}", actor=actor)
    household_occupant_add(room=room, role=OccupantRole.OWNER, actor=actor, person_data=PersonData(name="测试业主"))
    return Archive.objects.get(room=room)


def document_times(docs: int, repeats: int, log: Log) -> dict[str, list[float]]:
    """``docs`` calls per side and run, alternating ON / OFF call by call in the same file."""
    from yidang.accounts.models import User
    from yidang.archive.actions import DocumentData, document_add
    from yidang.archive.models import DocumentType

    actor = User.objects.get(username="bench")
    types = list(DocumentType.objects.order_by("code"))
    times: dict[str, list[float]] = {"on": [], "off": []}
    for run in range(repeats + 1):  # run 0 warms up and is not counted
        samples: dict[str, list[float]] = {"on": [], "off": []}
        with transaction.atomic():
            archive = _fresh_file(actor, run)
            for i in range(2 * docs):
                on = (i + run) % 2 == 0
                data = DocumentData(doc_type=types[i % len(types)], title=f"测试文件 {i}", pages=2)
                with chain(on):
                    started = time.perf_counter()
                    document_add(archive=archive, data=data, actor=actor)
                    samples["on" if on else "off"].append((time.perf_counter() - started) * 1000)
            transaction.set_rollback(True)
        if run:
            for side in ("on", "off"):
                times[side] += samples[side]
            log(f"  document_add × {docs} per side: median ON {statistics.median(samples['on']):.2f} ms, "
                f"OFF {statistics.median(samples['off']):.2f} ms")  # fmt: skip
    return times


def document_statements() -> dict[str, int]:
    """SQL statements one document_add sends, chain ON and OFF (the chain's lock and head read share one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yidang.accounts.models import User
    from yidang.archive.actions import DocumentData, document_add
    from yidang.archive.models import DocumentType

    actor = User.objects.get(username="bench")
    counts = {}
    with transaction.atomic():
        archive = _fresh_file(actor, 9998)
        data = DocumentData(doc_type=DocumentType.objects.order_by("code")[0], title="测试文件")
        for on in (True, False, True):
            with chain(on), CaptureQueriesContext(connection) as queries:
                document_add(archive=archive, data=data, actor=actor)
            counts["on" if on else "off"] = len(queries.captured_queries)
        transaction.set_rollback(True)
    return counts


def usage_record_times(calls: int) -> list[float]:
    """One ``usage_record`` (a file view's ledger row) per call, rolled back: for reference only."""
    from yidang.accounts.models import User
    from yidang.usage.actions import usage_record
    from yidang.usage.models import UsageKind

    actor = User.objects.get(username="bench")
    samples = []
    with transaction.atomic():
        archive = _fresh_file(actor, 9999)
        for _ in range(calls):
            started = time.perf_counter()
            with transaction.atomic():
                usage_record(user=actor, kind=UsageKind.VIEW_FILE, archive=archive, purpose="bench")
            samples.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    return samples


def measure(rows: int = 5_000, docs: int = 200, repeats: int = 5, log: Log | None = None) -> dict[str, Any]:
    """The chain's overhead on the import commit path and the document-add path (ON vs OFF, one run).

    Call after ``django.setup()`` on a migrated PostgreSQL database that has the demo company and the
    ``bench`` user (``bench.database.prepare`` makes both; ``main`` below does it for a bare database).
    """
    say = log or (lambda text: None)
    say(f"audit chain overhead: import of {rows:,} rows × {repeats} per side")
    imports = import_times(rows, repeats, say)
    say(f"audit chain overhead: {docs} document_add calls per side × {repeats} runs, ON and OFF alternating")
    documents = document_times(docs, repeats, say)
    result: dict[str, Any] = {"rows": rows, "docs": docs, "repeats": repeats}
    for name, times in (("import", imports), ("document_add", documents)):
        on, off = _stats(times["on"]), _stats(times["off"])
        result[name] = {"chain_on": on, "chain_off": off, "overhead": _overhead(times, on, off)}
    result["document_add"]["statements"] = document_statements()
    result["usage_record"] = {
        "on_these_paths": False,
        "note": "neither path writes a usage-ledger row (the ledger records reads); cost per call for reference",
        **_stats(usage_record_times(docs)),
    }
    return result


def table(result: dict[str, Any]) -> str:
    lines = ["path           chain ON median / p95 (ms)   chain OFF median / p95 (ms)   overhead median / p95 / paired"]
    for name in ("import", "document_add"):
        r = result[name]
        on, off, pct = r["chain_on"], r["chain_off"], r["overhead"]
        lines.append(
            f"{name:<14} {on['median_ms']:>10.2f} / {on['p95_ms']:<10.2f}     {off['median_ms']:>10.2f} / "
            f"{off['p95_ms']:<10.2f}      {pct['median_pct']:+.1f} % / {pct['p95_pct']:+.1f} % / "
            f"{pct['paired_median_pct']:+.1f} %"
        )
    statements = result["document_add"]["statements"]
    lines.append(f"SQL statements per document_add: chain ON {statements['on']}, OFF {statements['off']}")
    u = result["usage_record"]
    lines.append(f"usage_record (not on these paths): median {u['median_ms']:.2f} ms, p95 {u['p95_ms']:.2f} ms")
    return "\n".join(lines)


def _prepare_bare_database() -> None:
    """Migrate, and make the demo company and the ``bench`` user when the database has no seed."""
    from django.core.management import call_command

    from bench.database import bench_user_ensure
    from yidang.demo.actions import COMPANY_NAME
    from yidang.places.models import Company

    call_command("migrate", interactive=False, verbosity=0)
    Company.objects.get_or_create(name=COMPANY_NAME)
    bench_user_ensure()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_overhead", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000, help="rows of the import workbook")
    parser.add_argument("--docs", type=int, default=200, help="document_add calls per run")
    parser.add_argument("--repeats", type=int, default=5, help="runs per side (ON and OFF)")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("set DATABASE_URL=postgres://… (the chain's lock is PostgreSQL's)", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yidang.settings")
    os.environ.setdefault("YIDANG_IMPORT_MAX_MB", "200")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    _prepare_bare_database()

    def log(text: str) -> None:
        print(f"[audit-overhead {time.strftime('%H:%M:%S', time.gmtime())}Z] {text}", file=sys.stderr, flush=True)

    result = measure(rows=args.rows, docs=args.docs, repeats=args.repeats, log=log)
    print(table(result))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
