"""What every part of the demo world shares."""
from __future__ import annotations

DEMO_PASSWORD = "casedesk-demo"   # every demo user's password (fictional people only)
