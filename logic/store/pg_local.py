"""A PostgreSQL server of our own on this machine: for the test session (a throwaway cluster in a
temporary directory) and for `make cluster` (data under data/pg/). Debian's PostgreSQL 15
(`apt-get install -y postgresql`); `initdb` refuses to run as root, so as root the server's
files belong to, and its programs run as, the `postgres` OS user. It listens on 127.0.0.1 only,
on a port found free, with a password-less local superuser `casedesk` (trust on 127.0.0.1 only).

    server = LocalPostgres.start(Path("/tmp/x"))      # initdb when the folder is empty
    url = server.url("casedesk")                      # postgresql://casedesk@127.0.0.1:PORT/casedesk
    server.stop()
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BIN_DIRS = [Path("/usr/lib/postgresql/15/bin"), Path("/usr/lib/postgresql/16/bin"),
            Path("/usr/lib/postgresql/17/bin")]
INSTALL_HINT = "apt-get update && apt-get install -y postgresql"
SUPERUSER = "casedesk"


class NoPostgres(RuntimeError):
    """PostgreSQL's server programs are not on this machine; the message says how to get them."""


def bin_dir() -> Path:
    env = os.environ.get("CASEDESK_PG_BIN")
    for folder in ([Path(env)] if env else []) + BIN_DIRS:
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    raise NoPostgres(f"PostgreSQL's server (initdb, postgres) was not found in "
                     f"{', '.join(str(d) for d in BIN_DIRS)}; install it with: {INSTALL_HINT}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner() -> tuple[list[str], str | None]:
    """How to run the server's programs: as root through `runuser -u postgres`, else as ourselves."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError as e:
        raise NoPostgres(f"running as root needs the postgres OS user (from the postgresql "
                         f"package): {INSTALL_HINT}") from e
    return ["runuser", "-u", "postgres", "--"], "postgres"


@dataclass
class LocalPostgres:
    data: Path
    port: int
    log: Path

    @classmethod
    def start(cls, folder: Path, port: int | None = None, *, fsync: bool = True) -> "LocalPostgres":
        """Start the cluster in `folder` (created with initdb when it holds none) on `port` (a free
        one when None). `fsync=False` only for throwaway test clusters."""
        binaries = bin_dir()
        prefix, owner = _as_owner()
        folder = Path(folder).resolve()
        data = folder / "data"
        sockets = folder / "run"
        folder.mkdir(parents=True, exist_ok=True)
        sockets.mkdir(exist_ok=True)
        if owner:
            shutil.chown(folder, owner)
            shutil.chown(sockets, owner)
            # runuser must be able to reach the folder: open the path down to it for traversal
            for parent in folder.parents:
                if parent != Path("/") and not os.stat(parent).st_mode & 0o001:
                    os.chmod(parent, os.stat(parent).st_mode | 0o001)
        if not (data / "PG_VERSION").exists():
            subprocess.run(prefix + [str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER,
                                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
                           check=True, capture_output=True, text=True)
        port = port or free_port()
        log = folder / "postgres.log"
        if owner:
            log.touch()
            shutil.chown(log, owner)
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets}"
                   f" -c max_connections=200 -c shared_buffers=256MB"
                   + ("" if fsync else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"))
        done = subprocess.run(prefix + [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log),
                                        "-o", options, "-w", "-t", "60", "start"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start in {data}: {done.stderr.strip()}\n{tail}")
        server = cls(data=data, port=port, log=log)
        server.wait_ready()
        return server

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run([str(bin_dir() / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                  capture_output=True)
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL on port {self.port} is not ready after {timeout} s")
            time.sleep(0.1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        prefix, _ = _as_owner()
        return subprocess.run(prefix + [str(bin_dir() / "pg_ctl"), "-D", str(self.data), *args],
                              capture_output=True, text=True)

    def restart(self) -> None:
        """`pg_ctl restart -m fast` (the load test's fault), keeping port and options."""
        done = self.pg_ctl("restart", "-m", "fast", "-w", "-l", str(self.log))
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        self.wait_ready()

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast", "-w")

    def create_database(self, name: str, template: str | None = None) -> str:
        """CREATE DATABASE name [TEMPLATE template]; returns its URL."""
        import psycopg
        from psycopg import sql
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                    sql.Identifier(name), sql.Identifier(template))
            conn.execute(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg
        from psycopg import sql
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
