"""Deterministic demo data (fixed seeds, fictional people) for a new database.

Everything is registered through the same services a user calls, with a clock moved back in
time, so demo cases carry real numbers, logs and messages. The demo world is no part of the
product: only bootstrap (`make run`, not with DEMO=0), the tests and the benchmarks import
this package; product code never does. Each part of the world is one module here, and one
step in DEMO_STEPS, in the order they build on each other.
"""
from __future__ import annotations

from collections.abc import Callable

from demo import base, certificates, deviations, org, urgent
from demo.common import DEMO_PASSWORD
from logic.clock import Clock
from logic.store.db import Database

__all__ = ["DEMO_PASSWORD", "DEMO_STEPS", "load"]

DemoStep = Callable[[Database, Clock], None]
DEMO_STEPS: list[tuple[str, DemoStep]] = [
    ("base", base.load_base),
    ("devices", base.load_devices),
    ("deviations", deviations.load_deviations),
    ("org", org.load),                     # a unit tree, the ladder's holders, ORG cases (ORG)
    ("urgent", urgent.load),               # insurers, partner offices, urgent cases (URG)
    ("certificates", certificates.load),   # patients, certificates, questions with FK (CERT)
]


def load(db: Database, clock: Clock) -> None:
    for _name, step in DEMO_STEPS:
        step(db, clock)
