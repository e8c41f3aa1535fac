"""The timeline's bar geometry: a proportional axis, by month or by year, that can zoom.

Every month (or year) between the first and the last is a slot, empty ones too, so an axis
from 2013 to 2024 shows the ten quiet years between. Dates outside PLAUSIBLE (placeholders
such as 1601-01-01 or 1980-01-01 from file systems and zip headers, or a typo's year 2204) are
not drawn, so they cannot squash the real span into a corner; the page says how many and the
table below the chart still lists them.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

CHART_HEIGHT = 160
WIDTH = 1200  # viewBox units; the SVG scales to the page's width
LEFT, RIGHT = 40, 10
MAX_MONTH_SLOTS = 120  # over ten years, a bar is a year
MIN_LABEL_GAP = 56  # viewBox units between two axis labels
FIRST_PLAUSIBLE_YEAR = 1900


def _plausible(key: str) -> bool:
    year = int(key[:4])
    return FIRST_PLAUSIBLE_YEAR <= year <= date.today().year + 1


def _month_index(key: str) -> int:
    return int(key[:4]) * 12 + int(key[5:7]) - 1


def _key_of(index: int, unit: str) -> str:
    return str(index) if unit == "year" else f"{index // 12:04d}-{index % 12 + 1:02d}"


def chart(months: list[dict[str, Any]], year: str | None = None) -> dict[str, Any]:
    """Bars for these months (sorted `{month: YYYY-MM, documents, facts}`); with `year`, only
    that year's twelve months."""
    drawn = [m for m in months if _plausible(m["month"])]
    if year is not None:
        drawn = [m for m in drawn if m["month"][:4] == year]
    outside = sum(m["documents"] + m["facts"] for m in months if not _plausible(m["month"]))
    base = {"height": CHART_HEIGHT, "width": WIDTH, "outside": outside, "year": year}
    if not drawn:
        return base | {"bars": [], "unit": "month", "ticks": []}
    counts: dict[int, dict[str, int]] = {}
    first, last = _month_index(drawn[0]["month"]), _month_index(drawn[-1]["month"])
    unit = "month" if year is not None or last - first < MAX_MONTH_SLOTS else "year"
    if year is not None:
        first, last = int(year) * 12, int(year) * 12 + 11
    for month in drawn:
        slot = _month_index(month["month"]) if unit == "month" else int(month["month"][:4])
        entry = counts.setdefault(slot, {"documents": 0, "facts": 0})
        entry["documents"] += month["documents"]
        entry["facts"] += month["facts"]
    low, high = (first, last) if unit == "month" else (first // 12, last // 12)
    slots = high - low + 1
    step = (WIDTH - LEFT - RIGHT) / slots
    top = max(max(c["documents"], c["facts"]) for c in counts.values()) or 1
    bars = []
    for slot, found in sorted(counts.items()):
        key = _key_of(slot, unit)
        x = LEFT + (slot - low) * step
        bars.append(
            {
                "month": key,
                **found,
                "x": round(x + step * 0.1, 1),
                "bar_width": round(max(step * 0.4, 1.0), 1),
                "doc_height": round(CHART_HEIGHT * found["documents"] / top),
                "fact_height": round(CHART_HEIGHT * found["facts"] / top),
                "url": "/?" + urlencode({"q": f"date:{key}", "sort": "date"}),
            }
        )
    return base | {"bars": bars, "unit": unit, "ticks": _ticks(low, slots, step, unit)}


def _ticks(low: int, slots: int, step: float, unit: str) -> list[dict[str, Any]]:
    """Axis labels at even intervals (years on a year axis, months or years on a month axis);
    a year's label zooms into its months."""
    every = 1
    while every * step < MIN_LABEL_GAP:
        every = {1: 2, 2: 3, 3: 6, 6: 12}.get(every, every * 2)
    ticks = []
    for slot in range(low, low + slots):
        if unit == "year":
            shown = slot % every == 0
        elif every < 12:
            shown = (slot - low) % every == 0
        else:  # a long month axis: label the Januaries of every so many years
            shown = slot % 12 == 0 and (slot // 12) % (every // 12) == 0
        if not shown:
            continue
        key = _key_of(slot, unit)
        label = key if unit == "year" or every < 12 else key[:4]
        zoom = "/timeline?" + urlencode({"year": key[:4]})
        ticks.append({"x": round(LEFT + (slot - low) * step, 1), "label": label, "zoom": zoom})
    return ticks
