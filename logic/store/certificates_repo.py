"""SQL for certificate types, patients, certificates, questions with Försäkringskassan and the
CERT-2 prerequisites (bound parameters only; column names only from fixed sets)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from logic.store.db import Tx
from logic.store.update import guarded_update

# ---------------------------------------------------------------- types (CERT-1)


def types(tx: Tx, active_only: bool = True) -> list[dict]:
    where = "WHERE active" if active_only else ""
    return tx.rows(f"SELECT * FROM certificate_types {where} ORDER BY sort, code")


def type_row(tx: Tx, code: str) -> dict | None:
    return tx.row("SELECT * FROM certificate_types WHERE code = ?", [code])


def type_count(tx: Tx) -> int:
    return int(tx.scalar("SELECT count(*) FROM certificate_types"))


def upsert_type(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO certificate_types (code, name_sv, name_en, name_da, authority, mina_intyg, staff_send,"
        " auto_send, sort, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (code) DO UPDATE SET name_sv = excluded.name_sv, name_en = excluded.name_en,"
        " name_da = excluded.name_da,"
        " authority = excluded.authority, mina_intyg = excluded.mina_intyg,"
        " staff_send = excluded.staff_send, auto_send = excluded.auto_send, sort = excluded.sort,"
        " active = excluded.active",
        [row["code"], row["name_sv"], row["name_en"], row.get("name_da"), row["authority"], bool(row["mina_intyg"]),
         bool(row["staff_send"]), bool(row["auto_send"]), int(row.get("sort", 0)),
         bool(row.get("active", True))])


def fill_type_danish(tx: Tx, code: str, name_sv: str, name_da: str) -> None:
    """A shipped certificate type without a Danish name gets the shipped one."""
    tx.execute("UPDATE certificate_types SET name_da = ? WHERE code = ? AND name_da IS NULL AND name_sv = ?",
               [name_da, code, name_sv])


# ---------------------------------------------------------------- patients


def patient(tx: Tx, patient_id: str) -> dict | None:
    return tx.row("SELECT * FROM patients WHERE id = ?", [patient_id])


def insert_patient(tx: Tx, row: dict[str, Any]) -> None:
    tx.execute(
        "INSERT INTO patients (id, id_kind, name, protected_identity, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [row["id"], row["id_kind"], row["name"], bool(row.get("protected_identity")),
         row["created_at"], row["created_by"]])


# ---------------------------------------------------------------- prerequisites (CERT-2)


def prerequisites(tx: Tx, username: str, unit_id: str) -> dict:
    row = tx.row(
        "SELECT u.prescriber_code, r.protected_title, coalesce(r.webcert, FALSE) AS webcert,"
        " (SELECT workplace_code FROM units WHERE id = ?) AS workplace_code,"
        " EXISTS (SELECT 1 FROM care_assignments a WHERE a.username = u.username AND a.unit_id = ?"
        "         AND a.purpose = 'vard_och_behandling') AS care_assignment,"
        " EXISTS (SELECT 1 FROM cert_unit_contracts k WHERE k.unit_id = ? AND k.connected) AS service_contract"
        " FROM users u LEFT JOIN cert_user_rights r ON r.username = u.username"
        " WHERE u.username = ?", [unit_id, unit_id, unit_id, username])
    return row or {"prescriber_code": None, "protected_title": None, "webcert": False,
                   "workplace_code": None, "care_assignment": False, "service_contract": False}


def prerequisites_on_units(tx: Tx, username: str, unit_ids: list[str]) -> dict[str, dict]:
    """prerequisites() of one user on each of several units, in one query (unit id -> row)."""
    if not unit_ids:
        return {}
    rows = tx.rows(
        "SELECT x.id AS unit_id, u.prescriber_code, r.protected_title, coalesce(r.webcert, FALSE) AS webcert,"
        " x.workplace_code,"
        " EXISTS (SELECT 1 FROM care_assignments a WHERE a.username = u.username AND a.unit_id = x.id"
        "         AND a.purpose = 'vard_och_behandling') AS care_assignment,"
        " EXISTS (SELECT 1 FROM cert_unit_contracts k WHERE k.unit_id = x.id AND k.connected) AS service_contract"
        " FROM users u LEFT JOIN cert_user_rights r ON r.username = u.username,"
        " (SELECT id, workplace_code FROM units WHERE id = ANY(?)) x"
        " WHERE u.username = ?", [list(unit_ids), username])
    return {row.pop("unit_id"): row for row in rows}


def rights_overview(tx: Tx) -> list[dict]:
    """Every user with a physician role: title, webcert, care assignments, prescriber code."""
    return tx.rows(
        "SELECT u.username, u.name, u.prescriber_code, r.protected_title,"
        " coalesce(r.webcert, FALSE) AS webcert,"
        " (SELECT array_agg(unit_id ORDER BY unit_id) FROM user_units x WHERE x.username = u.username) AS units,"
        " (SELECT array_agg(unit_id ORDER BY unit_id) FROM care_assignments a"
        "   WHERE a.username = u.username AND a.purpose = 'vard_och_behandling') AS care_units"
        " FROM users u LEFT JOIN cert_user_rights r ON r.username = u.username"
        " WHERE EXISTS (SELECT 1 FROM user_roles ur WHERE ur.username = u.username AND ur.role = 'physician')"
        " ORDER BY u.username")


RIGHTS_SELECT = (
    "SELECT u.username, r.protected_title, coalesce(r.webcert, FALSE) AS webcert,"
    " coalesce((SELECT array_agg(a.unit_id ORDER BY a.unit_id) FROM care_assignments a"
    "   WHERE a.username = u.username AND a.purpose = 'vard_och_behandling'), ARRAY[]::VARCHAR[]) AS care_units"
    " FROM users u LEFT JOIN cert_user_rights r ON r.username = u.username")


def all_rights(tx: Tx, keys: list[tuple] | None = None) -> list[dict]:
    """The cert_rights kind's rows: every physician, and every user with rights recorded, with
    protected title, webcert and care units (the asked-for users too, whatever their roles)."""
    return tx.rows(
        RIGHTS_SELECT + " WHERE r.username IS NOT NULL OR u.username = ANY(?)"
        " OR EXISTS (SELECT 1 FROM user_roles ur WHERE ur.username = u.username AND ur.role = 'physician')"
        " ORDER BY u.username", [[str(k[0]) for k in keys or []]])


def user_rights(tx: Tx, username: str) -> dict | None:
    return tx.row(RIGHTS_SELECT + " WHERE u.username = ?", [username])


def user_unit_ids(tx: Tx, username: str) -> list[dict]:
    return tx.rows("SELECT unit_id FROM user_units WHERE username = ? ORDER BY unit_id", [username])


def set_rights(tx: Tx, username: str, protected_title: str | None, webcert: bool) -> None:
    tx.execute(
        "INSERT INTO cert_user_rights (username, protected_title, webcert) VALUES (?, ?, ?)"
        " ON CONFLICT (username) DO UPDATE SET protected_title = excluded.protected_title,"
        " webcert = excluded.webcert", [username, protected_title, webcert])


def set_care_units(tx: Tx, username: str, unit_ids: list[str]) -> None:
    tx.execute("DELETE FROM care_assignments WHERE username = ? AND purpose = 'vard_och_behandling'",
               [username])
    for unit_id in sorted(set(unit_ids)):
        tx.execute("INSERT INTO care_assignments VALUES (?, ?, 'vard_och_behandling')", [username, unit_id])


def set_workplace_code(tx: Tx, unit_id: str, code: str | None) -> None:
    tx.execute("UPDATE units SET workplace_code = ? WHERE id = ?", [code, unit_id])


def service_contracts(tx: Tx) -> dict[str, bool]:
    """CERT-18: unit id -> connected to the service contract (a unit without a row is not)."""
    return {r["unit_id"]: bool(r["connected"]) for r in tx.rows("SELECT unit_id, connected FROM cert_unit_contracts")}


def set_service_contract(tx: Tx, unit_id: str, connected: bool, at: datetime, by: str) -> None:
    tx.execute(
        "INSERT INTO cert_unit_contracts (unit_id, connected, changed_at, changed_by) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (unit_id) DO UPDATE SET connected = excluded.connected,"
        " changed_at = excluded.changed_at, changed_by = excluded.changed_by", [unit_id, connected, at, by])


def physicians_on_unit(tx: Tx, unit_id: str) -> list[dict]:
    return tx.rows(
        "SELECT u.username, u.name FROM users u"
        " JOIN user_units x ON x.username = u.username AND x.unit_id = ?"
        " JOIN user_roles r ON r.username = u.username AND r.role = 'physician'"
        " WHERE u.active ORDER BY u.name", [unit_id])


# ---------------------------------------------------------------- certificates

DETAIL_COLUMNS = ("case_id", "type_code", "patient_id", "content", "started_at", "locked_at",
                  "signed_at", "signed_by", "in_mina_intyg", "sent_at", "sent_by", "recipient",
                  "consent_confirmed", "paper_to_police", "handed_to_police_at", "voided_at",
                  "voided_by", "void_reason", "deleted_at", "deleted_by", "copied_from",
                  "replaces", "replaced_by", "completes", "completed_by")
UPDATABLE = set(DETAIL_COLUMNS) - {"case_id", "type_code", "patient_id"}


def insert_certificate(tx: Tx, row: dict[str, Any]) -> None:
    cols = [c for c in DETAIL_COLUMNS if c in row]
    tx.execute(f"INSERT INTO certificates ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
               [row[c] for c in cols])


def update_certificate(tx: Tx, case_id: str, fields: dict[str, Any]) -> None:
    guarded_update(tx, "certificates", "case_id", case_id, fields, UPDATABLE)


_SELECT = (
    "SELECT c.*, d.*, t.name_sv AS type_name_sv, t.name_en AS type_name_en, t.name_da AS type_name_da,"
    " t.authority,"
    " t.mina_intyg, t.staff_send, t.auto_send,"
    " p.name AS patient_name, p.id_kind AS patient_id_kind, p.protected_identity,"
    " un.name AS unit_name, un.code AS unit_code, un.workplace_code,"
    " ua.name AS assignee_name, us.name AS signed_by_name, us.title AS signed_by_title,"
    " us.prescriber_code AS signed_by_prescriber_code,"
    " EXISTS (SELECT 1 FROM imported_cases i WHERE i.case_id = c.id) AS imported"   # IMP-9: metadata only
    " FROM cases c JOIN certificates d ON d.case_id = c.id"
    " JOIN certificate_types t ON t.code = d.type_code"
    " JOIN patients p ON p.id = d.patient_id"
    " LEFT JOIN units un ON un.id = c.unit_id"
    " LEFT JOIN users ua ON ua.username = c.assignee"
    " LEFT JOIN users us ON us.username = d.signed_by")


def certificate(tx: Tx, case_id: str) -> dict | None:
    return tx.row(_SELECT + " WHERE c.id = ?", [case_id])


def for_patient(tx: Tx, patient_id: str) -> list[dict]:
    """CERT-12: the patient's certificates, newest first (deleted drafts are gone)."""
    return tx.rows(_SELECT + " WHERE d.patient_id = ? AND c.status <> 'deleted'"
                   " ORDER BY c.created_at DESC, c.id DESC", [patient_id])


