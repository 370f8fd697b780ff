"""SQL for devices, recipients, stock, work orders, categories and deviations."""
from __future__ import annotations

from typing import Any

from logic.store.db import Tx
from logic.store.update import guarded_update


def recipient(tx: Tx, recipient_id: str) -> dict | None:
    return tx.row("SELECT * FROM recipients WHERE id = ?", [recipient_id])


def recipient_devices(tx: Tx, recipient_id: str) -> list[dict]:
    return tx.rows(
        "SELECT d.*, a.name AS article_name, a.individual_classified FROM devices d"
        " JOIN articles a USING (article_no) WHERE d.recipient_id = ?"
        " ORDER BY d.ordered DESC NULLS LAST, d.article_no", [recipient_id])


def device(tx: Tx, device_id: str) -> dict | None:
    return tx.row(
        "SELECT d.*, a.name AS article_name FROM devices d JOIN articles a USING (article_no)"
        " WHERE d.id = ?", [device_id])


def article(tx: Tx, article_no: str) -> dict | None:
    return tx.row("SELECT * FROM articles WHERE article_no = ?", [article_no])


def stock_items(tx: Tx, individual: bool) -> list[dict]:
    """On buffer stock: an individual card handed out to a recipient is not (ADM-6)."""
    cond = "s.individual_no IS NOT NULL AND NOT s.handed_out" if individual else "s.individual_no IS NULL"
    return tx.rows(
        "SELECT s.*, a.name AS article_name, u.name AS unit_name FROM stock_items s"
        " JOIN articles a USING (article_no) LEFT JOIN units u ON u.id = s.unit_id"
        f" WHERE {cond} ORDER BY s.article_no, s.individual_no")


def stock_item(tx: Tx, item_id: str) -> dict | None:
    return tx.row(
        "SELECT s.*, a.name AS article_name FROM stock_items s JOIN articles a USING (article_no)"
        " WHERE s.id = ? AND NOT s.handed_out", [item_id])


def stock_item_by_individual(tx: Tx, individual_no: str) -> dict | None:
    return tx.row(
        "SELECT s.*, a.name AS article_name FROM stock_items s JOIN articles a USING (article_no)"
        " WHERE upper(s.individual_no) = upper(?)", [individual_no])


def individuals(tx: Tx, prefix: str, limit: int, site_ids: list[str] | None) -> list[dict]:
    """DEV-21 the individual card (individkort): individual-classified devices whose individual
    number begins with `prefix` (case-insensitive) — on buffer stock (a card not handed out) or
    on the device list of a recipient whose service site is one of `site_ids` (None: any).
    At most `limit` rows, by individual number."""
    return tx.rows(
        "SELECT * FROM ("
        " SELECT 'stock' AS place, s.id AS stock_item_id, NULL AS device_id, s.individual_no,"
        " s.article_no, a.name AS article_name, u.name AS unit_name, NULL AS recipient_id,"
        " NULL AS recipient_kind, NULL AS recipient_name, NULL AS delivered"
        " FROM stock_items s JOIN articles a USING (article_no) LEFT JOIN units u ON u.id = s.unit_id"
        " WHERE s.individual_no IS NOT NULL AND NOT s.handed_out"
        " AND starts_with(upper(s.individual_no), upper(?))"
        " UNION ALL"
        " SELECT 'recipient', NULL, d.id, d.individual_no, d.article_no, a.name, NULL, d.recipient_id,"
        " r.kind, r.name, d.delivered"
        " FROM devices d JOIN articles a USING (article_no) LEFT JOIN recipients r ON r.id = d.recipient_id"
        " WHERE d.individual_no IS NOT NULL AND starts_with(upper(d.individual_no), upper(?))"
        " AND (? OR r.unit_id = ANY(?))"
        ") AS found ORDER BY individual_no, place LIMIT ?", [prefix, prefix, site_ids is None, site_ids or [], limit])


