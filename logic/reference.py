"""Reference data shipped in data/reference/, loaded into the database when a table is empty."""
from __future__ import annotations

import json
from pathlib import Path

from logic.org.reference import load_classification as load_org_classification
from logic.org.reference import load_grounds as load_org_grounds
from logic.store import deviations_repo
from logic.store.db import Database

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"


def load_deviation_categories(db: Database) -> int:
    data = json.loads((REFERENCE / "deviation_categories.json").read_text(encoding="utf-8"))
    shipped = [(event_type, i, item) for event_type, items in data.items() if not event_type.startswith("_")
               for i, item in enumerate(items)]
    with db.tx() as tx:
        if deviations_repo.category_count(tx):
            # a database from before the Danish names: fill them in, leave everything else
            for event_type, _, item in shipped:
                deviations_repo.fill_category_danish(tx, event_type, item["code"], item["sv"], item["da"])
            return 0
        for event_type, i, item in shipped:
            deviations_repo.upsert_category(tx, {
                "event_type": event_type, "code": item["code"], "name_sv": item["sv"],
                "name_en": item["en"], "name_da": item["da"],
                "requires_delivery_ref": item.get("requires_delivery_ref", False), "sort": i * 10})
        return len(shipped)


def _load_certificate_types(db: Database) -> int:
    from logic.certificates.reference import load_certificate_types

    return load_certificate_types(db)


# Other contexts append their loaders here (name, function(db) -> rows loaded).
LOADERS = [("deviation_categories", load_deviation_categories)]
LOADERS.append(("org_classification", load_org_classification))   # ORG-2
LOADERS.append(("org_grounds", load_org_grounds))   # ORG-8
LOADERS.append(("certificate_types", _load_certificate_types))   # CERT-1


def load_all(db: Database) -> dict[str, int]:
    return {name: loader(db) for name, loader in LOADERS}
