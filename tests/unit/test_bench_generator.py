"""The benchmark's generator gives every size a history long enough that no ISO week holds
more deviation numbers than DEV-10's four-digit sequence allows (at 10M cases the busiest week
once reached 10 318 and the generator stopped)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from bench import generate


def _busiest_week(n: int) -> tuple[int, int]:
    rng = np.random.default_rng(generate.SEED)
    years = generate.years_for(n)
    created = pd.Series(generate._times(rng, n, years))
    kinds = rng.choice(list(generate.KIND_SHARES), n, p=list(generate.KIND_SHARES.values()))
    local = created[kinds == "deviation"].dt.tz_localize("UTC").dt.tz_convert("Europe/Stockholm")
    iso = local.dt.isocalendar()
    return years, int((iso["year"].astype("int64") * 100 + iso["week"].astype("int64")).value_counts().max())


def test_dev10_generated_history_keeps_the_busiest_week_under_the_weekly_cap(monkeypatch):
    # a small cap stands in for the real one (8 000 of 9 999) so that the test runs in a second:
    # 400 000 cases need more than the minimum six years at this cap, as 10M do at the real one
    monkeypatch.setattr(generate, "WEEKLY_CAP", 1000)
    years, busiest = _busiest_week(400_000)
    assert years > 6
    assert busiest <= 1000 * 1.1          # random noise of a few per cent around the cap
    monkeypatch.setattr(generate, "years_for", lambda n: 6)
    _, crowded = _busiest_week(400_000)   # the six years the old formula gave: over the cap
    assert crowded > 1000 * 1.15


def test_dev10_generated_numbers_are_unique_and_in_week_order():
    created = pd.Series(pd.to_datetime(["2026-02-09 08:00", "2026-02-12 09:00", "2026-02-12 10:00",
                                        "2026-02-16 07:00"]))
    assert generate._numbers(created, "AV") == ["AV26070001", "AV26070002", "AV26070003", "AV26080001"]
