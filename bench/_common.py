"""Shared helpers for the benchmarks (not a benchmark itself: `make bench` skips `_*.py`).

Servers as subprocesses on free ports (each in its own process group, stopped by its own
id), throwaway PostgreSQL databases, wrk runs with their output parsed, percentiles,
plain-text tables and PASS/MISS verdicts, and a tail of the PostgreSQL server log.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import math
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
EXPERTBOOK = str(VENV_BIN / "expertbook")
WRK = shutil.which("wrk") or "/usr/bin/wrk"
PGBENCH = shutil.which("pgbench") or "/usr/bin/pgbench"

POSTGRES_DSN = os.environ.get("EXPERTBOOK_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("EXPERTBOOK_BENCH_REDIS", "redis://127.0.0.1:6379/0")
SECRET_KEY = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "bench-password-123"


# Processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def raise_open_files(wanted: int = 8192) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(max(soft, wanted), hard) if hard != resource.RLIM_INFINITY else max(soft, wanted)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


@dataclass
class Server:
    """One server process (and its uvicorn workers), in its own process group."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        else:
            # The supervisor is gone; make sure no worker of its group lingers.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)


def _spawn(name: str, argv: list[str], env: dict[str, str], workdir: Path, port: int) -> Server:
    log_path = workdir / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        argv, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    return Server(name, process, port, log_path)


def wait_ready(server: Server, path: str = "/healthz", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited ({server.process.returncode}):\n{server.log()[-3000:]}"
            )
        try:
            if httpx.get(server.url + path, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.15)
    raise RuntimeError(f"{server.name} not ready after {timeout}s:\n{server.log()[-3000:]}")


def start_expertbook(
    name: str,
    workdir: Path,
    *,
    database_url: str,
    redis_url: str | None = None,
    workers: int = 1,
    migrate: bool = True,
    extra_env: dict[str, str] | None = None,
) -> Server:
    """`expertbook serve` on a free port, exactly as an operator starts it."""
    port = free_port()
    env = {
        **os.environ,
        "EXPERTBOOK_DATABASE_URL": database_url,
        "EXPERTBOOK_SECRET_KEY": SECRET_KEY,
        "EXPERTBOOK_ENV": "test",
        **(extra_env or {}),
    }
    env.pop("EXPERTBOOK_REDIS_URL", None)
    if redis_url:
        env["EXPERTBOOK_REDIS_URL"] = redis_url
    # No access log: a line per request is work the figures measured so far never included.
    argv = [EXPERTBOOK, "serve", "--port", str(port), "--workers", str(workers), "--no-access-log"]
    if not migrate:
        argv.append("--no-migrate")
    server = _spawn(name, argv, env, workdir, port)
    try:
        wait_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def start_asgi(
    name: str,
    workdir: Path,
    target: str,
    *,
    workers: int = 1,
    env: dict[str, str] | None = None,
    ready_path: str = "/healthz",
) -> Server:
    """A bench ASGI app (`module:factory` in bench/) served by uvicorn like `expertbook serve`."""
    port = free_port()
    full_env = {**os.environ, **(env or {}), "PYTHONPATH": str(BENCH)}
    argv = [
        PYTHON,
        str(BENCH / "_serve.py"),
        target,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    server = _spawn(name, argv, full_env, workdir, port)
    try:
        wait_ready(server, ready_path)
    except BaseException:
        server.stop()
        raise
    return server


class Stack(contextlib.ExitStack):
    """An ExitStack that also remembers the servers it stops."""

    def __init__(self) -> None:
        super().__init__()
        self.servers: list[Server] = []

    def add(self, server: Server) -> Server:
        self.servers.append(server)
        self.callback(server.stop)
        return server


@contextlib.contextmanager
def workdir(label: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=f"expertbook-bench-{label}-"))
    try:
        yield path
    finally:
        if os.environ.get("EXPERTBOOK_BENCH_KEEP") != "1":
            shutil.rmtree(path, ignore_errors=True)


# PostgreSQL ------------------------------------------------------------------------------


