"""What a page says when the database cannot be used (issue 18: PostgreSQL beside the DuckDB file)."""
from __future__ import annotations

TEXTS = {
    "db.unavailable": {
        "sv": "Databasen går inte att nå just nu. Försök igen om en liten stund — inget du redan har sparat har gått förlorat.",
        "en": "The database cannot be reached just now. Try again in a moment — nothing you have already saved is lost.",
        "da": "Databasen kan ikke nås lige nu. Prøv igen om et øjeblik — intet, du allerede har gemt, er gået tabt.",
    },
    "db.retry": {"sv": "Försök igen", "en": "Try again", "da": "Prøv igen"},
    "db.bad_setting": {
        "sv": "casedesk kan inte öppna sin databas. Be driften kontrollera inställningen:",
        "en": "casedesk cannot open its database. Ask operations to check the setting:",
        "da": "casedesk kan ikke åbne sin database. Bed driften kontrollere indstillingen:",
    },
}
