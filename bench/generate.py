"""Realistic generated history for the benchmarks: 100k, 1M, up to 10M cases.

What it models (fixed seed, so every run builds the same data):
- kinds: deviations 72 %, repairs 12 %, certificates 8 %, organisational 4 %, urgent 4 %;
- deviations: event types reklamation 50 % / tillbud 38 % / negativ händelse 12 %, categories
  per event type with skewed weights, 40 service sites with Zipf-like volumes, ~1 500
  articles of ~20 device types with Zipf popularity, individual numbers for
  individual-classified devices, patients (valid personnummer, fictional name combinations);
- Swedish text built from phrase banks (compound words such as "länkhjulsgaffel" and
  "infusionspump" included), ~3 % of cases with a less common part word, and one truly rare
  word (RARE_TERM) in exactly three cases spread over the whole history;
- time: volume growing over the years, fewer cases at weekends, office hours; cases older
  than a few weeks are mostly closed (log-normal time to close, median ~9 days), reports to
  the manufacturer / Läkemedelsverket recorded on about a third of closed avvikelser;
- numbers: AV/RE + ISO year + ISO week + four-digit sequence (DEV-10), so at most 9 999 a
  week: the history is made long enough for that (6 years at 1M, 18 at 10M).

Rows are written with DataFrame inserts in chunks (never an execute loop), then the search
index is built set-based with the same SQL the app uses (search_compact.rebuild).
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from logic.store import search_compact
from logic.store.db import Database

SEED = 4711
NOW_UTC = datetime(2026, 11, 20, 11, 0)      # 12:00 in Stockholm, the tests' "now"
RARE_TERM = "kvicksilverläckage"
WEEKLY_CAP = 8000                             # keep well under the 9 999 a week of DEV-10
CHUNK = 500_000

KIND_SHARES = {"deviation": 0.72, "repair": 0.12, "certificate": 0.08, "org": 0.04, "urgent": 0.04}
EVENT_SHARES = {"reklamation": 0.50, "tillbud": 0.38, "negativ_handelse": 0.12}
CATEGORIES = {  # code, Swedish name, weight
    "negativ_handelse": [("fall", "Fallolycka", 30), ("klamskada", "Klämskada", 15),
                         ("hudskada", "Tryck- eller hudskada", 15),
                         ("fel_hjalpmedel", "Fel eller brist på hjälpmedlet", 25),
                         ("anpassning", "Felaktig anpassning eller instruktion", 10), ("annat", "Annat", 5)],
    "tillbud": [("risk_fall", "Risk för fall", 30), ("risk_klam", "Risk för klämskada", 10),
                ("komponent", "Trasig eller lös komponent", 35),
                ("konstruktion", "Konstruktions- eller materialfel", 12),
                ("anpassning", "Felaktig anpassning eller montering", 8), ("annat", "Annat", 5)],
    "reklamation": [("felleverans", "Felleverans", 15), ("drojsmal", "Dröjsmål i leverans", 20),
                    ("fel_brist", "Fel eller brist på hjälpmedel", 40),
                    ("tjanst", "Brist i utförd tjänst", 10),
                    ("tillbehor", "Saknade tillbehör eller dokumentation", 10), ("annat", "Annat", 5)],
}

# device type (as in running text), definite form, weight, individual-classified, parts
DEVICE_TYPES = [
    ("rullstol", "rullstolen", 20, True, ["länkhjulsgaffel", "drivhjul", "broms", "armstöd", "fotstöd",
                                          "ryggstöd", "länkhjul", "tippskydd", "ekerskydd"]),
    ("elrullstol", "elrullstolen", 6, True, ["joystick", "batteri", "laddare", "motor", "styrbox",
                                              "drivhjul", "broms", "ryggvinkling"]),
    ("rollator", "rollatorn", 18, True, ["broms", "bromsvajer", "handtag", "korg", "framhjul", "sits"]),
    ("personlyft", "personlyften", 6, True, ["lyftarm", "batteri", "motor", "nödsänkning", "hjul",
                                              "handkontroll"]),
    ("lyftsele", "lyftselen", 5, False, ["söm", "benbygel", "lyftband", "spänne"]),
    ("vårdsäng", "vårdsängen", 8, True, ["motor", "sänggrind", "handkontroll", "höjdreglering",
                                          "ryggdel", "hjullås"]),
    ("hygienstol", "hygienstolen", 5, True, ["tippfunktion", "hjul", "broms", "armstöd", "sits"]),
    ("duschpall", "duschpallen", 4, False, ["ben", "sits", "ryggstöd", "gummifot"]),
    ("infusionspump", "infusionspumpen", 3, True, ["larm", "display", "batteri", "slangset", "droppsensor"]),
    ("kryckkäpp", "kryckkäppen", 4, False, ["låsknapp", "gummidopp", "handtag"]),
    ("antidecubitusmadrass", "antidecubitusmadrassen", 4, True, ["pump", "luftcell", "slang", "överdrag"]),
    ("gåbord", "gåbordet", 3, True, ["broms", "höjdreglering", "hjul", "underarmsstöd"]),
    ("toalettförhöjning", "toalettförhöjningen", 2, False, ["fäste", "armstöd"]),
    ("trappklättrare", "trappklättraren", 1, True, ["motor", "batteri", "broms", "bälte"]),
    ("ståstöd", "ståstödet", 2, True, ["knästöd", "motor", "hjul"]),
    ("syrgaskoncentrator", "syrgaskoncentratorn", 2, True, ["larm", "filter", "kompressor", "slang"]),
    ("sittdyna", "sittdynan", 3, False, ["överdrag", "ventil", "luftcell"]),
    ("griptång", "griptången", 1, False, ["käft", "handtag"]),
    ("ramp", "rampen", 1, False, ["fäste", "halkskydd"]),
    ("hörselslinga", "hörselslingan", 1, True, ["förstärkare", "kabel"]),
]
BRANDS = ["Cross", "Vega", "Nordic", "Atlas", "Polar", "Linnea", "Saga", "Fjäll", "Orion", "Tellus",
          "Mira", "Kosmo", "Vida", "Stella", "Tundra", "Birka", "Ymer", "Freja", "Sirius", "Alva"]
MAKERS = ["AB", "Medical AB", "Rehab AB", "Hjälpmedel AB", "Care Nordic AB"]

FAULTS = [  # verb phrase, adjective (title form)
    ("släpper", "Släppande"), ("lossnar", "Lös"), ("har gått sönder", "Trasig"), ("kärvar", "Kärvande"),
    ("fungerar inte", "Defekt"), ("låser sig", "Låst"), ("har spruckit", "Sprucken"), ("är böjd", "Böjd"),
    ("glappar", "Glappande"), ("larmar utan orsak", "Larmande"), ("laddar inte", "Oladdad"),
    ("läcker luft", "Läckande"), ("saknades vid leverans", "Saknad"), ("gnisslar", "Gnisslande"),
    ("har rostat", "Rostig"), ("är felmonterad", "Felmonterad"),
]
SITUATIONS = ["förflyttning från säng till rullstol", "promenad utomhus", "dusch", "lyft från golvet",
              "transport i bil", "nattligt toalettbesök", "träning med fysioterapeut", "utevistelse i snö",
              "förflyttning i trappan", "måltid", "av- och påklädning", "besök på dagverksamheten"]
INJURY = {
    "negativ_handelse": ["Patienten föll och slog i höften.", "Patienten fick ett blåmärke på armen.",
                         "Patienten fick en klämskada i fingret.", "Patienten fick en tryckskada på hälen.",
                         "Patienten fick ett skrapsår på underbenet och omplåstrades."],
    "tillbud": ["Patienten var nära att falla men kunde hålla sig i.", "Ingen skada uppstod.",
                "Personalen hann stödja patienten.", "Patienten skadades inte men blev rädd."],
    "reklamation": ["Ingen risk för patienten.", "Ingen skada, brukaren saknar hjälpmedlet.", ""],
}
ACTIONS = ["Tekniker har bytt {part}.", "Hjälpmedlet har skickats till hjälpmedelscentralen.",
           "Ersättningshjälpmedel har förskrivits.", "Personalen har informerats om rätt användning.",
           "{Part} har justerats på plats.", "Hjälpmedlet är taget ur bruk i väntan på service.",
           "Leverantören är kontaktad."]
COMPLAINTS = ["Levererad {type} hade fel storlek.", "Leveransen försenades {n} veckor.",
              "Bruksanvisning saknades vid leveransen.", "Fel modell av {type} levererades."]
RARE_PREFIX = ["kolfiber", "titan", "magnet", "silikon", "gummi", "aluminium", "stål", "plast", "kardan",
               "hydraul", "pneumatik", "termo", "spiral", "kuggstångs", "teleskop", "kul", "nål", "fjäder"]
RARE_SUFFIX = ["ventilen", "bussningen", "fjädern", "skruven", "axeln", "packningen", "kopplingen",
               "reläet", "säkringen", "lagret", "bromsbackarna", "ekrarna", "muttern", "klämman"]
LOCATIONS = ["I hemmet", "På boendet", "På promenad", "På avdelningen", "I badrummet",
             "Vid förflyttning i sovrummet", "På dagverksamheten", "I trapphuset", "I bilen"]
FIRST = ["Tolvan", "Elsa", "Testa", "Demo", "Provi", "Saga", "Ebbe", "Maj", "Ture", "Signe", "Nils",
         "Greta", "Folke", "Ingrid", "Valter", "Astrid", "Birger", "Dagny", "Henning", "Solveig",
         "Ivar", "Märta", "Gunnar", "Karin", "Arvid", "Ester", "Helmer", "Svea", "Gösta", "Tyra"]
LAST = ["Tolvansson", "Exempelsson", "Testsson", "Demosson", "Provsson", "Fiktivsson", "Påhittsson",
        "Låtsasdotter", "Skenberg", "Drömlund", "Fantasiholm", "Inbillning", "Modellgren", "Mallström",
        "Provlund", "Testberg", "Exempelgren", "Fiktivholm", "Övningsson", "Prövlin"]
PLACES = ["Norr", "Söder", "Öster", "Väster", "Centrum", "Åby", "Ängby", "Björkhagen", "Ekdalen", "Lindås",
          "Strandvik", "Bergsjö", "Hagalund", "Mossen", "Tallbacken", "Furulund", "Ådala", "Kvarnby",
          "Sjöstaden", "Rosendal"]
SITE_KINDS = ["Vårdcentralen", "Hemsjukvården", "Rehab", "Korttidsboendet", "Äldreboendet"]


SIZES = {"100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}


def ensure_duck(label: str, n: int, log) -> str:
    """The generated DuckDB file of a size (built when missing or stale), without its SQLite peer."""
    duck = Path(__file__).resolve().parent / f"cases-{label}.duckdb"
    if stamp_of(str(duck)) != stamp(n):
        log(f"generating {n:,} cases into {duck.name} …")
        for p in (duck, duck.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        g = generate(str(duck), n, log=log)
        log(f"  done: {g.years} years of history in {g.seconds:.0f} s")
    return str(duck)


def stamp(n: int, seed: int = SEED) -> str:
    """Identifies what a generated file holds: this generator, the index code and schema."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"{n}:{seed}".encode())
    parts = ["bench/generate.py", "logic/store/search_shape.py", "logic/store/board_row.py",
             "logic/store/search_index.py", "logic/store/search_compact.py",
             *sorted(str(p.relative_to(root)) for p in (root / "logic/store/migrations").glob("*.sql"))]
    for part in parts:
        h.update((root / part).read_bytes())
    return h.hexdigest()[:16]