def _work_list(tx: Tx, where: str, order: str, assignee: str | None, unit_ids: list[str] | None,
               limit: int) -> list[dict]:
    """One work list's certificates: `where`, narrowed to the responsible `assignee` and/or the
    units `unit_ids` (None: no narrowing), in `order`, at most `limit`."""
    sql = [_SELECT, "WHERE c.kind = 'certificate' AND", where]
    params: list[Any] = []
    if assignee is not None:
        sql.append("AND c.assignee = ?")
        params.append(assignee)
    if unit_ids is not None:
        sql.append("AND c.unit_id = ANY(?)")
        params.append(unit_ids)
    sql.append(f"ORDER BY {order} LIMIT ?")
    params.append(limit)
    return tx.rows(" ".join(sql), params)


def drafts(tx: Tx, *, assignee: str | None = None, unit_ids: list[str] | None = None,
           limit: int = 500) -> list[dict]:
    """'Att signera': open drafts (the lock is derived by the caller)."""
    return _work_list(tx, "c.status IN ('empty', 'draft', 'locked')", "c.created_at", assignee, unit_ids, limit)


def signed_unsent(tx: Tx, *, assignee: str | None = None, unit_ids: list[str] | None = None,
                  limit: int = 500) -> list[dict]:
    """'Signerade, ej skickade' (CERT-19): signed, not sent, not replaced (whether it can be
    sent is the rules' to judge)."""
    return _work_list(tx, "c.status = 'signed' AND d.replaced_by IS NULL", "d.signed_at", assignee, unit_ids,
                      limit)


