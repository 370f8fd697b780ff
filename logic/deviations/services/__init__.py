"""Deviation use cases — the only way a page changes deviation data. Each is one transaction
that checks permission and rules, writes the case, its log entries and messages.

The context's service API, one module per job: lookups (the form's look-ups), register
(checking and registering, the repair request), reading (one case, the search of one's own),
lifecycle (answer, handling, close), categories (reference data admin)."""
from logic.deviations.services._common import (
    ANSWER_MAX,
    CATEGORY_CODE_MAX,
    CATEGORY_NAME_MAX,
    INVESTIGATION_MAX,
    NUMBER_PREFIX_MAX,
    PRESCRIBER_CODE_MAX,
    ZONE,
)
from logic.deviations.services.categories import (
    CATEGORY_COLUMNS,
    all_categories,
    category_columns,
    save_category,
    write_category,
)
from logic.deviations.services.lifecycle import answer, close, close_refusal, record_handling
from logic.deviations.services.lookups import (
    categories_for,
    find_recipient,
    find_work_order,
    search_sites,
    stock_items,
    user_sites,
)
from logic.deviations.services.reading import PERIODS, get_deviation, search_mine
from logic.deviations.services.entry import (
    Concerning,
    Hits,
    Start,
    buffer_stock,
    care_deviation_facts,
    care_form_offered,
    concerning,
    concerning_case,
    individual_cards,
    recipient_screen,
    start_for_device,
    start_on_path,
    work_orders,
)
from logic.deviations.services.register import (
    check_draft,
    register_deviation,
    request_repair,
    resolve_subject,
)

__all__ = [
    "ZONE", "ANSWER_MAX", "INVESTIGATION_MAX", "CATEGORY_CODE_MAX", "CATEGORY_NAME_MAX",
    "PRESCRIBER_CODE_MAX", "NUMBER_PREFIX_MAX",
    "user_sites", "search_sites", "categories_for", "find_recipient", "stock_items", "find_work_order",
    "resolve_subject", "check_draft", "register_deviation", "request_repair",
    "get_deviation", "PERIODS", "search_mine",
    "Start", "Hits", "Concerning", "recipient_screen", "start_for_device", "individual_cards",
    "buffer_stock", "start_on_path", "work_orders", "concerning", "concerning_case", "care_form_offered",
    "care_deviation_facts",
    "answer", "record_handling", "close_refusal", "close",
    "all_categories", "CATEGORY_COLUMNS", "category_columns", "write_category", "save_category",
]
