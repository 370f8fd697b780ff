"""Running casedesk as several processes (issue 18): `make cluster` (ops/cluster.py)."""