# ---------------------------------------------------------------- questions (CERT-11)

QUESTION_UPDATABLE = {"status", "answer", "answered_at", "answered_by", "handled_at", "handled_by",
                      "answered_with"}


def insert_question(tx: Tx, row: dict[str, Any]) -> int:
    return int(tx.scalar(
        "INSERT INTO cert_questions (case_id, direction, kind, topic, text, reply_by, created_at,"
        " created_by, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [row["case_id"], row["direction"], row["kind"], row["topic"], row["text"], row.get("reply_by"),
         row["created_at"], row["created_by"], row["status"]]))


def question(tx: Tx, question_id: int) -> dict | None:
    return tx.row("SELECT * FROM cert_questions WHERE id = ?", [question_id])


def questions(tx: Tx, case_id: str) -> list[dict]:
    return tx.rows("SELECT * FROM cert_questions WHERE case_id = ? ORDER BY created_at, id", [case_id])


def update_question(tx: Tx, question_id: int, fields: dict[str, Any]) -> None:
    guarded_update(tx, "cert_questions", "id", question_id, fields, QUESTION_UPDATABLE)


def completing_drafts(tx: Tx, case_id: str) -> list[dict]:
    """CERT-13: drafts that complete `case_id` (not deleted; the caller derives the lock)."""
    return tx.rows(
        "SELECT c.id, c.status, c.created_at FROM certificates d JOIN cases c ON c.id = d.case_id"
        " WHERE d.completes = ? AND c.status IN ('empty', 'draft') ORDER BY c.created_at, c.id", [case_id])


