"""Moving a whole installation: export everything, restore an export into an empty one
(ADM-11, ADM-12). See service.py; the command line is `python -m logic.transfer`."""
from __future__ import annotations

from logic.transfer.service import (ExportResult, RestoreResult, export, left_out, migrations, read_manifest,
                                    restorable, restore)

__all__ = ["ExportResult", "RestoreResult", "export", "left_out", "migrations", "read_manifest", "restorable",
           "restore"]
