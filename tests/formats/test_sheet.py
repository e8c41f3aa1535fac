"""Spreadsheets and CSV: real files in, exact cell text and cell provenance out."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nutgraf.errors import Bomb, Corrupt, Encrypted, TooLarge
from nutgraf.ingest.formats import sheet
from nutgraf.ingest.formats._sheet_common import MAX_CELLS_PER_SHEET
from nutgraf.ingest.formats._sheet_numfmt import format_number
from nutgraf.ingest.formats.base import Extraction, Limits, Source
from nutgraf.ingest.formats.sheet import CellRef, cell_at
from tests.conftest import corpus_file

COLUMNAR = {
    "xlsx": ("tika/microsoft/test-columnar.xlsx", sheet.XLSX),
    "xls": ("tika/microsoft/test-columnar.xls", sheet.XLS),
    "xlsb": ("tika/microsoft/test-columnar.xlsb", sheet.XLSB),
    "ods": ("tika/integration-tests/test-columnar.ods", sheet.ODS),
}


def extract(path: Path, mime: str, **options) -> Extraction:
    return sheet.extract(Source(path=path, mime=mime, **options))


def cell_of(extraction: Extraction, needle: str, start: int = 0) -> CellRef | None:
    """Where the first occurrence of `needle` (from `start`) sits, via the cell map."""
    offset = extraction.text.index(needle, start)
    first = cell_at(extraction.metadata, offset)
    assert cell_at(extraction.metadata, offset + len(needle) - 1) == first
    return first


def test_claims_the_spreadsheet_types():
    assert set(sheet.MIME_TYPES) == {sheet.CSV, sheet.XLSX, sheet.XLS, sheet.XLSB, sheet.ODS}


# --- CSV ---------------------------------------------------------------------------------


def test_csv_rows_become_tab_separated_lines_with_record_provenance():
    result = extract(corpus_file("ingest-file/countries.csv"), sheet.CSV)
    lines = result.text.split("\n")
    assert (
        lines[0] == "euname\tmodified\tlinked_country\tiso3\tiso2\tgrc\tisonum\tcountry\timperitive"
    )
    assert (
        lines[3] == "\tAdded 26th October 2010\tFinland\tALA\tAX\tALA\t248\tÅland Islands\tPostal"
    )
    assert result.pages == [] and result.metadata["sheets"] == [""]
    assert result.metadata["delimiter"] == ","
    assert cell_of(result, "Åland Islands") == CellRef("", 4, 8)
    assert cell_of(result, "Added 26th October 2010") == CellRef("", 4, 2)
    assert cell_at(result.metadata, result.text.index("248")) == CellRef("", 4, 7)


def test_csv_in_a_legacy_encoding_is_decoded():
    result = extract(corpus_file("ingest-file/countries_nonutf.csv"), sheet.CSV)
    assert "010030000000\tLübeck, Hansestadt\t210203\t210305\t0.05\n" in result.text
    assert "\ufffd" not in result.text
    assert cell_of(result, "Lübeck, Hansestadt") == CellRef("", 4, 3)


def test_csv_quoted_fields_keep_their_commas_and_empty_fields_keep_columns():
    result = extract(corpus_file("aleph/aleph/tests/fixtures/experts.csv"), sheet.CSV)
    second = result.text.split("\n")[1].split("\t")
    assert second[0] == "Individual expert appointed in his/her personal capacity"
    assert second[1:4] == ["Klaus Trutzel", "Germany", "male"]
    assert second[7] == "" and second[8] == "E00021"
    assert cell_of(result, "Klaus Trutzel") == CellRef("", 2, 2)
    assert cell_of(result, "E00021") == CellRef("", 2, 9)


def test_csv_multiline_quoted_field_stays_one_row():
    result = extract(corpus_file("tika/integration-tests/testCSV.csv"), sheet.CSV)
    assert result.text.endswith("\t15\t225\nWritten and saved in Apache OpenOffice.\n")
    assert cell_of(result, "Apache OpenOffice") == CellRef("", 22, 1)
    assert cell_of(result, "225") == CellRef("", 20, 3)


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_csv_any_delimiter_any_encoding(tmp_path, delimiter):
    rows = [
        ["Nom", "Montant", "Note"],
        ["Société Générale", "1 250,00 €", 'dit "oui"\nsur deux lignes'],
        ["Crédit Agricole", "", "Zürich; Genève, Köln"],
    ]
    path = tmp_path / "data.csv"
    with open(path, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    result = extract(path, sheet.CSV)
    assert result.metadata["delimiter"] == delimiter
    assert result.text.split("\n") == [
        "Nom\tMontant\tNote",
        'Société Générale\t1 250,00 €\tdit "oui" sur deux lignes',
        "Crédit Agricole\t\tZürich; Genève, Köln",
        "",
    ]
    assert cell_of(result, "Genève") == CellRef("", 3, 3)


def test_csv_truncates_on_a_row_boundary_at_the_text_limit():
    limits = Limits(max_text_chars=500)
    result = extract(corpus_file("ingest-file/countries.csv"), sheet.CSV, limits=limits)
    assert result.metadata["truncated"] is True
    assert 400 < len(result.text) <= 500 and result.text.endswith("\n")
    last = result.metadata["cells"][-1]
    assert last[3] == len(result.text) - 1


def test_big_sheet_map_keeps_rows_only(tmp_path):
    columns = 10
    rows = MAX_CELLS_PER_SHEET // columns + 5
    path = tmp_path / "big.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        for row in range(rows):
            writer.writerow([f"r{row}c{column}" for column in range(columns)])
    result = extract(path, sheet.CSV)
    assert all(len(entry) == 4 for entry in result.metadata["cells"])
    assert len(result.metadata["cells"]) == rows
    assert cell_of(result, "r12345c3\t") == CellRef("", 12346, None)


# --- XLSX / XLS / XLSB / ODS -------------------------------------------------------------


def test_xlsx_sheets_headings_pages_and_cells():
    result = extract(corpus_file("ingest-file/file.xlsx"), sheet.XLSX)
    assert result.text == (
        "Sheet1\nName\tTimestamp\tPrice\nMihai Viteazul\t29/12/1871 13:48\t11.99\n"
        "\nSheet2\nTitle\tPrice\tTimestamp\nVlad Țepeș\t111\t13/09/1953 22:01\n"
    )
    assert result.metadata["sheets"] == ["Sheet1", "Sheet2"]
    assert result.pages == [0, result.text.index("Sheet2")]
    assert result.metadata["page_count"] == 2
    assert cell_of(result, "11.99") == CellRef("Sheet1", 2, 3)
    assert cell_of(result, "Țepeș") == CellRef("Sheet2", 2, 1)
    assert cell_of(result, "111") == CellRef("Sheet2", 2, 2)
    assert cell_at(result.metadata, result.text.index("Sheet2")) is None  # a heading
    assert "author" not in result.metadata  # openpyxl's invented defaults are not reported


@pytest.mark.parametrize("kind", sorted(COLUMNAR))
def test_same_workbook_in_every_format_reads_the_same(kind):
    relative, mime = COLUMNAR[kind]
    result = extract(corpus_file(relative), mime)
    lines = result.text.split("\n")
    assert lines[0] == "testing" and result.metadata["sheets"] == ["testing"]
    assert lines[1].startswith("Record Number\tSquare of the Record Number\tDescription")
    fields = lines[5].split("\t")
    assert fields[:3] == ["3", "9", "This is row            3 of           10"]
    assert fields[5:] == ["1960-03-22", "1960-01-01T00:16:40", "00:00:27"]
    if kind != "xlsb":  # calamine gives raw numbers, without the percent format
        percent_done = {"ods": "30%"}.get(kind, "30.00%")
        assert fields[3] == percent_done
    assert cell_of(result, "1960-03-22") == CellRef("testing", 5, 6)
    assert cell_of(result, "00:00:27") == CellRef("testing", 5, 8)
    assert result.metadata["author"] in ("sas user", "henry feldman")


@pytest.mark.parametrize("suffix, mime", [("xls", sheet.XLS), ("xlsx", sheet.XLSX)])
def test_number_formats_show_as_displayed(suffix, mime):
    result = extract(corpus_file(f"tika/microsoft/testEXCEL-formats.{suffix}"), mime)
    lines = result.text.split("\n")
    assert "\t|\tNumber #,##0.00\t1,599.99\t-1,599.99" in lines
    assert "\t|\tCurrency $#,##0.00;[Red]($#,##0.00)\t$1,599.99\t($1,599.99)" in lines
    assert "\t|\tScientific 0.00E+00\t1.98E+08\t-1.98E+08" in lines
    assert "\t|\tPercentage (0.025)\t3%\t2.50%" in lines
    assert "\t|\tDate Format: m/d/yy\t2009-10-03" in lines
    assert cell_of(result, "($1,599.99)") == CellRef("Format Examples", 5, 5)


def test_xls_legacy_workbook_with_cyrillic_sheets_matches_its_ods_twin():
    xls = extract(corpus_file("ingest-file/rom.xls"), sheet.XLS)
    ods = extract(corpus_file("ingest-file/rom.ods"), sheet.ODS)
    assert xls.metadata["sheets"] == ods.metadata["sheets"] == ["Лист1", "Лист2", "Лист3"]
    expected = "COP fără publicare\tcontract de achiziţie\t245\t2011-01-13\tŞcoala de Meserii 4"
    for result in (xls, ods):
        assert result.text.split("\n")[2].startswith(expected)
        assert cell_of(result, "Şcoala de Meserii 4 Bubueci") == CellRef("Лист1", 2, 5)
        assert cell_of(result, "60,594.70") == CellRef("Лист1", 2, 8)
    assert xls.metadata["author"] == ods.metadata["author"] == "User"


def test_xls_pivot_and_data_sheets_with_provenance():
    result = extract(corpus_file("aleph/contrib/testdata/aircrafts-iom.xls"), sheet.XLS)
    assert result.metadata["sheets"] == ["Sheet2", "aircrafts-iom"]
    assert result.text.startswith("Sheet2\nRow Labels\tCount of Register Number\nIM\t249\n")
    assert "\nGrand Total\t845\n" in result.text
    data_start = result.pages[1]
    assert cell_of(result, "LEE FAI INTERNATIONAL LIMITED", data_start) == CellRef(
        "aircrafts-iom", 2, 8
    )
    assert cell_of(result, "CL-600-2B16 (604 Variant)", data_start) == CellRef(
        "aircrafts-iom", 2, 7
    )


def test_xls_document_properties_decoded_from_their_codepage():
    result = extract(corpus_file("tika/microsoft/testEXCEL_phonetic.xls"), sheet.XLS)
    assert result.metadata["author"] == "Windows ユーザー"
    assert result.metadata["created"] == "2013-10-14T16:57:09"


def test_strict_ooxml_read_through_the_fallback():
    result = extract(corpus_file("tika/microsoft/testEXCEL.strict.xlsx"), sheet.XLSX)
    assert result.metadata["sheets"] == ["First Sheet", "Sheet Number 2", "Sheet3"]
    assert "\n2nd row\t2nd row 2nd column\n" in result.text
    assert cell_of(result, "2nd row 2nd column") == CellRef("First Sheet", 2, 2)
    assert result.metadata["title"] == "Sample Spreadsheet"


def test_xlsb_cells_and_dates():
    result = extract(corpus_file("tika/microsoft/testEXCEL_various.xlsb"), sheet.XLSB)
    assert result.text.startswith("mySheet1\nString\tThis is a string\ninteger\t13\n")
    assert "\ndate\t2017-03-09\n" in result.text
    assert cell_of(result, "This is a string") == CellRef("mySheet1", 1, 2)


def test_xlsm_macro_workbook_reads_as_xlsx():
    result = extract(corpus_file("tika/microsoft/testEXCEL_macro.xlsm"), sheet.XLSX)
    assert result.metadata["sheets"] == ["Sheet1", "Sheet2", "Sheet3"]
    assert result.text.split("\n")[1] != ""


def test_flat_ods_reads_like_ods():
    result = extract(corpus_file("tika/miscoffice/testFODS_embeddedChart.fods"), sheet.ODS)
    assert result.metadata["sheets"] == ["Sheet2", "Sheet1"]
    assert len(result.pages) == 2 and result.metadata["cells"]
    for entry in result.metadata["cells"]:
        start, end = entry[2], entry[3]
        assert result.text[start:end] and "\n" not in result.text[start:end]


def test_generated_xlsx_dates_sparse_columns_multiline_and_whole_floats(tmp_path):
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "Payments"
    data["A1"], data["B1"], data["E1"] = "Payee", "Paid on", "Amount"
    data["A3"] = "Line one\nline two"
    data["B3"] = dt.datetime(2019, 4, 1)
    data["C3"] = dt.datetime(2019, 4, 1, 13, 5, 30)
    data["E3"] = 3.0
    data["E3"].number_format = "#,##0.00 [$€-407]"
    data["F3"] = 1234567.0
    workbook.create_sheet("Empty")
    workbook.properties.creator = "Jane Reporter"
    workbook.properties.title = "Ledger"
    path = tmp_path / "ledger.xlsx"
    workbook.save(path)
    result = extract(path, sheet.XLSX)
    assert result.text == (
        "Payments\nPayee\tPaid on\t\t\tAmount\n"
        "Line one line two\t2019-04-01\t2019-04-01T13:05:30\t\t3.00 €\t1234567\n"
        "\nEmpty\n"
    )
    assert result.metadata["sheets"] == ["Payments", "Empty"]
    assert result.metadata["author"] == "Jane Reporter" and result.metadata["title"] == "Ledger"
    assert cell_of(result, "3.00 €") == CellRef("Payments", 3, 5)
    assert cell_of(result, "Amount") == CellRef("Payments", 1, 5)
    assert cell_at(result.metadata, result.text.index("\t\tAmount")) == CellRef("Payments", 1, 2)
    assert cell_at(result.metadata, len(result.text) + 10) is None


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative, mime",
    [
        ("ingest-file/password_protected.xls", sheet.XLS),
        ("ingest-file/password_protected.xlsx", sheet.XLSX),
    ],
)
def test_password_protected_workbooks_are_encrypted(relative, mime):
    with pytest.raises(Encrypted, match="encrypted"):
        extract(corpus_file(relative), mime)


@pytest.mark.parametrize(
    "relative, mime",
    [
        ("tika/microsoft/testEXCEL_protected_passtika.xls", sheet.XLS),
        ("tika/microsoft/testEXCEL_protected_passtika.xlsx", sheet.XLSX),
    ],
)
def test_user_password_opens_an_encrypted_workbook(relative, mime):
    path = corpus_file(relative)
    with pytest.raises(Encrypted, match="none of the given passwords"):
        extract(path, mime, passwords=("wrong",))
    result = extract(path, mime, passwords=("wrong", "tika"))
    assert result.text.startswith("Sheet1\nThis is an Encrypted Excel spreadsheet.\n")


def test_default_excel_password_needs_no_user_password():
    result = extract(corpus_file("tika/microsoft/protect.xlsx"), sheet.XLSX)
    assert result.metadata["sheets"][0] == "Лист1"
    assert "Office 2007" in result.text


def test_declared_expansion_over_the_limits_is_a_bomb():
    path = corpus_file("ingest-file/file.xlsx")
    with pytest.raises(Bomb, match="bomb"):
        extract(path, sheet.XLSX, limits=Limits(max_total_expanded=4096))
    with pytest.raises(TooLarge, match="too_large"):
        extract(corpus_file("ingest-file/rom.ods"), sheet.ODS, limits=Limits(max_child_bytes=1024))


def test_zip_bomb_by_ratio(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(corpus_file("ingest-file/file.xlsx")) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for member in source.infolist():
            bomb.writestr(member, source.read(member))
        bomb.writestr("xl/media/zeros.bin", bytes(120 * 1024**2))
    with pytest.raises(Bomb, match="expands"):
        extract(path, sheet.XLSX)


@pytest.mark.parametrize("mime", [sheet.XLSX, sheet.XLS, sheet.XLSB, sheet.ODS])
def test_garbage_is_corrupt(tmp_path, mime):
    path = tmp_path / "garbage"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    with pytest.raises(Corrupt, match="corrupt"):
        extract(path, mime)


def test_truncated_xls_is_corrupt(tmp_path):
    data = corpus_file("tika/microsoft/testEXCEL.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(Corrupt, match="corrupt"):
        extract(path, sheet.XLS)


# --- number formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, number_format, shown",
    [
        (1599.99, "#,##0.00", "1,599.99"),
        (-1599.99, '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)', "($1,599.99)"),
        (2.675, "0.00", "2.68"),
        (0.025, "0.0%", "2.5%"),
        (1234567, "#,##0,,\\ \\M", "1 M"),
        (0.5, "0.0#", "0.5"),
        (12, "000", "012"),
        (0, '#,##0;-#,##0;"-"', "-"),
        (1500, "#,##0 [$€-407]", "1,500 €"),
    ],
)
def test_number_format_subset(value, number_format, shown):
    assert format_number(value, number_format) == shown


@pytest.mark.parametrize("number_format", ["General", "# ?/?", "[>100]0;0.0", "000-00-0000"])
def test_number_formats_outside_the_subset_fall_back(number_format):
    assert format_number(1234.5, number_format) is None
