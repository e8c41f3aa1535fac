"""Parties named in spreadsheet columns: a `Payee` or `Fournisseur` column names who was paid.

Uses the cell map the sheet reader leaves in `metadata["cells"]` (see formats/sheet.py): the
first written row of each sheet is its header; every later non-empty cell under a header that
names a party becomes a mention spanning exactly that cell's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nutgraf.analyze._names import LEGAL_SUFFIXES, name_tokens, split_legal_form, words
from nutgraf.analyze._org_words import names_organisation
from nutgraf.fold import fold
from nutgraf.model import Mention

PARTY_HEADERS = frozenset(
    fold(word)
    for word in words(
        "payee payer beneficiary beneficiaries client customer supplier vendor contractor "
        "recipient sender counterparty counterpart company payor debtor creditor issuer "
        "bénéficiaire fournisseur destinataire émetteur payeur titulaire société prestataire "
        "débiteur créancier donneur empfänger zahlungsempfänger auftraggeber lieferant kunde "
        "begünstigter absender firma gläubiger schuldner beneficiario proveedor cliente pagador "
        "ordenante destinatario empresa acreedor deudor fornitore pagatore committente "
        "beneficiário fornecedor begunstigde leverancier klant ontvanger opdrachtgever "
        "المستفيد المورد العميل الدافع المرسل الشركة الزبون מוטב ספק לקוח משלם נמען חברה"
    )
)
# A header with one of these words holds identifiers or addresses, not names.
NOT_NAME_HEADERS = frozenset(
    fold(word)
    for word in words(
        "id no nr n° number num code iban bic swift account compte konto cuenta conto email "
        "e-mail mail address adresse adresse anschrift dirección indirizzo phone tel téléphone "
        "telefon vat tva siren siret country pays land city ville stadt type category date ref "
        "reference référence"
    )
)
ORGANISATION_WORDS = re.compile(
    r"\b(bank|banque|banco|bancа|group|groupe|gruppe|holding|holdings|company|compagnie|"
    r"corporation|trust|fund|fonds|foundation|fondation|stiftung|ministry|ministère|ministerio|"
    r"university|université|universität|association|services|systems|solutions|partners|"
    r"international|industries|consult|consulting|consultants|capital|shipping|trading)\b",
    re.IGNORECASE,
)


def mentions_from_columns(text: str, metadata: dict[str, Any]) -> Iterator[Mention]:
    delimiter = metadata.get("cells_delimiter") or "\t"
    headers: dict[int, dict[int, str]] = {}  # sheet → column → header, for party columns
    seen_sheets: set[int] = set()
    for entry in metadata.get("cells") or []:
        if len(entry) < 6:
            continue  # a large sheet's map keeps rows only
        sheet, line_start, line_end = entry[0], entry[2], entry[3]
        cells = list(cells_of_row(text, entry, line_start, line_end, delimiter))
        if sheet not in seen_sheets:
            seen_sheets.add(sheet)
            headers[sheet] = {col: head for col, _s, _e, head in cells if _names_party(head)}
            continue
        for column, start, end, value in cells:
            header = headers.get(sheet, {}).get(column)
            kind = _kind_of(value) if header else None
            if header and kind:
                yield Mention(kind, " ".join(value.split()), start, end, value, f"column:{header}")


def cells_of_row(
    text: str, entry: list[int], line_start: int, line_end: int, delimiter: str = "\t"
) -> Iterator[tuple]:
    """(column, start, end, cell text) for each non-empty cell of one row.

    `delimiter` ends a cell (a tab in sheets; `;` or `,` in delimited text, where a cell that
    opened with a quote ends at its closing quote).
    """
    for position in range(4, len(entry) - 1, 2):
        column, offset = entry[position], entry[position + 1]
        start = line_start + offset
        quoted = delimiter != "\t" and start > line_start and text[start - 1] == '"'
        tab = text.find('"' if quoted else delimiter, start, line_end)
        end = line_end if tab < 0 else tab
        while end > start and text[end - 1] == " ":
            end -= 1
        if end > start:
            yield column, start, end, text[start:end]


def _names_party(header: str) -> bool:
    tokens = set(name_tokens(header))
    return bool(tokens & PARTY_HEADERS) and not tokens & NOT_NAME_HEADERS


def _kind_of(value: str) -> str | None:
    """organization, person, or None when the cell does not look like a name."""
    letters = sum(char.isalpha() for char in value)
    if letters < 2 or letters < len(value) / 2 or "@" in value or len(value) > 120:
        return None
    _base, form = split_legal_form(value)
    if (
        form
        or ORGANISATION_WORDS.search(value)
        or names_organisation(value)
        or value.lower() in LEGAL_SUFFIXES
    ):
        return "organization"
    tokens = value.split()
    if 2 <= len(tokens) <= 4 and all(t[:1].isupper() or t[:1].isalpha() for t in tokens):
        return "person" if not any(char.isdigit() for char in value) else None
    return "organization"