@dataclass
class PgDatabase:
    name: str

    @property
    def asyncpg_url(self) -> str:
        return f"{POSTGRES_DSN.replace('postgresql://', 'postgresql+asyncpg://')}/{self.name}"

    @property
    def dsn(self) -> str:
        return f"{POSTGRES_DSN}/{self.name}"

    def pgbench_env(self) -> dict[str, str]:
        """libpq environment for pgbench/psql, from POSTGRES_DSN."""
        match = re.match(
            r"postgresql://(?:([^:@/]+)(?::([^@/]*))?@)?([^:/]+)(?::(\d+))?", POSTGRES_DSN
        )
        assert match, POSTGRES_DSN
        user, password, host, port = match.groups()
        env = {**os.environ, "PGHOST": host, "PGPORT": port or "5432", "PGDATABASE": self.name}
        if user:
            env["PGUSER"] = user
        if password:
            env["PGPASSWORD"] = password
        return env


async def pg_execute(dsn: str, *statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def pg_fetch(dsn: str, query: str, *args: Any) -> list[Any]:
    import asyncpg

    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        return list(await connection.fetch(query, *args))
    finally:
        await connection.close()


@contextlib.contextmanager
def throwaway_postgres(label: str) -> Iterator[PgDatabase]:
    """A fresh database, dropped (connections forced off) afterwards."""
    name = f"expertbook_bench_{label}_{uuid.uuid4().hex[:8]}"
    asyncio.run(pg_execute(f"{POSTGRES_DSN}/postgres", f'CREATE DATABASE "{name}"'))
    try:
        yield PgDatabase(name)
    finally:
        asyncio.run(
            pg_execute(f"{POSTGRES_DSN}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        )


class PgLogTail:
    """The part of the PostgreSQL server log written since this object was made."""

    def __init__(self) -> None:
        self.path = self._find()
        self.offset = self._size()

    @staticmethod
    def _find() -> Path | None:
        try:
            rows = asyncio.run(
                pg_fetch(
                    f"{POSTGRES_DSN}/postgres",
                    "SELECT current_setting('logging_collector'),"
                    " current_setting('data_directory'), current_setting('log_directory')",
                )
            )
            collector, data_dir, log_dir = rows[0]
            if collector == "on":
                base = Path(log_dir) if log_dir.startswith("/") else Path(data_dir) / log_dir
                candidates = sorted(glob.glob(str(base / "*")), key=os.path.getmtime)
                if candidates:
                    return Path(candidates[-1])
        except Exception:
            pass
        candidates = sorted(glob.glob("/var/log/postgresql/*.log"), key=os.path.getmtime)
        return Path(candidates[-1]) if candidates else None

    def _size(self) -> int:
        try:
            return self.path.stat().st_size if self.path else 0
        except OSError:
            return 0

    def read(self) -> str | None:
        """New text since creation; None when the log cannot be read."""
        if self.path is None:
            return None
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.offset)
                return handle.read().decode(errors="replace")
        except OSError:
            return None


# wrk -------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return math.nan
    return float(match.group(1)) * _UNITS[match.group(2)]


@dataclass
class WrkResult:
    rps: float = 0.0
    requests: int = 0
    seconds: float = 0.0
    p50: float = math.nan
    p75: float = math.nan
    p90: float = math.nan
    p99: float = math.nan
    max_ms: float = math.nan
    socket_errors: dict[str, int] = field(default_factory=dict)
    non_2xx_3xx: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    raw: str = ""

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.non_2xx_3xx

    @property
    def socket_error_total(self) -> int:
        return sum(self.socket_errors.values())


def parse_wrk(output: str) -> WrkResult:
    result = WrkResult(raw=output)
    if m := re.search(r"Requests/sec:\s*([\d.]+)", output):
        result.rps = float(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output):
        result.requests = int(m.group(1))
        result.seconds = _ms(m.group(2) + m.group(3)) / 1000
    for pct, attr in (("50", "p50"), ("75", "p75"), ("90", "p90"), ("99", "p99")):
        if m := re.search(rf"^\s*{pct}%\s+(\S+)", output, re.M):
            setattr(result, attr, _ms(m.group(1)))
    if m := re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output):
        result.max_ms = _ms(m.group(1))
    if m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result.socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True)
        )
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result.non_2xx_3xx = int(m.group(1))
    for m in re.finditer(r"^STATUS (\d+) (\d+)$", output, re.M):
        result.statuses[int(m.group(1))] = result.statuses.get(int(m.group(1)), 0) + int(m.group(2))
    for m in re.finditer(r"^EXTRA (\S+) (.*)$", output, re.M):
        result.extra[m.group(1)] = m.group(2)
    return result


