"""Translation catalogs, one module per context. Add a module here to register it."""
from __future__ import annotations

import importlib

MODULES = ["core", "deviations"]
MODULES.append("urgent")   # URG
MODULES.append("org")   # ORG
MODULES.append("certificates")   # CERT
MODULES.append("board")   # X-4 case board, X-5 dashboard
MODULES.append("masterdata")   # ADM, IMP master data and imports


def merged() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name in MODULES:
        module = importlib.import_module(f"logic.texts.{name}")
        for key, value in module.TEXTS.items():
            if key in out:
                raise ValueError(f"duplicate translation key {key!r} in {name}")
            out[key] = value
    return out
MODULES.append("transfer")   # ADM-11..13 export, restore, the empty start
MODULES.append("database")   # issue 18: the database unavailable, a bad database setting