def stamp_of(path: str) -> str | None:
    """The stamp a generated file was written with (None: not a complete generated file)."""
    import duckdb

    if not Path(path).exists():
        return None
    try:
        con = duckdb.connect(path, read_only=True)
        try:
            return con.execute("SELECT stamp FROM bench_meta").fetchall()[0][0]
        finally:
            con.close()
    except (duckdb.Error, IndexError):
        return None


@dataclass
class Generated:
    path: str
    cases: int
    years: int
    seconds: float


def years_for(n: int) -> int:
    """Years of history for n cases: at least six, and enough that the busiest week stays
    under WEEKLY_CAP deviations. Volume doubles over the span (see _times), so the last weeks
    carry 4/3 of the average; without that factor 10M cases gave 10 318 in one week."""
    deviations = n * KIND_SHARES["deviation"]
    return max(6, math.ceil(deviations * 4 / 3 / (WEEKLY_CAP * 52)))


def _luhn(nine: np.ndarray) -> np.ndarray:
    """Check digits for an array of nine-digit strings' digits (shape n x 9)."""
    w = np.array([2, 1, 2, 1, 2, 1, 2, 1, 2])
    prod = nine * w
    prod = np.where(prod > 9, prod - 9, prod)
    return (10 - prod.sum(axis=1) % 10) % 10