def work_orders(tx: Tx, prefix: str, limit: int, site_ids: list[str] | None) -> list[dict]:
    """DEV-23 'Sök arbetsorder': work orders of the service sites `site_ids` (None: any) whose
    number begins with `prefix` (case-insensitive; a whole number is its own prefix), by
    number, at most `limit`."""
    return tx.rows(
        "SELECT w.no, w.description, w.performed, w.status, w.article_no, w.individual_no,"
        " a.name AS article_name, r.name AS recipient_name, r.kind AS recipient_kind"
        " FROM work_orders w LEFT JOIN articles a USING (article_no)"
        " LEFT JOIN recipients r ON r.id = w.recipient_id"
        " WHERE starts_with(upper(w.no), upper(?)) AND (? OR w.unit_id = ANY(?))"
        " ORDER BY w.no LIMIT ?", [prefix, site_ids is None, site_ids or [], limit])


def work_order(tx: Tx, no: str) -> dict | None:
    return tx.row(
        "SELECT w.*, a.name AS article_name FROM work_orders w"
        " LEFT JOIN articles a USING (article_no) WHERE upper(w.no) = upper(?)", [no])


def categories(tx: Tx, event_type: str) -> list[dict]:
    return tx.rows(
        "SELECT * FROM deviation_categories WHERE event_type = ? AND active ORDER BY sort, code",
        [event_type])


def all_categories(tx: Tx) -> list[dict]:
    return tx.rows("SELECT * FROM deviation_categories ORDER BY event_type, sort, code")


def category_count(tx: Tx) -> int:
    return tx.scalar("SELECT count(*) FROM deviation_categories")


def category(tx: Tx, event_type: str, code: str) -> dict | None:
    return tx.row("SELECT * FROM deviation_categories WHERE event_type = ? AND code = ?", [event_type, code])


