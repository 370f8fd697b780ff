"""ORG-2 reference data: the classification tree shipped in data/reference/org_classification.json,
loaded into the database when the table is empty (admins extend it afterwards)."""
from __future__ import annotations

import json
from pathlib import Path

from logic.store import org_repo
from logic.store.db import Database

FILE = Path(__file__).resolve().parent.parent.parent / "data" / "reference" / "org_classification.json"


def load_classification(db: Database, path: Path = FILE) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    with db.tx() as tx:
        if org_repo.count_nodes(tx):
            # a database from before the Danish names: fill them in, leave everything else
            for area in data["areas"]:
                for node in [area, *area.get("types", [])]:
                    org_repo.fill_node_danish(tx, node["code"], node["sv"], node["da"],
                                              node.get("guidance_sv"), node.get("guidance_da"))
            return 0
        n = 0
        for i, area in enumerate(data["areas"]):
            org_repo.upsert_node(tx, {
                "code": area["code"], "parent_code": None, "entry": area["entry"],
                "name_sv": area["sv"], "name_en": area["en"], "name_da": area["da"],
                "guidance_sv": area.get("guidance_sv"), "guidance_en": area.get("guidance_en"),
                "guidance_da": area.get("guidance_da"), "ladder": False, "sort": i * 10})
            n += 1
            for j, kind in enumerate(area.get("types", [])):
                org_repo.upsert_node(tx, {
                    "code": kind["code"], "parent_code": area["code"], "entry": area["entry"],
                    "name_sv": kind["sv"], "name_en": kind["en"], "name_da": kind["da"],
                    "guidance_sv": kind.get("guidance_sv"), "guidance_en": kind.get("guidance_en"),
                    "guidance_da": kind.get("guidance_da"), "ladder": kind.get("ladder", False),
                    "sort": j * 10})
                n += 1
        return n


GROUNDS_FILE = FILE.parent / "org_grounds.json"


def load_grounds(db: Database, path: Path = GROUNDS_FILE) -> int:
    """ORG-8: the grounds for reporting (seed 002), loaded when the table is empty."""
    data = json.loads(path.read_text(encoding="utf-8"))
    with db.tx() as tx:
        if org_repo.count_grounds(tx):
            return 0
        for i, g in enumerate(data["grounds"]):
            org_repo.insert_ground(tx, {"code": g["code"], "name_sv": g["sv"], "name_en": g["en"],
                                        "name_da": g["da"], "sort": i * 10})
        return len(data["grounds"])
