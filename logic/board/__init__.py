"""The case board, Ärenden (X-4), by job:

- `filters`  — what the user chose (`BoardFilters`, the URL's query string, the period's bounds);
- `permissions` — the permission questions, once per search and once per row (`BoardAccess`);
- `planning` — filters -> `board_query.BoardSpec` (visibility in SQL, free text via the index);
- `service`  — the entry points: `search`, `export_rows`/`export_stream`, `facets`, `unit_choices`;
- `present`  — a row as the user may see it (masking, analysts' pseudonyms), labels, export values.
- `columns`  — which columns a user sees on the board, kept per user.

The files (CSV, Excel) are written by logic.exports. Nothing is re-exported here: import the
module that does the job.
"""