def _person_ids(rng: np.random.Generator, k: int) -> list[str]:
    years = rng.integers(1925, 2016, k)
    days = pd.to_datetime(years.astype(str) + "-01-01") + pd.to_timedelta(rng.integers(0, 365, k), unit="D")
    serial = rng.integers(100, 999, k)
    yymmdd = days.strftime("%y%m%d").to_numpy()
    nine = [f"{a}{s:03d}" for a, s in zip(yymmdd, serial)]
    digits = np.array([[int(ch) for ch in x] for x in nine])
    check = _luhn(digits)
    full = days.strftime("%Y%m%d").to_numpy()
    return [f"{f}{s:03d}{c}" for f, s, c in zip(full, serial, check)]


def _times(rng: np.random.Generator, n: int, years: int) -> np.ndarray:
    """Sorted naive-UTC creation times: growing volume, quieter weekends, office hours."""
    span_days = int(years * 365.25)
    start = NOW_UTC - timedelta(days=span_days)
    a = 1.0                                     # volume doubles over the span
    u = rng.random(int(n * 1.4) + 1000)
    t = (-1 + np.sqrt(1 + a * (2 + a) * u)) / a  # inverse CDF of density (1 + a t)
    day = np.floor(t * span_days)
    weekday = (pd.Timestamp(start).dayofweek + day) % 7
    keep = (weekday < 5) | (rng.random(len(day)) < 0.3)
    day = day[keep][:n]
    hour = np.clip(rng.normal(10.5, 2.5, n), 5.5, 21.0) - 1.0   # local office hours -> UTC
    stamps = (np.datetime64(start.replace(hour=0, minute=0, second=0), "s")
              + (day * 86400 + hour * 3600).astype("int64").astype("timedelta64[s]"))
    stamps = np.minimum(stamps, np.datetime64(NOW_UTC, "s") - np.timedelta64(60, "s"))
    return np.sort(stamps)


