"""Urgent-case use cases — the only way a page changes urgent-case data. Each is one
transaction that checks permission and rules and writes the case, its log and messages.

Units: an insurer (kind 'insurer'), its partner companies ('company', parent = insurer) and
their offices ('office', parent = company). Partner members belong to their office and its
company; insurer users belong to the insurer.

The context's service API; each job in its own module: `rights` (what a partner office may do
now), `creating` (a new urgent case), `reading` (cases, the list, attachments), `tasks` (tasks,
reports, budgets, photos), `handling` (Til normal, Tilknyt, the insurer's claims), `claims` (Ny sag and
the normal case's actions: i bero, luk, slet, erstatningsbeslutning, sagsbehandler), `admin` (portal
settings, office hours and settings, offices as master data, the settings log) and `units`
(insurers, partner companies, offices, members). Shared private helpers: `_common`.
"""
from logic.urgent.services.admin import (
    SCREEN,
    companies,
    hours_columns,
    offices,
    portal_in,
    portal_settings,
    set_office_hours,
    set_office_settings,
    set_portal_settings,
    settings_columns,
    settings_log,
    write_office,
    write_office_hours,
    write_office_settings,
)
from logic.urgent.services.claims import (
    change_handler,
    claim_counts,
    claim_insurers,
    close,
    create_case,
    decide_claim,
    delete,
    put_on_hold,
    resume,
)
from logic.urgent.services.creating import check_draft, create_urgent
from logic.urgent.services.handling import convert_to_normal, create_claim, link_into
from logic.urgent.services.reading import (
    LIST_SEARCH_MAX,
    attachment,
    get_case,
    link_targets,
    list_cases,
    pending_count,
    tasks_scope,
)
from logic.urgent.services.rights import (
    OfficeRight,
    assignable_offices,
    create_decision,
    office_rights,
)
from logic.urgent.services.tasks import (
    BUDGET_MAX,
    REPORT_TEXT_MAX,
    assign_task,
    decide_budget,
    report_on_task,
    submit_budget,
    upload_attachment,
)
from logic.urgent.services.units import (
    UNIT_NAME_MAX,
    add_member,
    administered_insurers,
    create_company,
    create_insurer,
    create_office,
    insurer_users,
    own_insurers,
)

__all__ = [
    # rights
    "OfficeRight", "office_rights", "create_decision", "assignable_offices",
    # creating
    "check_draft", "create_urgent",
    # reading
    "LIST_SEARCH_MAX", "tasks_scope", "get_case", "list_cases", "pending_count", "attachment", "link_targets",
    # tasks
    "REPORT_TEXT_MAX", "BUDGET_MAX", "assign_task", "report_on_task", "submit_budget", "decide_budget",
    "upload_attachment",
    # handling
    "convert_to_normal", "link_into", "create_claim",
    # the normal case's actions
    "claim_insurers", "create_case", "put_on_hold", "resume", "close", "delete", "decide_claim", "change_handler",
    "claim_counts",
    # admin
    "SCREEN", "portal_in", "portal_settings", "offices", "companies", "set_portal_settings", "hours_columns",
    "write_office_hours", "set_office_hours", "settings_columns", "write_office_settings",
    "set_office_settings", "write_office", "settings_log",
    # units
    "UNIT_NAME_MAX", "administered_insurers", "own_insurers", "create_insurer", "create_company",
    "create_office", "add_member", "insurer_users",
]