def wrk(
    url: str,
    *,
    connections: int = 32,
    duration: float = 10,
    threads: int = 1,
    script: Path | None = None,
    script_args: Sequence[str] = (),
    headers: dict[str, str] | None = None,
) -> WrkResult:
    """One bounded wrk run (`--latency --timeout 10s`), parsed."""
    argv = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{math.ceil(duration)}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    if script is not None:
        argv += ["-s", str(script)]
    argv.append(url)
    if script is not None:
        argv += ["--", *(script_args or [str(threads)])]
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60)
    if completed.returncode != 0 or (script is not None and ".lua:" in completed.stderr):
        raise RuntimeError(
            f"wrk failed ({completed.returncode}): {completed.stderr}\n{completed.stdout}"
        )
    return parse_wrk(completed.stdout + completed.stderr)


def lua_long_string(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


# The part of every POST script after its `bodies`: each thread walks its own stride
# through the list (thread t takes t+1, t+1+T, ...), counts statuses, and `done` prints them.
_LUA_POST_TAIL = r"""
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  stride = tonumber(args[1]) or 1
  nextindex = tid + 1
  wrapped = 0
  statuses = {}
end

function request()
  local body = bodies[nextindex]
  nextindex = nextindex + stride
  if nextindex > #bodies then
    nextindex = ((nextindex - 1) % #bodies) + 1
    wrapped = wrapped + 1
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  local wraps = 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do
      totals[code] = (totals[code] or 0) + n
    end
    wraps = wraps + (thread:get("wrapped") or 0)
  end
  for code, n in pairs(totals) do
    io.write(string.format("STATUS %d %d\n", code, n))
  end
  io.write(string.format("EXTRA wrapped %d\n", wraps))
end
"""


def write_post_script(
    path: Path, url_path: str, bodies: Sequence[str], headers: dict[str, str] | None = None
) -> Path:
    """A wrk Lua script POSTing `bodies` in order (distinct per request until they run out)."""
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    lines = ["bodies = {"]
    lines += [f"  {lua_long_string(body)}," for body in bodies]
    lines.append("}")
    lines.append(f"path = {lua_long_string(url_path)}")
    lines.append("headers = {")
    lines += [f"  [ {lua_long_string(k)} ] = {lua_long_string(v)}," for k, v in all_headers.items()]
    lines.append("}")
    path.write_text("\n".join(lines) + _LUA_POST_TAIL)
    return path


# Figures ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (pct in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def fmt(value: Any, digits: int = 1) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], digits: int = 1) -> str:
    cells = [[fmt(c, digits) for c in row] for row in rows]
    widths = [
        max(len(str(h)), *(len(r[i]) for r in cells)) if cells else len(str(h))
        for i, h in enumerate(headers)
    ]
    out = [
        "  ".join(
            str(h).ljust(w) if i == 0 else str(h).rjust(w)
            for i, (h, w) in enumerate(zip(headers, widths, strict=True))
        )
    ]
    out.append("  ".join("-" * w for w in widths))
    for row in cells:
        out.append(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return "\n".join(out)


class Verdicts:
    """PASS/MISS lines, printed at the end; never changes the exit code."""

    def __init__(self) -> None:
        self.lines: list[tuple[bool, str, str]] = []

    def check(self, ok: bool, target: str, measured: str) -> bool:
        self.lines.append((ok, target, measured))
        return ok

    def print(self) -> None:
        print("\nTargets")
        for ok, target, measured in self.lines:
            print(f"{'PASS' if ok else 'MISS'}  {target}: {measured}")


def heading(text: str) -> None:
    print(f"\n{text}\n{'=' * len(text)}", flush=True)


def cpu_note() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


# Building data through the API ------------------------------------------------------------


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def make_expert(
    http: httpx.AsyncClient,
    label: str,
    *,
    timezone: str = "UTC",
    weekly: list[dict[str, Any]] | None = None,
    event: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Register, become an expert, set availability and create one event type."""
    email = f"{label}-{uuid.uuid4().hex[:8]}@example.com"
    response = await http.post(
        "/api/auth/register", json={"name": label, "email": email, "password": PASSWORD}
    )
    response.raise_for_status()
    user: dict[str, Any] = response.json()
    headers = auth(user["token"])
    response = await http.post(
        "/api/auth/become-expert", json={"timezone": timezone}, headers=headers
    )
    response.raise_for_status()
    user["expert"] = response.json()["expert"]
    weekly = (
        weekly
        if weekly is not None
        else [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]
    )
    response = await http.put(
        "/api/experts/me/availability",
        json={"timezone": timezone, "weekly": weekly, "overrides": []},
        headers=headers,
    )
    response.raise_for_status()
    body = {"title": "Session", "slug": "session", "durationMinutes": 30, **(event or {})}
    response = await http.post("/api/event-types", json=body, headers=headers)
    response.raise_for_status()
    user["event"] = response.json()
    user["headers"] = headers
    return user


async def free_starts(
    http: httpx.AsyncClient, expert: dict[str, Any], first: date, last: date, timezone: str = "UTC"
) -> list[str]:
    """Every start the slots API offers between two days (62 days per call)."""
    from datetime import timedelta

    starts: list[str] = []
    day = first
    while day <= last:
        chunk_end = min(last, day + timedelta(days=61))
        response = await http.get(
            f"/api/experts/{expert['expert']['username']}/slots",
            params={
                "eventTypeId": expert["event"]["id"],
                "start": day.isoformat(),
                "end": chunk_end.isoformat(),
                "timezone": timezone,
            },
        )
        response.raise_for_status()
        for slot_day in response.json()["days"]:
            starts += [slot["start"] for slot in slot_day["slots"]]
        day = chunk_end + timedelta(days=1)
    return starts


# The slots benchmarks' expert: in New York, three ranges a day, a 30-minute event type on
# a 15-minute grid with 5-minute buffers; asked for 7 days by a viewer in Berlin.
SLOTS_EXPERT_ZONE = "America/New_York"
SLOTS_VIEWER_ZONE = "Europe/Berlin"
SLOTS_RANGES = [("08:00", "12:00"), ("13:00", "17:00"), ("18:00", "20:00")]


async def make_slots_expert(
    http: httpx.AsyncClient, label: str, bookings: int
) -> tuple[dict[str, Any], str, int]:
    """The slots benchmarks' expert with `bookings` confirmed bookings at random free
    starts over its 60-day window: the expert, the path of 7 days of their slots as the
    Berlin viewer asks for them, and how many bookings were made."""
    import random
    from datetime import UTC, datetime, timedelta

    weekly = [{"weekday": d, "start": a, "end": b} for d in range(7) for a, b in SLOTS_RANGES]
    expert = await make_expert(
        http,
        label,
        timezone=SLOTS_EXPERT_ZONE,
        weekly=weekly,
        event={
            "durationMinutes": 30,
            "slotIntervalMinutes": 15,
            "bufferBeforeMinutes": 5,
            "bufferAfterMinutes": 5,
            "maxDaysAhead": 60,
        },
    )
    today = datetime.now(UTC).date()
    last = today + timedelta(days=56)
    starts = await free_starts(http, expert, today + timedelta(days=1), last, SLOTS_EXPERT_ZONE)
    random.Random(2027).shuffle(starts)
    booked = 0
    for n, start in enumerate(starts):
        if booked >= bookings:
            break
        body = {
            "eventTypeId": expert["event"]["id"],
            "start": start,
            "name": f"Client {n}",
            "email": f"client{n}@example.com",
        }
        response = await http.post("/api/bookings", json=body)
        if response.status_code != 409:  # 409: overlaps an earlier pick's buffers
            response.raise_for_status()
            booked += 1
    first = today + timedelta(days=2)
    path = (
        f"/api/experts/{expert['expert']['username']}/slots?eventTypeId={expert['event']['id']}"
        f"&start={first.isoformat()}&end={(first + timedelta(days=6)).isoformat()}"
        f"&timezone={SLOTS_VIEWER_ZONE}"
    )
    return expert, path, booked


def count_in_logs(servers: Sequence[Server], needle: str) -> int:
    return sum(server.log().count(needle) for server in servers)