def unhandled_count(tx: Tx, case_id: str) -> int:
    return int(tx.scalar(
        "SELECT count(*) FROM cert_questions WHERE case_id = ? AND handled_at IS NULL", [case_id]))


def open_questions_on_units(tx: Tx, unit_ids: list[str]) -> list[dict]:
    """Every question not yet marked Hanterad, on certificates of the given units."""
    return tx.rows(
        "SELECT q.*, c.unit_id, c.assignee, ua.name AS assignee_name, d.patient_id,"
        " p.name AS patient_name, p.protected_identity, t.name_sv AS type_name_sv,"
        " t.name_en AS type_name_en, t.name_da AS type_name_da"
        " FROM cert_questions q JOIN cases c ON c.id = q.case_id"
        " JOIN certificates d ON d.case_id = q.case_id"
        " JOIN patients p ON p.id = d.patient_id"
        " JOIN certificate_types t ON t.code = d.type_code"
        " LEFT JOIN users ua ON ua.username = c.assignee"
        " WHERE q.handled_at IS NULL AND c.unit_id = ANY(?)"
        " ORDER BY q.case_id, q.created_at, q.id", [unit_ids])


# ---------------------------------------------------------------- the FK simulator


def sent_to_fk(tx: Tx, limit: int = 200) -> list[dict]:
    """Certificates Försäkringskassan has received (no patient data: the simulator is FK)."""
    return tx.rows(
        "SELECT c.id, c.unit_id, c.status, d.type_code, t.name_sv AS type_name_sv,"
        " t.name_en AS type_name_en, t.name_da AS type_name_da, d.sent_at, d.completes,"
        " (SELECT count(*) FROM cert_questions q WHERE q.case_id = c.id AND q.handled_at IS NULL) AS open_questions"
        " FROM cases c JOIN certificates d ON d.case_id = c.id"
        " JOIN certificate_types t ON t.code = d.type_code"
        " WHERE c.status = 'sent' AND d.recipient = 'FK' ORDER BY d.sent_at DESC NULLS LAST, c.id LIMIT ?", [limit])


def waiting_for_fk(tx: Tx) -> list[dict]:
    return tx.rows(
        "SELECT q.*, t.name_sv AS type_name_sv, t.name_en AS type_name_en, t.name_da AS type_name_da"
        " FROM cert_questions q"
        " JOIN certificates d ON d.case_id = q.case_id JOIN certificate_types t ON t.code = d.type_code"
        " WHERE q.direction = 'outgoing' AND q.status = 'waiting_for_authority'"
        " ORDER BY q.created_at, q.id")


# ---------------------------------------------------------------- dashboard figures


def open_drafts_created(tx: Tx, unit_ids: list[str] | None = None) -> list[dict]:
    sql = ("SELECT c.id, c.unit_id, c.created_at FROM cases c WHERE c.kind = 'certificate'"
           " AND c.status IN ('empty', 'draft', 'locked')")
    if unit_ids is None:
        return tx.rows(sql)
    return tx.rows(sql + " AND c.unit_id = ANY(?)", [unit_ids])


def signed_and_sent_between(tx: Tx, start: datetime, end: datetime,
                            unit_ids: list[str] | None = None) -> list[dict]:
    sql = ("SELECT d.signed_at, d.sent_at FROM certificates d JOIN cases c ON c.id = d.case_id"
           " WHERE ((d.signed_at >= ? AND d.signed_at < ?) OR (d.sent_at >= ? AND d.sent_at < ?))")
    params: list[Any] = [start, end, start, end]
    if unit_ids is not None:
        sql += " AND c.unit_id = ANY(?)"
        params.append(unit_ids)
    return tx.rows(sql, params)


def overdue_questions(tx: Tx, today: date, unit_ids: list[str] | None = None) -> list[dict]:
    sql = ("SELECT q.id, q.case_id, q.kind, q.reply_by, c.unit_id FROM cert_questions q"
           " JOIN cases c ON c.id = q.case_id"
           " WHERE q.handled_at IS NULL AND q.status = 'waiting_for_care' AND q.reply_by < ?")
    params: list[Any] = [today]
    if unit_ids is not None:
        sql += " AND c.unit_id = ANY(?)"
        params.append(unit_ids)
    return tx.rows(sql + " ORDER BY q.reply_by, q.id", params)