def _numbers(created: pd.Series, prefix: str) -> list[str]:
    """DEV-10 numbers for rows sorted by time: prefix + ISO yy + week + sequence in the week."""
    local = created.dt.tz_localize("UTC").dt.tz_convert("Europe/Stockholm")
    iso = local.dt.isocalendar()
    key = ((iso["year"].astype("int64") % 100) * 100 + iso["week"].astype("int64")).to_numpy()
    pos = np.arange(len(key))
    first = np.searchsorted(key, key, side="left")
    seq = pos - first + 1
    if len(seq) and seq.max() > 9999:
        raise ValueError("more than 9 999 numbers in one ISO week; lengthen the history")
    return [f"{prefix}{k:04d}{s:04d}" for k, s in zip(key, seq)]


def _weights(k: int, s: float = 1.1) -> np.ndarray:
    w = 1.0 / np.arange(1, k + 1) ** s
    return w / w.sum()


class World:
    """Units, users, articles, devices and patients the cases refer to."""

    def __init__(self, rng: np.random.Generator, n: int):
        self.sites = [f"site-{1001 + i}" for i in range(40)]
        self.site_w = _weights(len(self.sites), 0.8)
        self.site_names = [f"{SITE_KINDS[i % len(SITE_KINDS)]} {PLACES[i % len(PLACES)]}"
                           + ("" if i < len(PLACES) else " 2") for i in range(len(self.sites))]
        self.per_site = max(5, n // 400 // len(self.sites))
        self.reporters = [f"r{i:05d}" for i in range(len(self.sites) * self.per_site)]
        # articles
        arts = []
        type_w = np.array([t[2] for t in DEVICE_TYPES], float)
        for ti, (typ, _d, _w, indiv, _p) in enumerate(DEVICE_TYPES):
            models = max(8, int(1500 * type_w[ti] / type_w.sum()))
            for m in range(models):
                brand = BRANDS[(ti * 7 + m) % len(BRANDS)]
                name = f"{typ.capitalize()} {brand} {chr(65 + m % 26)}{20 + (m * 7) % 60}"
                arts.append((f"{10000 + len(arts) * 37 % 89989:05d}{m % 10}", name, indiv,
                             f"{brand} {MAKERS[m % len(MAKERS)]}", ti))
        self.articles = arts
        order = rng.permutation(len(arts))
        w = np.zeros(len(arts))
        w[order] = _weights(len(arts), 1.0)
        self.article_w = w
        self.n_patients = max(500, n // 5)
        self.patients = _person_ids(rng, self.n_patients)
        names = rng.integers(0, len(FIRST), self.n_patients), rng.integers(0, len(LAST), self.n_patients)
        self.patient_names = [f"{FIRST[a]} {LAST[b]}" for a, b in zip(*names)]
        self.patient_site = rng.choice(len(self.sites), self.n_patients, p=self.site_w)

    def users_frame(self) -> pd.DataFrame:
        rows = [(u, f"Rapportör {u[1:]}", f"FK{u[1:]}") for u in self.reporters]
        rows += [("tekniker", "Tore Tekniker", None), ("handlaggare", "Hanna Handläggare", None),
                 ("analytiker", "Anja Analytiker", None), ("chef", "Maja Chef", None)]
        df = pd.DataFrame(rows, columns=["username", "name", "prescriber_code"])
        df["email"] = None
        df["password_hash"] = "x"
        df["title"] = None
        df["lang"] = "sv"
        df["tz"] = "Europe/Stockholm"
        df["authority_level"] = None
        df["failed_logins"] = 0
        df["active"] = True
        df["created_at"] = NOW_UTC
        return df


def generate(path: str, n: int, *, seed: int = SEED, log=print) -> Generated:
    """Write n cases (all kinds) with their detail rows and search index into a new file."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    years = years_for(n)
    db = Database(path)
    world = World(rng, n)
    _load_reference(db, world)
    created = pd.Series(_times(rng, n, years))
    kinds = rng.choice(list(KIND_SHARES), n, p=list(KIND_SHARES.values()))
    ids = np.empty(n, dtype=object)
    for kind, prefix in (("deviation", "AV"), ("repair", "RE")):
        m = kinds == kind
        ids[m] = _numbers(created[m].reset_index(drop=True), prefix)
    for kind, prefix in (("certificate", "IN"), ("org", "OA"), ("urgent", "AKUT")):
        m = np.flatnonzero(kinds == kind)
        yy = created.iloc[m].dt.year.to_numpy() % 100
        ids[m] = [f"{prefix}{y:02d}{i:06d}" for i, y in enumerate(yy, start=1)]
    rare_at = {int(n * 0.01), int(n * 0.5), int(n * 0.995)}
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        cases, devs = _chunk(rng, world, created.iloc[lo:hi].reset_index(drop=True),
                             kinds[lo:hi], ids[lo:hi], {r - lo for r in rare_at if lo <= r < hi})
        with db.tx() as tx:
            tx.cur.register("cases_df", cases)
            tx.execute("INSERT INTO cases BY NAME SELECT * FROM cases_df")
            tx.cur.unregister("cases_df")
            tx.cur.register("devs_df", devs)
            tx.execute("INSERT INTO deviations BY NAME SELECT * FROM devs_df")
            tx.cur.unregister("devs_df")
        log(f"  {hi:>10,} cases written ({time.perf_counter() - t0:.0f} s)")
    with db.tx() as tx:   # the sequences the service continues from (DEV-10)
        tx.execute("INSERT INTO number_sequences SELECT left(id, 6), max(right(id, 4)::INTEGER)"
                   " FROM cases WHERE kind IN ('deviation', 'repair') GROUP BY 1")
    log(f"  building the search index … ({time.perf_counter() - t0:.0f} s)")
    with db.tx() as tx:
        search_compact.rebuild(tx)
        tx.execute("CREATE TABLE bench_meta AS SELECT ? AS stamp, ? AS n, ? AS years",
                   [stamp(n, seed), n, years])
    db.checkpoint()
    db.close()
    return Generated(path, n, years, time.perf_counter() - t0)


def _load_reference(db: Database, world: World) -> None:
    from logic import reference

    reference.load_all(db)
    units = pd.DataFrame({
        "id": ["centre"] + world.sites,
        "code": ["HMC"] + [s[5:] for s in world.sites],
        "name": ["Hjälpmedelscentralen"] + world.site_names,
        "kind": ["centre"] + ["service_site"] * len(world.sites),
        "parent_id": [None] + ["centre"] * len(world.sites),
        "manager": [None] + ["chef"] * len(world.sites),
        "workplace_code": None, "customer_no": None, "city": "Västerby", "active": True})
    users = world.users_frame()
    roles = pd.DataFrame({"username": world.reporters, "role": "reporter"})
    roles = pd.concat([roles, pd.DataFrame({
        "username": ["tekniker", "handlaggare", "analytiker", "chef"],
        "role": ["centre_staff", "handler", "analyst", "manager"]})])
    home = [world.sites[i // world.per_site] for i in range(len(world.reporters))]
    user_units = pd.DataFrame({"username": world.reporters + ["tekniker", "handlaggare", "chef"],
                               "unit_id": home + ["centre", "centre", world.sites[0]]})
    articles = pd.DataFrame([a[:4] for a in world.articles],
                            columns=["article_no", "name", "individual_classified", "manufacturer"])
    with db.tx() as tx:
        for name, df in (("units", units), ("users", users), ("user_roles", roles),
                         ("user_units", user_units), ("articles", articles)):
            tx.cur.register("frame", df)
            tx.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")  # fixed table names
            tx.cur.unregister("frame")


def _chunk(rng: np.random.Generator, world: World, created: pd.Series, kinds: np.ndarray,
           ids: np.ndarray, rare_rows: set[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = len(created)
    now = np.datetime64(NOW_UTC, "s")
    created_np = created.to_numpy().astype("datetime64[s]")
    age_days = (now - created_np).astype("int64") / 86400
    site_i = rng.choice(len(world.sites), n, p=world.site_w)
    patient_i = rng.integers(0, world.n_patients, n)
    has_patient = rng.random(n) < 0.85
    # patients mostly belong to the site of the case
    site_i = np.where(has_patient & (rng.random(n) < 0.8), world.patient_site[patient_i], site_i)
    reporter_i = site_i * world.per_site + rng.integers(0, world.per_site, n)
    art_i = rng.choice(len(world.articles), n, p=world.article_w)
    event = rng.choice(list(EVENT_SHARES), n, p=list(EVENT_SHARES.values()))
    close_days = np.exp(rng.normal(math.log(9), 1.0, n))
    p_closed = np.where(age_days > 90, 0.97, np.where(age_days > 14, 0.75, 0.2))
    closed = (rng.random(n) < p_closed) & (close_days < age_days)
    closed_at = created_np + (close_days * 86400).astype("int64").astype("timedelta64[s]")
    fault_i = rng.integers(0, len(FAULTS), n)
    sit_i = rng.integers(0, len(SITUATIONS), n)
    act_i = rng.integers(0, len(ACTIONS), n)
    loc_i = rng.integers(0, len(LOCATIONS), n)
    title_form = rng.integers(0, 3, n)
    part_r = rng.random(n)
    rare_i = np.where(rng.random(n) < 0.03, rng.integers(0, len(RARE_PREFIX) * len(RARE_SUFFIX), n), -1)
    # a device (individual number) belongs to one patient and article; cases repeat devices
    indiv_no = 100000 + (patient_i.astype("int64") * 7919 + art_i) % max(1000, world.n_patients * 2)
    answered = rng.random(n) < 0.8
    reported = rng.random(n) < 0.35
    mpa_too = rng.random(n) < 0.4
    cat_pick = rng.random(n)

    case_rows, dev_rows = [], []
    for i in range(n):
        kind = kinds[i]
        art_no, art_name, indiv, _maker, ti = world.articles[art_i[i]]
        typ, definite, _w, _ind, parts = DEVICE_TYPES[ti]
        part = parts[int(part_r[i] * len(parts))]
        verb, adj = FAULTS[fault_i[i]]
        if title_form[i] == 0:
            title = f"{part.capitalize()} på {typ} {verb}"
        elif title_form[i] == 1:
            title = f"{adj} {part} på {typ}"
        else:
            title = f"{typ.capitalize()}: {part} {verb}"
        ev = event[i]
        text = [f"{part.capitalize()} på {definite} {verb} vid {SITUATIONS[sit_i[i]]}."]
        if ev == "reklamation" and fault_i[i] % 3 == 0:
            text.append(COMPLAINTS[fault_i[i] % len(COMPLAINTS)].format(type=typ, n=1 + fault_i[i] % 4))
        injury = INJURY[ev][sit_i[i] % len(INJURY[ev])]
        if injury:
            text.append(injury)
        text.append(ACTIONS[act_i[i]].format(part=part, Part=part.capitalize()))
        if rare_i[i] >= 0:
            rp, rs = divmod(int(rare_i[i]), len(RARE_SUFFIX))
            text.append(f"Även {RARE_PREFIX[rp]}{RARE_SUFFIX[rs]} behövde bytas.")
        if i in rare_rows:
            text.append(f"Misstänkt {RARE_TERM} i {definite}, hjälpmedlet spärrat.")
        description = " ".join(text)
        case_id = ids[i]
        ind_no = f"CFH{indiv_no[i]}" if indiv else None
        pid = world.patients[patient_i[i]] if has_patient[i] else None
        pname = world.patient_names[patient_i[i]] if has_patient[i] else None
        site = world.sites[site_i[i]]
        reporter = world.reporters[reporter_i[i]]
        is_closed = bool(closed[i])
        c_at = closed_at[i] if is_closed else None
        if kind in ("deviation", "repair"):
            status = "closed" if is_closed else ("investigating" if answered[i] and age_days[i] > 3 else "planned")
            queue = None if is_closed else ("handler" if status == "investigating" else "centre_staff")
        else:
            status = "closed" if is_closed else "open"
            queue = None if is_closed else {"org": "manager", "certificate": "physician",
                                            "urgent": "insurer"}[kind]
        subtype = ev if kind == "deviation" else None
        category = None
        cat_name = ""
        if kind == "deviation":
            cats = CATEGORIES[ev]
            total = sum(c[2] for c in cats)
            acc, pick = 0.0, cat_pick[i] * total
            for code, name, w in cats:
                acc += w
                if pick <= acc:
                    category, cat_name = code, name
                    break
        location = LOCATIONS[loc_i[i]]
        if kind == "deviation":
            search_text = " ".join(x for x in (case_id, title, description, art_no, art_name, ind_no,
                                               cat_name, location) if x).lower()
        else:
            search_text = " ".join(x for x in (case_id, title, description, art_no, ind_no) if x).lower()
        case_rows.append((case_id, kind, subtype, category, status, title, description, site, reporter,
                          None, queue, pid, pname, art_no, ind_no, created_np[i], c_at or created_np[i],
                          c_at, 1 if not is_closed else 3, search_text))
        if kind == "deviation":
            is_dev = ev != "reklamation"
            if is_closed:
                man = "reported" if (is_dev and reported[i]) else "not_needed"
                mpa = "reported" if (man == "reported" and mpa_too[i]) else "not_needed"
            else:
                man = mpa = "undecided"
            rep_on = (c_at - np.timedelta64(1, "D")).astype("datetime64[D]") if is_closed else None
            dev_rows.append((case_id, "a", ev, category, created_np[i] - np.timedelta64(7200, "s"),
                             location, title, description, injury or "Nej.", "send_to_centre",
                             "sent_in", True, "replacement", "Kontaktperson", "070-123 45 67", site,
                             f"FK{reporter[1:]}", "patient" if pid else None, pid, pname, art_no,
                             art_name, ind_no, man, rep_on if man == "reported" else None, mpa,
                             rep_on if mpa == "reported" else None,
                             "handlaggare" if is_closed else None))
    cases = pd.DataFrame(case_rows, columns=[
        "id", "kind", "subtype", "category", "status", "title", "description", "unit_id", "created_by",
        "assignee", "queue", "person_id", "person_name", "article_no", "individual_no", "created_at",
        "updated_at", "closed_at", "version", "search_text"])
    devs = pd.DataFrame(dev_rows, columns=[
        "case_id", "path", "event_type", "category", "occurred_at", "location", "concerns",
        "what_happened", "injury", "desired_action", "device_return", "report_attached", "wanted_back",
        "contact_name", "contact_phone", "service_site_id", "prescriber_code", "recipient_kind",
        "recipient_id", "recipient_name", "article_no", "article_name", "individual_no",
        "manufacturer_report", "manufacturer_reported_on", "mpa_report", "mpa_reported_on", "closed_by"])
    for col in ("created_at", "updated_at", "closed_at"):
        cases[col] = pd.to_datetime(cases[col])
    devs["occurred_at"] = pd.to_datetime(devs["occurred_at"])
    for col in ("manufacturer_reported_on", "mpa_reported_on"):
        devs[col] = pd.to_datetime(devs[col]).dt.date
    return cases, devs