def upsert_category(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO deviation_categories (event_type, code, name_sv, name_en, name_da, requires_delivery_ref,"
        " sort, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (event_type, code) DO UPDATE SET name_sv = excluded.name_sv,"
        " name_en = excluded.name_en, name_da = excluded.name_da,"
        " requires_delivery_ref = excluded.requires_delivery_ref,"
        " sort = excluded.sort, active = excluded.active",
        [row["event_type"], row["code"], row["name_sv"], row["name_en"], row.get("name_da"),
         bool(row.get("requires_delivery_ref")), int(row.get("sort", 0)), bool(row.get("active", True))])


def fill_category_danish(tx: Tx, event_type: str, code: str, name_sv: str, name_da: str) -> None:
    """A shipped category without a Danish name gets the shipped one (unless renamed since)."""
    tx.execute("UPDATE deviation_categories SET name_da = ? WHERE event_type = ? AND code = ?"
               " AND name_da IS NULL AND name_sv = ?", [name_da, event_type, code, name_sv])


DEVIATION_COLUMNS = (
    "case_id", "path", "event_type", "category", "occurred_at", "location", "concerns",
    "what_happened", "injury", "desired_action", "device_return", "report_attached",
    "wanted_back", "contact_name", "contact_phone", "delivery_note_no", "order_no", "comment",
    "service_site_id", "prescriber_code", "recipient_kind", "recipient_id", "recipient_name",
    "article_no", "article_name", "individual_no", "device_id", "stock_item_id",
    "work_order_no", "service_description")


def insert_deviation(tx: Tx, row: dict[str, Any]) -> None:
    cols = ", ".join(DEVIATION_COLUMNS)
    marks = ", ".join("?" for _ in DEVIATION_COLUMNS)
    tx.execute(f"INSERT INTO deviations ({cols}) VALUES ({marks})",
               [row.get(c) for c in DEVIATION_COLUMNS])


UPDATABLE = {"answer", "answered_by", "answered_at", "investigation", "manufacturer_report",
             "manufacturer_reported_on", "mpa_report", "mpa_reported_on", "closed_by"}


def update_deviation(tx: Tx, case_id: str, fields: dict[str, Any]) -> None:
    guarded_update(tx, "deviations", "case_id", case_id, fields, UPDATABLE)


def deviation(tx: Tx, case_id: str) -> dict | None:
    return tx.row(
        "SELECT c.*, d.*, u.name AS site_name, u.code AS site_code,"
        " u.city AS site_city, hmc.city AS centre_city, cu.name AS created_by_name,"
        " au.name AS answered_by_name,"
        " k.name_sv AS category_name_sv, k.name_en AS category_name_en, k.name_da AS category_name_da"
        " FROM cases c JOIN deviations d ON d.case_id = c.id"
        " LEFT JOIN units u ON u.id = d.service_site_id"
        " LEFT JOIN units hmc ON hmc.id = u.parent_id AND hmc.kind = 'centre'"
        " LEFT JOIN deviation_categories k ON k.event_type = d.event_type AND k.code = d.category"
        " LEFT JOIN users cu ON cu.username = c.created_by"
        " LEFT JOIN users au ON au.username = d.answered_by WHERE c.id = ?", [case_id])


def insert_repair(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO repair_requests (case_id, service_site_id, recipient_id, article_no,"
        " individual_no, description, contact_name, contact_phone, prescriber_code)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [row["case_id"], row["service_site_id"], row.get("recipient_id"), row.get("article_no"),
         row.get("individual_no"), row["description"], row.get("contact_name"),
         row.get("contact_phone"), row.get("prescriber_code")])


# what the repair's life cycle writes (DEV-16 … DEV-18)
REPAIR_UPDATABLE = {"planned_on", "technician", "planned_by", "planned_at", "answer", "answered_by",
                    "answered_at", "work_done", "closed_by"}


def update_repair(tx: Tx, case_id: str, fields: dict[str, Any]) -> None:
    guarded_update(tx, "repair_requests", "case_id", case_id, fields, REPAIR_UPDATABLE)


def repair(tx: Tx, case_id: str) -> dict | None:
    return tx.row(
        "SELECT c.*, q.*, u.name AS site_name, u.code AS site_code, cu.name AS created_by_name,"
        " tu.name AS technician_name, au.name AS answered_by_name, xu.name AS closed_by_name,"
        " a.name AS article_name"
        " FROM cases c JOIN repair_requests q ON q.case_id = c.id"
        " LEFT JOIN articles a ON a.article_no = q.article_no"
        " LEFT JOIN units u ON u.id = q.service_site_id"
        " LEFT JOIN users cu ON cu.username = c.created_by"
        " LEFT JOIN users tu ON tu.username = q.technician"
        " LEFT JOIN users au ON au.username = q.answered_by"
        " LEFT JOIN users xu ON xu.username = q.closed_by WHERE c.id = ?", [case_id])


def technicians(tx: Tx) -> list[dict]:
    """The centre's staff who can be planned for a repair (DEV-16): active users with the role."""
    return tx.rows(
        "SELECT u.username, u.name FROM users u JOIN user_roles r ON r.username = u.username"
        " WHERE r.role = 'centre_staff' AND u.active ORDER BY u.name, u.username")


def search(tx: Tx, *, created_from, created_to, site_ids: list[str] | None,
           prescriber_code: str | None, number_prefix: str | list[str] | None, limit: int = 500) -> list[dict]:
    """DEV-13 'Sök avvikelse/reklamation': deviations and (DEV-19) repair requests.
    `number_prefix`: one prefix, or several of which a number starts with any."""
    sql = [
        "SELECT c.id, c.kind, c.subtype AS event_type, c.title, c.created_at, c.status,"
        " u.name AS orderer, coalesce(d.service_site_id, q.service_site_id) AS service_site_id,"
        " coalesce(d.prescriber_code, q.prescriber_code) AS prescriber_code, c.created_by"
        " FROM cases c LEFT JOIN deviations d ON d.case_id = c.id"
        " LEFT JOIN repair_requests q ON q.case_id = c.id"
        " LEFT JOIN users u ON u.username = c.created_by"
        " WHERE c.kind IN ('deviation', 'repair') AND coalesce(d.case_id, q.case_id) IS NOT NULL"]
    params: list[Any] = []
    if created_from is not None:
        sql.append("AND c.created_at >= ?")
        params.append(created_from)
    if created_to is not None:
        sql.append("AND c.created_at < ?")
        params.append(created_to)
    if site_ids is not None:
        sql.append("AND coalesce(d.service_site_id, q.service_site_id) = ANY(?)")
        params.append(site_ids)
    if prescriber_code:
        sql.append("AND coalesce(d.prescriber_code, q.prescriber_code) = ?")
        params.append(prescriber_code)
    prefixes = [number_prefix] if isinstance(number_prefix, str) else list(number_prefix or [])
    if prefixes:
        sql.append("AND (" + " OR ".join("starts_with(c.id, ?)" for _ in prefixes) + ")")
        params.extend(prefixes)
    sql.append("ORDER BY c.created_at DESC LIMIT ?")
    params.append(limit)
    return tx.rows(" ".join(sql), params)
