"""Read queries behind lists and search (the indicators' rows: :mod:`.figures`). Results are
plain dicts (JSON decoded)."""

from __future__ import annotations

from typing import Any

from ctxh_desktop.core.errors import UserError
from ctxh_desktop.core.text import digits, search_words
from ctxh_desktop.i18n import _
from ctxh_desktop.storage.store import Store, decode_row

PERSON_LIST_COLUMNS = (
    "id, full_name, gender, birth_date, phone, id_number, address_detail, address_commune,"
    " ethnicity, household_status, commune"
)


def fts_query(text: str) -> str | None:
    """An FTS5 query: every folded word of ``text`` as a prefix, all required (``None``: no words)."""
    words = search_words(text)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def _searchable(store: Store) -> None:
    """An office keeps no search index (see ``schema._trigger_sql``): say so rather than find
    nothing."""
    if store.kind == "office":
        raise UserError(
            _(
                "Máy của đơn vị tiếp nhận không tìm người theo tên: tên từ các xã chỉ còn chữ viết tắt."
                " Hãy xem hồ sơ theo từng xã."
            )
        )


def commune_filter(commune: str | list[str] | None, alias: str = "") -> tuple[str, list]:
    """`` AND commune = ?`` for one commune, `` AND commune IN (…)`` for a list, nothing for none."""
    if isinstance(commune, list):
        return f" AND {alias}commune IN ({', '.join('?' * len(commune))})", list(commune)
    if not commune:
        return "", []
    return f" AND {alias}commune = ?", [commune]


