"""CERT-1 reference data: the certificate types, loaded into `certificate_types` when empty."""
from __future__ import annotations

import json
from pathlib import Path

from logic.store import certificates_repo
from logic.store.db import Database

TYPES_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "reference" / "certificate_types.json"


def load_certificate_types(db: Database) -> int:
    data = json.loads(TYPES_FILE.read_text(encoding="utf-8"))
    with db.tx() as tx:
        if certificates_repo.type_count(tx):
            # a database from before the Danish names: fill them in, leave everything else
            for item in data["types"]:
                certificates_repo.fill_type_danish(tx, item["code"], item["sv"], item["da"])
            return 0
        for i, item in enumerate(data["types"]):
            certificates_repo.upsert_type(tx, {
                "code": item["code"], "name_sv": item["sv"], "name_en": item["en"], "name_da": item["da"],
                "authority": item["authority"], "mina_intyg": item["mina_intyg"],
                "staff_send": item["staff_send"], "auto_send": item["auto_send"], "sort": i * 10})
        return len(data["types"])
