"""SQL for the device register and patients/recipients as master data (ADM-6, ADM-7): articles,
individual cards and buffer stock (`stock_items`), recipients' devices (`devices`), work orders,
and the patients/recipients list over `patients` and `recipients`. Bound parameters only; keys
are looked up through an unnested list (a join, not one comparison per stored row and key)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from logic.store.db import Tx


# ---------------------------------------------------------------- look-ups for the checks


def units(tx: Tx) -> list[dict]:
    return tx.rows("SELECT id, code, kind, customer_no, active FROM units")


def articles_by_no(tx: Tx, article_nos: list[str]) -> dict[str, dict]:
    if not article_nos:
        return {}
    return {r["article_no"]: r for r in tx.rows(
        "SELECT a.* FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS article_no) k JOIN articles a USING (article_no)",
        [article_nos])}


def recipients_by_id(tx: Tx, ids: list[str]) -> dict[str, dict]:
    if not ids:
        return {}
    return {r["id"]: r for r in tx.rows(
        "SELECT r.* FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS id) k JOIN recipients r USING (id)", [ids])}


def individual_cards(tx: Tx, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """(article no, individual no) -> its stock_items row (the individual card)."""
    if not pairs:
        return {}
    rows = tx.rows(
        "SELECT s.* FROM (SELECT unnest(?::VARCHAR[]) AS article_no, unnest(?::VARCHAR[]) AS individual_no) k"
        " JOIN stock_items s ON s.article_no = k.article_no AND s.individual_no = k.individual_no",
        [[a for a, _ in pairs], [i for _, i in pairs]])
    return {(r["article_no"], r["individual_no"]): r for r in rows}


def delivered_holders(tx: Tx, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """(article no, individual no) -> the recipients that have it delivered (handed out)."""
    if not pairs:
        return {}
    rows = tx.rows(
        "SELECT d.article_no, d.individual_no, array_agg(DISTINCT d.recipient_id ORDER BY d.recipient_id) AS holders"
        " FROM (SELECT unnest(?::VARCHAR[]) AS article_no, unnest(?::VARCHAR[]) AS individual_no) k"
        " JOIN devices d ON d.article_no = k.article_no AND d.individual_no = k.individual_no"
        " WHERE d.delivered IS NOT NULL GROUP BY d.article_no, d.individual_no",
        [[a for a, _ in pairs], [i for _, i in pairs]])
    return {(r["article_no"], r["individual_no"]): list(r["holders"]) for r in rows}


# ---------------------------------------------------------------- articles


ARTICLE_COLUMNS = ("article_no", "name", "individual_classified", "manufacturer")


def articles(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    if keys is None:
        return tx.rows(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY article_no")
    return list(articles_by_no(tx, [k[0] for k in keys]).values())


def upsert_articles(tx: Tx, rows: list[dict[str, Any]]) -> None:
    tx.cur.executemany(
        "INSERT INTO articles (article_no, name, individual_classified, manufacturer) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (article_no) DO UPDATE SET name = excluded.name,"
        " individual_classified = excluded.individual_classified, manufacturer = excluded.manufacturer",
        [[r["article_no"], r["name"], bool(r.get("individual_classified")), r.get("manufacturer")] for r in rows])


# ---------------------------------------------------------------- individuals and buffer stock


def individuals(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    """Individual cards: stock_items with an individual number, on buffer stock or handed out."""
    select = ("SELECT s.article_no, s.individual_no, s.unit_id,"
              " CASE WHEN s.handed_out THEN 'handed_out' ELSE 'stock' END AS state FROM ")
    if keys is None:
        return tx.rows(select + "stock_items s WHERE s.individual_no IS NOT NULL"
                       " ORDER BY s.article_no, s.individual_no")
    return tx.rows(select + "(SELECT unnest(?::VARCHAR[]) AS article_no, unnest(?::VARCHAR[]) AS individual_no) k"
                   " JOIN stock_items s ON s.article_no = k.article_no AND s.individual_no = k.individual_no",
                   [[k[0] for k in keys], [k[1] for k in keys]])


def insert_individuals(tx: Tx, rows: list[dict[str, Any]]) -> None:
    if rows:
        tx.cur.executemany(
            "INSERT INTO stock_items (id, unit_id, article_no, individual_no, quantity, handed_out)"
            " VALUES ('si-' || nextval('stock_item_seq'), ?, ?, ?, 1, ?)",
            [[r["unit_id"], r["article_no"], r["individual_no"], r["state"] == "handed_out"] for r in rows])


def update_individuals(tx: Tx, rows: list[dict[str, Any]]) -> None:
    if rows:
        tx.cur.executemany(
            "UPDATE stock_items SET unit_id = ?, handed_out = ? WHERE article_no = ? AND individual_no = ?",
            [[r["unit_id"], r["state"] == "handed_out", r["article_no"], r["individual_no"]] for r in rows])


def stock(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    """Buffer stock of articles that are not individual-classified: a quantity per unit."""
    select = "SELECT s.unit_id, s.article_no, s.quantity FROM "
    if keys is None:
        return tx.rows(select + "stock_items s WHERE s.individual_no IS NULL ORDER BY s.unit_id, s.article_no")
    return tx.rows(select + "(SELECT unnest(?::VARCHAR[]) AS unit_id, unnest(?::VARCHAR[]) AS article_no) k"
                   " JOIN stock_items s ON s.unit_id = k.unit_id AND s.article_no = k.article_no"
                   " WHERE s.individual_no IS NULL", [[k[0] for k in keys], [k[1] for k in keys]])


def insert_stock(tx: Tx, rows: list[dict[str, Any]]) -> None:
    if rows:
        tx.cur.executemany(
            "INSERT INTO stock_items (id, unit_id, article_no, individual_no, quantity, handed_out)"
            " VALUES ('si-' || nextval('stock_item_seq'), ?, ?, NULL, ?, FALSE)",
            [[r["unit_id"], r["article_no"], r["quantity"]] for r in rows])


def update_stock(tx: Tx, rows: list[dict[str, Any]]) -> None:
    if rows:
        tx.cur.executemany(
            "UPDATE stock_items SET quantity = ? WHERE unit_id = ? AND article_no = ? AND individual_no IS NULL",
            [[r["quantity"], r["unit_id"], r["article_no"]] for r in rows])


# ---------------------------------------------------------------- patients/recipients


def persons(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    """One list over the patient register (certificates) and the device recipients: a person
    in either, and the care units that receive devices (recipients of kind care_unit)."""
    cols = ("k.id, coalesce(p.name, r.name) AS name, coalesce(p.protected_identity, FALSE) AS protected_identity,"
            " r.unit_id")
    if keys is None:
        return tx.rows(f"SELECT {cols} FROM (SELECT id FROM patients UNION SELECT id FROM recipients) k"
                       " LEFT JOIN patients p ON p.id = k.id LEFT JOIN recipients r ON r.id = k.id"
                       " ORDER BY name, k.id")
    return tx.rows(f"SELECT {cols} FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS id) k"
                   " LEFT JOIN patients p ON p.id = k.id LEFT JOIN recipients r ON r.id = k.id"
                   " WHERE p.id IS NOT NULL OR r.id IS NOT NULL", [[k[0] for k in keys]])


def upsert_persons(tx: Tx, patients: list[dict[str, Any]], recipients: list[dict[str, Any]],
                   at: datetime, actor: str) -> None:
    """Patients keep who registered them and when; recipients are patients or care units."""
    if patients:
        tx.cur.executemany(
            "INSERT INTO patients (id, id_kind, name, protected_identity, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET id_kind = excluded.id_kind,"
            " name = excluded.name, protected_identity = excluded.protected_identity",
            [[p["id"], p["id_kind"], p["name"], bool(p["protected_identity"]), at, actor] for p in patients])
    if recipients:
        tx.cur.executemany(
            "INSERT INTO recipients (id, kind, name, unit_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, unit_id = excluded.unit_id",
            [[r["id"], r["kind"], r["name"], r.get("unit_id")] for r in recipients])


# ---------------------------------------------------------------- recipients' devices

DEVICE_COLUMNS = ("recipient_id", "article_no", "individual_no", "has_components", "ordered", "delivered")


def devices(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    cols = ", ".join("d." + c for c in DEVICE_COLUMNS)
    if keys is None:
        return tx.rows(f"SELECT {cols} FROM devices d ORDER BY d.recipient_id, d.article_no, d.individual_no")
    return tx.rows(f"SELECT {cols} FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS recipient_id) k"
                   " JOIN devices d USING (recipient_id)", [[k[0] for k in keys]])


def insert_devices(tx: Tx, rows: list[dict[str, Any]]) -> None:
    if rows:
        tx.cur.executemany(
            f"INSERT INTO devices (id, {', '.join(DEVICE_COLUMNS)})"
            " VALUES ('rd-' || nextval('recipient_device_seq'), ?, ?, ?, ?, ?, ?)",
            [[r["recipient_id"], r["article_no"], r.get("individual_no"), bool(r.get("has_components")),
              r.get("ordered"), r.get("delivered")] for r in rows])


def update_devices(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """By the stored key: `was_individual_no` is the stored individual no (blank on a waiting
    device that gets its individual now)."""
    if rows:
        tx.cur.executemany(
            "UPDATE devices SET individual_no = ?, has_components = ?, ordered = ?, delivered = ?"
            " WHERE recipient_id = ? AND article_no = ? AND individual_no IS NOT DISTINCT FROM ?",
            [[r.get("individual_no"), bool(r.get("has_components")), r.get("ordered"), r.get("delivered"),
              r["recipient_id"], r["article_no"], r.get("was_individual_no")] for r in rows])


# ---------------------------------------------------------------- work orders

WORK_ORDER_COLUMNS = ("no", "article_no", "individual_no", "recipient_id", "status", "description",
                      "performed", "unit_id")


def work_orders(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    cols = ", ".join("w." + c for c in WORK_ORDER_COLUMNS if c != "description")
    cols += ", nullif(w.description, '') AS description"
    if keys is None:
        return tx.rows(f"SELECT {cols} FROM work_orders w ORDER BY w.no")
    return tx.rows(f"SELECT {cols} FROM (SELECT DISTINCT unnest(?::VARCHAR[]) AS no) k JOIN work_orders w USING (no)",
                   [[k[0] for k in keys]])


def upsert_work_orders(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """A work order without a description keeps the column's NOT NULL with ''."""
    cols = ", ".join(WORK_ORDER_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in WORK_ORDER_COLUMNS if c != "no")
    tx.cur.executemany(
        f"INSERT INTO work_orders ({cols}) VALUES ({', '.join('?' for _ in WORK_ORDER_COLUMNS)})"
        f" ON CONFLICT (no) DO UPDATE SET {updates}",
        [[(r.get(c) or "") if c == "description" else r.get(c) for c in WORK_ORDER_COLUMNS] for r in rows])
