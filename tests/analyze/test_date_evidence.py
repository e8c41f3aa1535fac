"""Day/month order from evidence, ambiguity flagged, other calendars, null-date sentinels."""

from __future__ import annotations

import pytest

from nutgraf.analyze.dates import find_dates, without_null_dates
from nutgraf.analyze.facts import extract_facts
from nutgraf.null_dates import is_null_stamp


def _dates(text: str, language: str | None = "en", cells: list | None = None) -> list:
    return [f for f in extract_facts(text, language, cells=cells) if f.kind == "date"]


def test_a_day_above_twelve_makes_the_document_day_first() -> None:
    dates = _dates("Registered 01/04/2010, renewed 13/04/2011.")
    assert [(d.value, d.ambiguous) for d in dates] == [("2010-04-01", False), ("2011-04-13", False)]


def test_a_second_field_above_twelve_makes_it_month_first() -> None:
    dates = _dates("Signed 04/01/2010 and filed 12/31/2010.", "fr")
    assert [(d.value, d.ambiguous) for d in dates] == [("2010-04-01", False), ("2010-12-31", False)]


def test_without_evidence_the_convention_applies_and_says_so() -> None:
    (english,) = _dates("signed 01/04/2010")
    assert (english.value, english.ambiguous, english.alternative) == (
        "2010-01-04",
        True,
        "2010-04-01",
    )
    (french,) = _dates("signé le 01/04/2010", "fr")
    assert (french.value, french.ambiguous, french.alternative) == (
        "2010-04-01",
        True,
        "2010-01-04",
    )


def test_a_date_that_reads_one_way_is_not_ambiguous() -> None:
    assert [(d.value, d.ambiguous) for d in _dates("on 05/05/2010 and 2010-01-04")] == [
        ("2010-05-05", False),
        ("2010-01-04", False),
    ]


def test_mixed_evidence_decides_nothing() -> None:
    dates = _dates("13/01/2010 and 01/13/2010 then 02/03/2010")
    assert dates[-1].ambiguous and dates[-1].value == "2010-02-03"


def test_a_table_column_is_its_own_group() -> None:
    # The first column proves day first; the second column proves month first.
    text = "a\t01/02/2010\t03/04/2010\nb\t13/02/2010\t03/14/2010\n"
    dates = _dates(text)
    assert [(d.quote, d.value, d.ambiguous) for d in dates] == [
        ("01/02/2010", "2010-02-01", False),
        ("03/04/2010", "2010-03-04", False),
        ("13/02/2010", "2010-02-13", False),
        ("03/14/2010", "2010-03-14", False),
    ]


def test_a_spreadsheet_column_from_the_cell_map() -> None:
    text = "Sheet\nwhen\n01/04/2010\n13/04/2010\n"
    # [sheet, row, line_start, line_end, column, offset]
    cells = [[0, 1, 6, 10, 1, 0], [0, 2, 11, 21, 1, 0], [0, 3, 22, 32, 1, 0]]
    dates = _dates(text, "en", cells)
    assert [(d.value, d.ambiguous) for d in dates] == [("2010-04-01", False), ("2010-04-13", False)]


@pytest.mark.parametrize(
    ("text", "language", "quote", "value", "calendar"),
    [
        ("بتاريخ 24/11/1428هـ وقع", "ar", "24/11/1428هـ", "2007-12-04", "hijri"),
        ("تاریخ ۱۳۸۵/۲/۲۵ امضا شد", "fa", "۱۳۸۵/۲/۲۵", "2006-05-15", "solar_hijri"),
        ("تاریخ ۱۳۸۵/۲/۲۵ ه.ش", None, "۱۳۸۵/۲/۲۵ ه.ش", "2006-05-15", "solar_hijri"),
        ("في 15 رمضان 1445 هـ", "ar", "15 رمضان 1445 هـ", "2024-03-25", "hijri"),
        ("در ۲۵ اردیبهشت ۱۳۸۵", "fa", "۲۵ اردیبهشت ۱۳۸۵", "2006-05-15", "solar_hijri"),
        ("נחתם ב-ג' בטבת תשפ\"ד", "he", "ג' בטבת תשפ\"ד", "2023-12-15", "hebrew"),
        ("ביום 15 בניסן 5784", "he", "15 בניסן 5784", "2024-04-23", "hebrew"),
    ],
)
def test_other_calendars_become_gregorian(
    text: str, language: str | None, quote: str, value: str, calendar: str
) -> None:
    (date,) = _dates(text, language)
    assert (date.quote, date.value, date.calendar, date.precision) == (
        quote,
        value,
        calendar,
        "day",
    )
    assert text[date.start : date.end] == date.quote


def test_a_hijri_year_spans_two_gregorian_years() -> None:
    (date,) = _dates("في عام 1445 هـ", "ar")
    assert (date.value, date.precision, date.calendar) == ("2023", "year", "hijri")
    assert date.ambiguous and date.alternative == "2024"


def test_no_fifteenth_century_from_a_low_year_in_arabic() -> None:
    (date,) = _dates("بتاريخ ٢٤/١١/١٤٢٨ وقع", "ar")
    assert date.calendar == "hijri" and date.value.startswith("2007") and date.ambiguous


def test_impossible_other_calendar_dates_are_dropped() -> None:
    assert _dates("في 31/13/1428هـ", "ar") == []
    assert _dates("في عام 3000 هـ", "ar") == []  # no Hijri year yet
    assert _dates("تاریخ ۱۳۸۵/۱۲/۳۱", "fa") == []


@pytest.mark.parametrize(
    "text", ["created 1601-01-01", "on 1899-12-30", "at 1970-01-01 00:00", "1900-01-01"]
)
def test_null_date_sentinels_are_no_date(text: str) -> None:
    assert find_dates(text, "en") == []


def test_a_written_out_epoch_day_is_kept() -> None:
    assert [d.value for d in _dates("born on 1 January 1970")] == ["1970-01-01"]


def test_metadata_sentinels_are_removed() -> None:
    cleaned = without_null_dates(
        {
            "created": "1601-01-01T00:00:00Z",
            "modified": "2020-05-01T10:00:00",
            "date": "1970-01-01T00:00:00+00:00",
            "container": {"modified": "1980-01-01T00:00:00"},
            "title": "1601-01-01",
        }
    )
    assert cleaned == {"modified": "2020-05-01T10:00:00", "container": {}, "title": "1601-01-01"}
    assert is_null_stamp("1899-12-30") and not is_null_stamp("1899-12-29")


def test_the_isle_of_man_register_is_read_day_first() -> None:
    """aircrafts-iom.xls: its date columns hold 13/04/… dates, so 01/04/2010 is 1 April."""
    from nutgraf.analyze import analyze
    from nutgraf.ingest import formats
    from nutgraf.ingest.detect import detect
    from nutgraf.ingest.formats.base import Source
    from tests.conftest import corpus_file

    path = corpus_file("aleph/contrib/testdata/aircrafts-iom.xls")
    extraction = formats.extract(Source(path=path, mime=detect(path), name=path.name))
    dates = [
        f for f in analyze(extraction.text, dict(extraction.metadata)).facts if f.kind == "date"
    ]
    two_way = [
        d for d in dates
        if len(d.quote) == 10 and d.quote[2] == "/" and int(d.quote[:2]) <= 12
        and int(d.quote[3:5]) <= 12 and d.quote[:2] != d.quote[3:5]
    ]  # fmt: skip
    assert len(two_way) > 400
    assert all(d.value[5:7] == d.quote[3:5] and not d.ambiguous for d in two_way)
