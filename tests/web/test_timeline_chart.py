"""The timeline's axis: proportional, placeholders left out (and counted), zoomable."""

from __future__ import annotations

from itertools import pairwise

from nutgraf.web.timeline_chart import chart


def _m(month: str, documents: int = 0, facts: int = 0) -> dict:
    return {"month": month, "documents": documents, "facts": facts}


def test_years_apart_are_drawn_apart_and_placeholders_are_not_drawn():
    months = [_m("1601-01", 40), _m("1980-01", 3), _m("2013-12", 1), _m("2023-10", 0, 2),
              _m("2024-03", 2, 8), _m("2204-05", 0, 1)]  # fmt: skip
    found = chart(months)
    assert found["unit"] == "month" or found["unit"] == "year"
    years = {bar["month"][:4] for bar in found["bars"]}
    assert "1601" not in years and "2204" not in years and "1980" in years
    assert found["outside"] == 41  # 1601 (40) and 2204 (1): said on the page, not drawn
    by_year = {bar["month"]: bar["x"] for bar in found["bars"]}
    # 1980 → 2013 is 33 years, 2013 → 2023 is 10: the gaps on the axis keep that ratio
    gap_long, gap_short = by_year["2013"] - by_year["1980"], by_year["2023"] - by_year["2013"]
    assert abs(gap_long / gap_short - 3.3) < 0.05
    labels = [tick["label"] for tick in found["ticks"]]
    assert labels == sorted(labels) and len(labels) >= 5
    xs = [tick["x"] for tick in found["ticks"]]
    assert all(b - a >= 56 for a, b in pairwise(xs))


def test_a_short_span_is_by_month_and_a_year_zooms_to_its_months():
    months = [_m("2024-01", 1), _m("2024-03", 2, 8), _m("2025-02", 0, 1)]
    found = chart(months)
    assert found["unit"] == "month" and len(found["bars"]) == 3
    zoomed = chart(months, "2024")
    assert zoomed["unit"] == "month" and [b["month"] for b in zoomed["bars"]] == [
        "2024-01",
        "2024-03",
    ]
    assert [t["label"] for t in zoomed["ticks"]][:2] == ["2024-01", "2024-02"]
    assert chart(months, "1999")["bars"] == []
    assert chart([])["bars"] == []
