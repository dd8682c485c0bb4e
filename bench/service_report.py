"""``bench.service``'s table on the terminal and its record in ``bench-results/`` (JSON and text)."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any


def _ms(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.1f}"


def table(results: dict[str, Any]) -> str:
    m, sizes, sweep = results["machine"], results["sizes"], results["sweep"]
    seed = results["seed"]
    if seed["reused"]:
        seeded = "database reused"
    else:
        homes = (
            "households reused"
            if seed["households_reused"]
            else f"households seeded in {seed['households_seconds']:.0f} s"
        )
        seeded = f"{homes}, tickets seeded in {seed['tickets_seconds']:.0f} s"
    lines = [
        f"Yidang service bench: {sizes['tickets']:,} tickets ({sizes['open']:,} open) over {sizes['households']:,}"
        f" households ({seeded}) — {m['postgres']}, {m['nproc']} cores, {m['memory_gib']:.0f} GiB,"
        f" {results['started']}, load average {m['load_average'][0]:.1f} at start,"
        f" {m['load_average_at_end'][0]:.1f} at end",
        "",
        f"ticket list as {results['list']['projects']}: {results['list']['visible_tickets']:,} tickets visible,"
        f" {results['requests_per_series']} requests per row (half first pages, half after a cursor)",
    ]
    head = (f"{'request':<24} {'n':>4} {'p50':>7} {'p95':>7} {'p99':>7} │ {'SQL p50':>7} {'p95':>7} {'p99':>7}"
            f" │ {'q/req':>5} {'load':>10}  target")  # fmt: skip
    lines += ["", head, "─" * len(head)]
    for s in results["series"]:
        h, q = s["http_ms"], s["sql_ms"]
        verdict = f"BROKEN ({s['errors']} errors)" if s["errors"] else (
            f"p95 ≤ {s['target_p95_ms']:.0f} ms: {'met' if s['target_met'] else 'MISSED'}"
        )  # fmt: skip
        load = "→".join(f"{v:.1f}" for v in s["load_average"])
        lines.append(
            f"{s['name']:<24} {s['requests']:>4} {_ms(h['p50']):>7} {_ms(h['p95']):>7} {_ms(h['p99']):>7} │"
            f" {_ms(q['p50']):>7} {_ms(q['p95']):>7} {_ms(q['p99']):>7} │ {s['queries_per_request']:>5}"
            f" {load:>10}  {verdict}"
        )
    lines += [
        "",
        "times in ms over HTTP (gunicorn, 2 sync workers); SQL = every statement the request issued, replayed on a"
        " bare cursor; q/req = statements per request; load = 1-minute load average at the row's start → end",
        "",
        f"SLA sweep at {sweep['now']}: {sweep['open_tickets']:,} open tickets, {sweep['running_clocks']:,} running"
        f" clocks, {sweep['due_clocks']:,} due ({sweep['tickets_with_due_clocks']:,} tickets)",
        f"  one sweep: {sweep['seconds']:.2f} s — warned {sweep['first']['warned']:,}, breached"
        f" {sweep['first']['breached']:,}, notices written {sweep['notices']:,};"
        f" ≤ {sweep['target_s']:.0f} s: {'met' if sweep['target_met'] else 'MISSED'}"
        f" (load {sweep['load_average_before'][0]:.1f} → {sweep['load_average_after'][0]:.1f})",
        f"  second sweep: {sweep['second_seconds']:.2f} s — {sweep['second']}, notices"
        f" {sweep['notices_after_second']:,} ({'nothing new' if sweep['notices_after_second'] == sweep['notices'] else 'SENT AGAIN'})",
    ]
    return "\n".join(lines)


def write(results: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"service-{results['sizes']['tickets']}-{stamp}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    path.with_suffix(".txt").write_text(table(results) + "\n")
    return path
