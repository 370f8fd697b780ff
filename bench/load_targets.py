"""What the load test drives (issue 18): one Streamlit process on a DuckDB file, or N processes on
one PostgreSQL behind nginx — each brought up in the run's own temporary folder and taken down
after it, so a run never touches data/ or a running `make run` / `make cluster`.

    DuckTarget(work)                 # the embedded default: one process holds the file
    PgTarget(work, processes=2)      # PostgreSQL (fsync on, as in production) + N apps + nginx

Both build the demo database with `python -m logic.bootstrap --db <file or URL>` (or copy a
template file for DuckDB), expose `port` (what the simulated users connect to), `target`
(what `logic.store.connect.open_database` opens to check the data before and after),
`servers` (the app processes: RSS, CPU, logs), and the faults the load test can cause:
`kill_app()` (SIGKILL one app process; nginx sends its users elsewhere) and `restart_db()`
(`pg_ctl restart -m fast`).

Only ever listens on 127.0.0.1.
"""
from __future__ import annotations

import os
import secrets as pysecrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from logic.store.pg_local import free_port

ROOT = Path(__file__).resolve().parent.parent


def _wait_http(url: str, seconds: float, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer:\n" + log.read_text(errors="replace")[-3000:])


class Server:
    """One `streamlit run app.py` on a free port of 127.0.0.1."""

    def __init__(self, log_path: Path, env_extra: dict, port: int | None = None, args: tuple[str, ...] = ()):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **env_extra}
        if "CASEDESK_DATABASE_URL" in env_extra:
            env.pop("CASEDESK_DB", None)
        else:
            env.pop("CASEDESK_DATABASE_URL", None)
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.log_path = log_path

    def wait_ready(self, seconds: float = 90) -> None:
        try:
            _wait_http(self.url + "/_stcore/health", seconds, self.proc, self.log_path)
        except RuntimeError:
            self.stop()
            raise

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_mb(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def cpu_seconds(self) -> float:
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if not self.log.closed:
            self.log.close()


def _bootstrap(target: str, env_extra: dict | None = None) -> None:
    env = {**os.environ, "CASEDESK_DEMO": "1", **(env_extra or {})}
    env.pop("CASEDESK_DB", None)
    env.pop("CASEDESK_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "logic.bootstrap", "--db", target], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


class DuckTarget:
    """The default installation: one app process holding the DuckDB file."""
    label = "1 process, DuckDB"
    backend = "duckdb"

    def __init__(self, work: Path, template: Path | None = None):
        self.work = work
        self.db_path = work / "load.duckdb"
        if template:
            shutil.copy(template, self.db_path)
        else:
            _bootstrap(str(self.db_path))
        self.target: str | Path = self.db_path
        self.servers: list[Server] = []
        self.port = 0

    def start(self, env_extra: dict) -> None:
        server = Server(self.work / "server.log", {"CASEDESK_DB": str(self.db_path), **env_extra})
        self.servers = [server]
        server.wait_ready()
        self.port = server.port

    def stop(self) -> None:
        for s in self.servers:
            s.stop()

    def logs(self) -> list[Path]:
        return [s.log_path for s in self.servers]

    def kill_app(self) -> str:
        raise SystemExit("--fault kill-app needs --processes 2 or more (one process has no other to go to)")

    def restart_db(self) -> str:
        raise SystemExit("--fault restart-db needs --backend postgres (DuckDB lives inside the app process)")


class PgTarget:
    """PostgreSQL (its own cluster in the run's folder, fsync on), N app processes, nginx in front
    with ops/cluster.py's configuration (sticky by its own cookie, websocket upgrade)."""
    backend = "postgres"

    def __init__(self, work: Path, processes: int = 2, url: str | None = None):
        """A cluster of its own in `work` with the demo world, or (`url`, the tests) a database on a
        server someone else runs — then `restart_db` is not ours to do."""
        from logic.store.pg_local import LocalPostgres
        self.work = work
        self.processes = processes
        self.label = f"{processes} process{'es' if processes > 1 else ''}, PostgreSQL + nginx"
        self.pg = LocalPostgres.start(work / "pg") if url is None else None
        self.target = url or self.pg.create_database("casedesk")
        if url is None:
            _bootstrap(self.target)
        self.servers: list[Server] = []
        self.nginx: subprocess.Popen | None = None
        self.port = 0

    def start(self, env_extra: dict) -> None:
        from ops.cluster import nginx_binary, nginx_conf
        nginx = nginx_binary()
        # one login-cookie key for every process (as make cluster's shared secrets.toml gives
        # them), in the run's own secrets file: the checkout's is neither needed nor touched
        secrets = self.work / "secrets.toml"
        secrets.write_text(f'[login_cookie]\ncookie_key = "{pysecrets.token_urlsafe(48)}"\n', encoding="utf-8")
        secrets.chmod(0o600)
        for i in range(self.processes):
            extra = {**env_extra, "CASEDESK_DATABASE_URL": self.target}
            if "CASEDESK_MEMPROBE" in extra and i:
                extra["CASEDESK_MEMPROBE"] = f"{extra['CASEDESK_MEMPROBE']}.{i}"
            self.servers.append(Server(self.work / f"server-{i + 1}.log", extra,
                                       args=("--secrets.files", str(secrets))))
        for s in self.servers:
            s.wait_ready()
        folder = self.work / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        conf = folder / "nginx.conf"
        conf.write_text(nginx_conf(self.port, [s.port for s in self.servers], folder), encoding="utf-8")
        log = folder / "stderr.log"
        self.nginx = subprocess.Popen([nginx, "-p", str(folder), "-c", str(conf)], cwd=folder,
                                      stdout=open(log, "ab"), stderr=subprocess.STDOUT)
        _wait_http(f"http://127.0.0.1:{self.port}/_stcore/health", 20, self.nginx, log)

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for s in self.servers:
            s.stop()

    def close(self) -> None:
        self.stop()
        if self.pg is not None:
            self.pg.stop()

    def logs(self) -> list[Path]:
        return [s.log_path for s in self.servers]

    def kill_app(self, victim: Server | None = None) -> str:
        victim = victim or self.servers[0]
        os.kill(victim.proc.pid, signal.SIGKILL)
        victim.proc.wait(10)
        return f"kill -9 of the app process on port {victim.port} (pid {victim.proc.pid})"

    def serving(self) -> list[Server]:
        """The app processes holding an open connection from nginx (a websocket: a user's tab)."""
        ports = {s.port: s for s in self.servers}
        held = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                local_port, state = int(fields[1].rsplit(":", 1)[1], 16), fields[3]
                if state == "01" and local_port in ports:          # ESTABLISHED, to an app's port
                    held.add(local_port)
        return [ports[p] for p in sorted(held)]

    def restart_db(self) -> str:
        if self.pg is None:
            raise RuntimeError("the database server is not this run's to restart")
        self.pg.restart()
        return "pg_ctl restart -m fast"