# -- people --------------------------------------------------------------------------------
def list_people(
    store: Store, query: str = "", offset: int = 0, limit: int = 200, commune: str | None = None
) -> list[dict[str, Any]]:
    """A page of live people in register order (given name first), also when searching."""
    match = fts_query(query)
    where, params = commune_filter(commune, "p.")
    if match is None:
        return store.rows(
            f"SELECT {PERSON_LIST_COLUMNS} FROM person p WHERE deleted = 0 AND merged_into IS NULL"
            f"{where} ORDER BY ctxh_sortkey(full_name) LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
    _searchable(store)
    cols = ", ".join(f"p.{c.strip()}" for c in PERSON_LIST_COLUMNS.split(","))
    # Register order even when searching: walking the name-order index and keeping the matches is
    # fast at 100,000 people, where sorting every match of a short prefix is not.
    return store.rows(
        f"SELECT {cols} FROM person p INDEXED BY person_sort"
        " WHERE p.deleted = 0 AND p.merged_into IS NULL"
        f" AND p.rowid IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ?){where}"
        " ORDER BY ctxh_sortkey(p.full_name) LIMIT ? OFFSET ?",
        [match, *params, limit, offset],
    )


def count_people(store: Store, query: str = "", commune: str | None = None) -> int:
    """How many live people match ``query`` (all when empty)."""
    match = fts_query(query)
    where, params = commune_filter(commune)
    if match is None:
        return store.scalar(
            f"SELECT count(*) FROM person WHERE deleted = 0 AND merged_into IS NULL{where}", params
        )
    _searchable(store)
    where, params = commune_filter(commune, "p.")
    return store.scalar(
        "SELECT count(*) FROM person_fts f JOIN person p ON p.rowid = f.rowid"
        f" WHERE person_fts MATCH ?{where}",
        [match, *params],
    )


def people_like(
    store: Store, full_name: str, birth_year: str | None, id_number: str | None, phone: str | None
) -> list[dict[str, Any]]:
    """Candidates for a duplicate check: same ID number or phone, or same folded name."""
    found: dict[str, dict[str, Any]] = {}
    for column, value in (("id_number", digits(id_number)), ("phone", digits(phone))):
        if value:
            for row in store.rows(
                f"SELECT {PERSON_LIST_COLUMNS} FROM person WHERE deleted = 0 AND {column} = ?",
                [value],
            ):
                found[row["id"]] = row
    match = fts_query(full_name)
    if match:
        for row in store.rows(
            f"SELECT {', '.join('p.' + c.strip() for c in PERSON_LIST_COLUMNS.split(','))}"
            " FROM person_fts f JOIN person p ON p.rowid = f.rowid WHERE person_fts MATCH ?"
            " LIMIT 50",
            [match],
        ):
            found.setdefault(row["id"], row)
    return list(found.values())


# -- cases ---------------------------------------------------------------------------------
CASE_LIST_COLUMNS = (
    "c.id, c.code, c.kind, c.step, c.status, c.received_at, c.emergency, c.risk_level,"
    " c.person_id, c.plan_drafted_at, c.plan_approved_at, c.separation_start, c.separation_end,"
    " c.returned_at, c.last_contact_at, c.assessed_at, c.closed_at, c.commune,"
    " p.full_name AS person_name"
)


#: The ``status`` filter of cases whose plan waits for the chairman's decision.
AWAITING_DECISION = "awaiting_decision"


def _case_filters(
    kind: str | None, step: str | None, status: str | None, query: str, commune: str | None
) -> tuple[str, str, list]:
    joins = "FROM case_file c LEFT JOIN person p ON p.id = c.person_id"
    clauses = ["c.deleted = 0"]
    params: list[Any] = []
    if status == AWAITING_DECISION:  # a drafted plan neither approved nor returned since
        status = "open"
        clauses.append(
            "c.plan_drafted_at IS NOT NULL AND c.plan_approved_at IS NULL"
            " AND json_extract(c.plan, '$.sent_back_at') IS NULL"
        )
    for column, value in (("kind", kind), ("step", step), ("status", status), ("commune", commune)):
        if value:
            clauses.append(f"c.{column} = ?")
            params.append(value)
    match = fts_query(query)
    if match:
        joins = "FROM case_fts f JOIN case_file c ON c.rowid = f.rowid LEFT JOIN person p ON p.id = c.person_id"
        clauses.append("case_fts MATCH ?")
        params.append(match)
    return joins, " AND ".join(clauses), params


def list_cases(
    store: Store,
    kind: str | None = None,
    step: str | None = None,
    status: str | None = None,
    query: str = "",
    offset: int = 0,
    limit: int = 200,
    commune: str | None = None,
) -> list[dict[str, Any]]:
    """A page of cases, newest first (best match first when searching)."""
    joins, where, params = _case_filters(kind, step, status, query, commune)
    order = "f.rank, c.received_at DESC" if fts_query(query) else "c.received_at DESC"
    rows = store.rows(
        f"SELECT {CASE_LIST_COLUMNS} {joins} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [decode_row("case_file", r) for r in rows]


def count_cases(
    store: Store,
    kind: str | None = None,
    step: str | None = None,
    status: str | None = None,
    query: str = "",
    commune: str | None = None,
) -> int:
    """How many cases match the filters."""
    joins, where, params = _case_filters(kind, step, status, query, commune)
    return store.scalar(f"SELECT count(*) {joins} WHERE {where}", params)


def case_events(store: Store, case_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Live events per case, oldest first (all cases when ``case_ids`` is ``None``)."""
    sql = (
        "SELECT case_id, id, at, kind, step, summary, narrative, sensitive, corrects, correction"
        " FROM case_event WHERE deleted = 0"
    )
    params: list[Any] = []
    if case_ids is not None:
        if not case_ids:
            return {}
        sql += f" AND case_id IN ({', '.join('?' * len(case_ids))})"
        params = list(case_ids)
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.rows(sql + " ORDER BY case_id, at, rowid", params):
        out.setdefault(row["case_id"], []).append(decode_row("case_event", row))
    return out


def events_of(
    store: Store, case_ids: list[str], end_moment: str = "9999"
) -> dict[str, list[dict[str, Any]]]:
    """``at``, ``kind`` and ``step`` of the live events of each case up to ``end_moment``,
    oldest first, with ``id``, ``corrects`` and ``correction`` (a correcting event's)."""
    events: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start : start + 500]
        for row in store.rows(
            "SELECT case_id, id, at, kind, step, corrects, correction FROM case_event"
            f" WHERE deleted = 0 AND at <= ? AND case_id IN ({', '.join('?' * len(chunk))})"
            " ORDER BY case_id, at, rowid",
            [end_moment, *chunk],
        ):
            if row["correction"] is not None:
                row = decode_row("case_event", row)
            events.setdefault(row["case_id"], []).append(row)
    return events


def open_cases_with_events(store: Store, commune: str | None = None) -> list[dict[str, Any]]:
    """Every open case with its person's name (``person_name``) and its timeline (``events``:
    ``at``, ``kind`` and ``step`` of each live event, oldest first — what deadlines are computed
    from), for the to-do list and the report's annex of active cases."""
    where, params = commune_filter(commune, "c.")
    cases = [
        decode_row("case_file", r)
        for r in store.rows(
            "SELECT c.*, p.full_name AS person_name FROM case_file c"
            " LEFT JOIN person p ON p.id = c.person_id"
            f" WHERE c.deleted = 0 AND c.status = 'open'{where}",
            params,
        )
    ]
    events = events_of(store, [c["id"] for c in cases])
    for case in cases:
        case["events"] = events.get(case["id"], [])
    return cases


# -- search --------------------------------------------------------------------------------
#: How many matches of each kind are scored for one search (the rest are not looked at).
SEARCH_CANDIDATES = 150


def _relevance(words: list[str], name_words: list[str]) -> float:
    """How well a name answers the query words (all of which already match as prefixes):
    the whole name typed (100), the name starting with what was typed (50), and each query word
    that is a whole word of the name, in the same order (10 each); shorter names first."""
    wanted, name = " ".join(words), " ".join(name_words)
    score = 100.0 if name == wanted else 50.0 if name.startswith(wanted) else 0.0
    position = 0
    for word in words:
        try:
            position = name_words.index(word, position) + 1
            score += 10
        except ValueError:
            continue
    return score - len(name) / 100


def search(store: Store, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """People and cases matching every word of ``text`` (folded, prefixes), best first.

    FTS5 finds the matches (exact words first, then prefixes); at most ``SEARCH_CANDIDATES`` of
    each are scored by :func:`_relevance`, so a keystroke costs the same on 100,000 people as on
    1,000. "nguyen van duc" puts Nguyễn Văn Đức before Nguyễn Văn Đức Anh; an ID card or phone
    number typed in full puts its owner first.
    """
    match = fts_query(text)
    if match is None:
        return []
    _searchable(store)
    words = search_words(text)
    exact = " AND ".join(f'"{w}"' for w in words)
    person_sql = (
        "SELECT p.id, p.full_name, p.birth_date, p.commune, p.id_number, p.phone FROM person p"
        " WHERE p.rowid IN (SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT ?)"
        " AND p.deleted = 0 AND p.merged_into IS NULL"
    )
    people: dict[str, dict[str, Any]] = {}
    for query in (exact, match):
        for row in store.rows(person_sql, [query, SEARCH_CANDIDATES]):
            people.setdefault(row["id"], row)
    cases = store.rows(
        "SELECT c.id, c.code, c.commune, p.full_name, p.birth_date FROM case_file c"
        " LEFT JOIN person p ON p.id = c.person_id"
        " WHERE c.rowid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ? LIMIT ?) AND c.deleted = 0",
        [match, SEARCH_CANDIDATES],
    )
    typed_digits = "".join(words) if "".join(words).isdigit() else ""
    results: list[dict[str, Any]] = []
    for row in people.values():
        score = _relevance(words, search_words(row["full_name"]))
        if typed_digits and typed_digits in (digits(row["id_number"]), digits(row["phone"])):
            score += 100
        results.append(
            {
                "kind": "person",
                "id": row["id"],
                "name": row["full_name"],
                "birth": row["birth_date"],
                "commune": row["commune"],
                "score": round(score, 3),
            }
        )
    for row in cases:
        code = search_words(row["code"])
        score = 100.0 if code == words else _relevance(words, code + search_words(row["full_name"]))
        results.append(
            {
                "kind": "case",
                "id": row["id"],
                "name": f"{row['code']} — {row['full_name'] or ''}".strip(" —"),
                "birth": row["birth_date"],
                "commune": row["commune"],
                "score": round(score, 3),
            }
        )
    results.sort(key=lambda r: (-r["score"], r["name"]))
    return results[:limit]


def decoded_rows(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``table`` as services see them (JSON decoded, flags as booleans)."""
    return [decode_row(table, r) for r in rows]


#: Stands for "registered before the period" in pre-aggregated people rows.
def last_case_number(store: Store, year: str, suffix: str) -> int | None:
    """The highest running number of the cases coded ``<year>-NNNN-<suffix>``, or ``None``."""
    value = store.scalar(
        "SELECT max(CAST(substr(code, 6, 4) AS INTEGER)) FROM case_file"
        " WHERE code LIKE ? AND code LIKE ?",
        [f"{year}-%", f"%-{suffix}"],
    )
    return None if value is None else int(value)
