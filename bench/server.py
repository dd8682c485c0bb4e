"""A real HTTP server for the bench: gunicorn, 2 sync workers, DEBUG off, persistent DB connections."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Gunicorn:
    """``with Gunicorn(database_url, log_path) as server:`` serves the app on ``server.port``."""

    def __init__(self, database_url: str, log_path: Path) -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        env = os.environ | {
            "DATABASE_URL": self.database_url,
            "DEBUG": "0",
            "YIDANG_DEMO": "0",
            "DB_CONN_MAX_AGE": "600",
            "DJANGO_SETTINGS_MODULE": "yidang.settings",
        }
        command = [sys.executable, "-m", "gunicorn", "yidang.wsgi:application", "--workers", str(WORKERS),
                   "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]  # fmt: skip
        log = self.log_path.open("ab")
        root = Path(__file__).resolve().parent.parent
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}; see {self.log_path}")
            try:
                status, _, _ = get(self.port, "/healthz", {})
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s; see {self.log_path}")

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, float, bytes]:
    """One GET on a new connection (sync workers close it after each response): status, ms, body."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, (time.perf_counter() - started) * 1000, body
