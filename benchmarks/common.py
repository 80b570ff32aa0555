"""What every benchmark needs: PostgreSQL, a database of its own, Django set up on it."""

import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def require_postgres() -> str:
    """DATABASE_URL, which must name a PostgreSQL server; exit 2 with a clear line if not."""
    import environ

    environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")  # as settings do
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        sys.stderr.write(
            "The benchmarks need PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
            "(the benchmarks create, fill and drop databases of their own on that server, "
            "named teamstack_bench_*).\n"
        )
        raise SystemExit(2)
    return url


def _server():
    """An autocommit connection to the DATABASE_URL server's `postgres` database."""
    import psycopg

    server = urlsplit(require_postgres())
    params = {
        "host": server.hostname or "127.0.0.1",
        "port": server.port or 5432,
        "user": server.username or "postgres",
        "password": server.password,
    }
    params = {key: value for key, value in params.items() if value is not None}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def recreate_database(name: str) -> None:
    """Drop and create a benchmark database on the DATABASE_URL server."""
    with _server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with _server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(db_name: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["BENCH_DB_NAME"] = db_name
    import django

    django.setup()


def machine() -> str:
    """One line about the machine and the database server."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    memory = "?"
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPU cores, {memory} memory, PostgreSQL {version}, "
        f"Python {sys.version.split()[0]}"
    )


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return total - idle, total


def _process_ticks() -> dict[int, tuple[str, int, int]]:
    """pid -> (name, parent pid, utime + stime ticks) for every process we may read."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                text = stat.read()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # gone meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        rest = text[text.rindex(")") + 2 :].split()
        found[int(entry)] = (command or name, int(rest[1]), int(rest[11]) + int(rest[12]))
    return found


class CpuWatch:
    """Who used the CPU while a benchmark ran: this process tree, its database backends
    and Redis, and everybody else.

    A benchmark on a shared machine measures the others too. `/proc/stat` gives the whole
    machine's busy time; per-process times from `/proc/<pid>/stat` tell this benchmark's
    share (this process and its children, PostgreSQL backends serving `databases`, Redis)
    from the rest. `report()` says in one line whether the machine was quiet, and names the
    busiest other processes when it was not.
    """

    OTHERS_LIMIT = 0.10  # cores used by other processes before a run is called "busy"

    def __init__(self, *, databases: tuple[str, ...] = (), sample_seconds: float | None = None):
        """`sample_seconds`: also read every process this often while the watch runs, so
        that the processes a benchmark starts and stops before `stop()` (gunicorn's
        workers, wrk, their PostgreSQL backends) are still counted as the benchmark's,
        from the last reading of each (without it they would count as somebody else's)."""
        self.databases = databases
        self.sample_seconds = sample_seconds
        self._stopped = threading.Event()
        self._seen: dict[int, tuple[str, int, int, str | None]] = {}

    def start(self) -> "CpuWatch":
        self.load_before = os.getloadavg()
        self.wall = time.monotonic()
        self.machine = _cpu_ticks()
        self.processes = _process_ticks()
        if self.sample_seconds:
            threading.Thread(target=self._sample, daemon=True).start()
        return self

    def _sample(self) -> None:
        while not self._stopped.wait(self.sample_seconds):
            readings = _process_ticks()
            for pid, (command, parent, ticks) in readings.items():
                self._seen[pid] = (command, parent, ticks, self._ours(pid, readings))

    def _ours(self, pid: int, processes: dict) -> str | None:
        """The benchmark part a process belongs to, None if it is somebody else's."""
        command = processes[pid][0]
        if command.startswith("postgres:") and any(
            f" {name} " in f"{command} " for name in self.databases
        ):
            return "postgres (benchmark)"
        if command.startswith("redis-server"):
            return "redis-server"
        seen = set()
        while pid and pid not in seen:
            if pid == os.getpid():
                return "benchmark"
            seen.add(pid)
            pid = processes.get(pid, ("", 0, 0))[1]
        return None

    def stop(self) -> dict:
        self._stopped.set()
        elapsed = time.monotonic() - self.wall
        busy_before, total_before = self.machine
        busy_after, total_after = _cpu_ticks()
        cores = os.cpu_count() or 1
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        now = _process_ticks()
        parts = {pid: self._ours(pid, now) for pid in now}
        for pid, (command, parent, ticks, part) in self._seen.items():
            if pid not in now:  # gone before the end: its last reading
                now[pid] = (command, parent, ticks)
                parts[pid] = part
        ours: dict[str, float] = {}
        others: dict[str, float] = {}
        for pid, (command, _, ticks) in now.items():
            used = (ticks - self.processes.get(pid, (command, 0, 0))[2]) / ticks_per_second
            if used <= 0:
                continue
            part = parts[pid]
            name = part or command.split(" (")[0][:60]
            bucket = ours if part else others
            bucket[name] = bucket.get(name, 0.0) + used / elapsed
        machine_busy = (busy_after - busy_before) / max(1, total_after - total_before) * cores
        benchmark = sum(ours.values())
        return {
            "elapsed": elapsed,
            "cores": cores,
            "machine_busy": machine_busy,
            "benchmark": benchmark,
            # Short-lived processes (a test suite's subprocesses) leave no per-process trace:
            # the machine's total minus ours counts them too.
            "others": max(0.0, machine_busy - benchmark),
            "top_others": sorted(others.items(), key=lambda item: -item[1])[:4],
            "load_before": self.load_before,
            "load_after": os.getloadavg(),
        }

    @classmethod
    def describe(cls, usage: dict) -> str:
        """One line: QUIET or WARNING, with the numbers."""
        top = ", ".join(f"{name} {cores:.2f}" for name, cores in usage["top_others"])
        numbers = (
            f"over {usage['elapsed']:.0f} s the machine's {usage['cores']} cores were busy "
            f"{usage['machine_busy']:.2f} cores: this benchmark (with its PostgreSQL "
            f"backends and Redis) {usage['benchmark']:.2f}, other processes "
            f"{usage['others']:.2f}; load average "
            f"{' '.join(f'{v:.2f}' for v in usage['load_before'])} before, "
            f"{' '.join(f'{v:.2f}' for v in usage['load_after'])} after"
        )
        if usage["others"] > cls.OTHERS_LIMIT:
            return (
                f"WARNING: another process was using the CPU: {numbers} (busiest others: "
                f"{top or 'short-lived processes'}). Absolute times are inflated and ratios "
                f"noisier; re-run on a quiet machine for reference numbers."
            )
        return f"CPU: quiet machine: {numbers}."
