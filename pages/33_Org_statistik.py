"""ORG statistics (page 33): organisational and care deviations by affected area,
deficiency type and level reached on the ladder, and the time cases spend at each level
(ORG-2, ORG-6). The same section is ready for the dashboard (`ui.org_dashboard.section`)."""
from __future__ import annotations

from logic.access import Action
from ui import org_dashboard, shell

p = shell.page(Action.VIEW_DASHBOARD, "org.stats_title")
org_dashboard.section(p)
