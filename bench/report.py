"""The bench's table on the terminal and its record in ``bench-results/`` (JSON and text)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

IMPORT_TARGET_ROWS_PER_S = 5000


def _ms(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f}"


def _x(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f}×"


def _verdict(series: dict[str, Any]) -> str:
    if series["errors"] or series["empty_results"]:
        return f"BROKEN ({series['errors']} errors, {series['empty_results']} empty)"
    if series["target_p95_ms"] is None:
        return ""
    met = "met" if series["target_met"] else "MISSED"
    return f"p95 ≤ {series['target_p95_ms']:.0f} ms: {met}"


def table(results: dict[str, Any]) -> str:
    head = (f"{'request':<26} {'scope':<32} {'n':>4} {'p50':>7} {'p95':>7} {'p99':>7} │ {'SQL p50':>7} {'p95':>7} {'p99':>7}"
            f" │ {'×p50':>6} {'×p95':>6} {'q/req':>5}  target")  # fmt: skip
    lines = [_title(results), "", head, "─" * len(head)]
    for s in results["series"]:
        h, q = s["http_ms"], s["sql_ms"]
        lines.append(
            f"{s['name']:<26} {s['scope']:<32} {s['requests']:>4} {_ms(h['p50']):>7} {_ms(h['p95']):>7} {_ms(h['p99']):>7} │"
            f" {_ms(q['p50']):>7} {_ms(q['p95']):>7} {_ms(q['p99']):>7} │ {_x(s['ratio_p50']):>6}"
            f" {_x(s['ratio_p95']):>6} {s['queries_per_request']:>5}  {_verdict(s)}"
        )
    lines += [
        "",
        "times in ms; hh = households the user may see; SQL = every statement the request issued, replayed on a"
        " bare cursor; × = HTTP / SQL; q/req = statements per request",
    ]
    lines += _load_lines(results["series"])
    lines += _data_lines(results)
    lines += _tail_lines(results["series"])
    lines += _import_lines(results.get("import"))
    lines += _plan_lines(results.get("plans", []))
    return "\n".join(lines)


def _title(results: dict[str, Any]) -> str:
    m, seed = results["machine"], results["seed"]
    seeded = "reused" if seed["reused"] else f"seeded in {seed['seconds']:.0f} s"
    return (
        f"Yidang bench: {results['households']:,} households in {results['projects']} projects ({seeded})"
        f" — {m['postgres']}, {m['nproc']} cores, {m['memory_gib']:.0f} GiB, {results['started']},"
        f" load average {m['load_average'][0]:.1f} at start, {m.get('load_average_at_end', [math.nan])[0]:.1f} at end\n"
        f"server: gunicorn {results['server']['workers']} sync workers, DEBUG off, persistent DB connections;"
        f" client: one, sequential, a new connection per request"
    )


def _load_lines(series: list[dict[str, Any]]) -> list[str]:
    loads = [f"{s['name']} {'→'.join(f'{x:.1f}' for x in s.get('load_average', []))}" for s in series]
    return ["", "load average (1 min) at the start → end of each series: " + "; ".join(loads)]


def _data_lines(results: dict[str, Any]) -> list[str]:
    rows = results.get("rows") or {}
    if not rows:
        return []
    counted = ", ".join(f"{name} {n:,}" for name, n in rows.items() if name != "database_bytes")
    lines = ["", f"rows (count(*)): {counted}; database {rows.get('database_bytes', 0) / 2**30:.1f} GiB"]
    archive = results.get("archive")
    if archive:
        lines.append(
            f"archive page: {archive['thick_files']} distinct files with 50 documents and 200 timeline events"
            f" (found in {archive['thick_files_search_s']} s); completeness of project"
            f" {archive['completeness_project']} ({archive['completeness_households']:,} households)"
        )
    return lines


def _tail_lines(series: list[dict[str, Any]]) -> list[str]:
    if not any(s.get("slowest") for s in series):
        return []
    lines = ["", "slowest requests (HTTP ms / SQL ms):"]
    for s in series:
        worst = ", ".join(
            f"{w['path'].rsplit('=', 1)[-1]} {w['http_ms']:.0f}/{w['sql_ms']:.0f}" for w in s.get("slowest", [])[:3]
        )
        lines.append(f"  {s['name']} [{s['scope'].split(':')[0]}]: {worst}")
    return lines


def _import_lines(result: dict[str, Any] | None) -> list[str]:
    if not result:
        return []
    if result.get("skipped"):
        return ["", f"import: skipped — {result['skipped']}"]
    rate = result["rows_per_second"]
    met = "met" if rate >= IMPORT_TARGET_ROWS_PER_S else "MISSED"
    lines = [
        "",
        f"import of {result['rows']:,} rows ({result['file_bytes'] / 1e6:.1f} MB) into an empty project:"
        f" {result['seconds']:.1f} s = {rate:,.0f} rows/s (target ≥ {IMPORT_TARGET_ROWS_PER_S:,}: {met})",
    ]
    if result.get("floor_seconds"):
        written = sum(result["table_rows"].values())
        lines.append(
            f"  the same {written:,} rows written again by COPY alone, no Python (the database's floor on this"
            f" machine): {result['floor_seconds']:.1f} s = {result['floor_rows_per_second']:,.0f} rows/s"
        )
    if result["errors"] or not result["committed"]:
        lines.append(f"  BROKEN: committed={result['committed']} errors={result['errors']}")
    return lines


def _plan_lines(plans: list[dict[str, Any]]) -> list[str]:
    if not plans:
        return []
    parts = [f"{p['kind']} {p['using_index']}/{p['statements']}" for p in plans]
    seq = sum(p["seq_scans"] for p in plans)
    return ["", f"query plans using searchtoken_lookup: {', '.join(parts)}; seq scans on the token table: {seq}"]


def write(results: dict[str, Any], directory: Path, explain_text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"bench-{results['households']}-{results['started'].replace(':', '').replace(' ', 'T')}"
    (directory / f"{stem}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    (directory / f"{stem}.txt").write_text(table(results) + "\n")
    if explain_text:
        (directory / f"{stem}-explain.txt").write_text(explain_text)
    return directory / f"{stem}.txt"
