"""Writes only the demo world makes (the demo/ package): registers filled row by row as given,
and the demo inbox's old messages marked read. Product code never calls these."""
from __future__ import annotations

from datetime import date, datetime

from logic.store.db import Tx


def insert_article(tx: Tx, no: str, name: str, individual: bool, maker: str) -> None:
    tx.execute("INSERT INTO articles VALUES (?, ?, ?, ?)", [no, name, individual, maker])


def insert_patient(tx: Tx, pnr: str, name: str, site: str) -> None:
    tx.execute("INSERT INTO recipients VALUES (?, 'patient', ?, ?)", [pnr, name, site])


def insert_care_unit_recipient(tx: Tx, recipient_id: str, name: str, site: str) -> None:
    tx.execute("INSERT INTO recipients VALUES (?, 'care_unit', ?, ?)", [recipient_id, name, site])


def insert_device(tx: Tx, row: tuple) -> None:
    """row: id, recipient, article, individual no, has components, ordered, delivered."""
    tx.execute("INSERT INTO devices VALUES (?, ?, ?, ?, ?, ?, ?)", list(row))


def insert_stock_item(tx: Tx, row: tuple) -> None:
    """row: id, unit, article, individual no, quantity."""
    tx.execute("INSERT INTO stock_items (id, unit_id, article_no, individual_no, quantity)"
               " VALUES (?, ?, ?, ?, ?)", list(row))


def insert_performed_work_order(tx: Tx, row: tuple) -> None:
    """row: no, recipient, article, individual no, description, performed, unit."""
    tx.execute("INSERT INTO work_orders (no, recipient_id, article_no, individual_no, description,"
               " performed, unit_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'performed')", list(row))


def delivery_dates(tx: Tx) -> dict[str, date | None]:
    return {row["id"]: row["delivered"] for row in tx.rows("SELECT id, delivered FROM devices")}


def mark_read_before(tx: Tx, before: datetime) -> None:
    """Messages created before `before` count as read an hour after they came."""
    tx.execute("UPDATE messages SET read_at = created_at + INTERVAL '1 hour'"
               " WHERE created_at < ?", [before])


def mark_org_messages_read(tx: Tx, before: datetime) -> None:
    """ORG messages older than `before` start read, so the inbox shows what is new."""
    tx.execute(
        "UPDATE messages SET read_at = created_at WHERE read_at IS NULL AND created_at < ?"
        " AND case_id IN (SELECT id FROM cases WHERE kind IN ('org', 'care'))", [before])
