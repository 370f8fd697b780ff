"""Import — master data and history from CSV or Excel, dry run first (IMP-1..7)."""
from __future__ import annotations

import streamlit as st

from logic.access import Action
from ui import shell
from ui.views import importer

p = shell.page(Action.ADMIN_USERS, "nav.import")
importer.view(p.db, p.clock, p.user, preselect=st.query_params.get("kind"))
