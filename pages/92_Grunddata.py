"""Grunddata — master data maintained in the app (ADM-1..5): one grid per kind, saved through
the same plan as an import."""
from __future__ import annotations

import streamlit as st

from logic.access import Action
from logic.registry import KINDS
from ui import shell
from ui.i18n import t
from ui.views import masterdata

p = shell.page(Action.ADMIN_USERS, "nav.masterdata")
kinds = [k for k in KINDS if not k.history]      # history is imported, not edited (IMP-9)
names = [k.name for k in kinds]
chosen = st.segmented_control(t("md.which"), names, default=names[0], key="md_kind",
                              format_func=lambda n: t(f"md.kind.{n}")) or names[0]
masterdata.editor(p.db, p.clock, p.user, next(k for k in kinds if k.name == chosen))
