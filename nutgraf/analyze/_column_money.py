"""Money in tables whose amount and currency sit in separate columns.

A sheet's (or delimited text's) first row is its header. A column headed like an amount
(`amount`, `montant`, `Betrag`, `importe`, `total`…) and a column headed like a currency
(`currency`, `devise`, `Währung`, `moneda`…) make, for every later row where the amount cell
is a number and the currency cell names one currency (ISO code or symbol), one money fact
whose span is exactly the amount cell. Several amount columns share the currency column.
"""

from __future__ import annotations

from collections.abc import Iterator

from nutgraf.analyze._columns import cells_of_row
from nutgraf.analyze._lexicon import currency_code
from nutgraf.analyze._names import name_tokens, words
from nutgraf.analyze.numbers import parse_number
from nutgraf.fold import fold
from nutgraf.model import Fact

AMOUNT_HEADERS = frozenset(
    fold(word)
    for word in words(
        "amount amounts sum total value price cost paid payment payments debit credit "
        "montant montants somme total prix coût cout valeur paiement débit crédit "
        "betrag summe gesamtbetrag preis wert zahlung soll haben importe monto suma total "
        "precio valor pago importo somma prezzo valore pagamento quantia bedrag prijs "
        "المبلغ مبلغ القيمة الإجمالي סכום מחיר"
    )
)
CURRENCY_HEADERS = frozenset(
    fold(word)
    for word in words(
        "currency ccy cur curr devise monnaie währung waehrung moneda divisa valuta moeda "
        "munt العملة عملة מטבע"
    )
)


def money_from_columns(
    text: str, cells: list | None, language: str | None, delimiter: str = "\t"
) -> Iterator[Fact]:
    amount_columns: dict[int, set[int]] = {}
    currency_column: dict[int, int] = {}
    seen: set[int] = set()
    for entry in cells or []:
        if len(entry) < 6:
            continue
        sheet = entry[0]
        row = list(cells_of_row(text, entry, entry[2], entry[3], delimiter))
        if sheet not in seen:
            seen.add(sheet)
            amount_columns[sheet] = {c for c, _s, _e, head in row if _heads(head, AMOUNT_HEADERS)}
            currencies = [c for c, _s, _e, head in row if _heads(head, CURRENCY_HEADERS)]
            if len(currencies) == 1:
                currency_column[sheet] = currencies[0]
            continue
        if sheet not in currency_column or not amount_columns.get(sheet):
            continue
        by_column = {column: (start, end, value) for column, start, end, value in row}
        currency_cell = by_column.get(currency_column[sheet])
        code = currency_code(currency_cell[2].strip(), language, None) if currency_cell else None
        if code is None:
            continue
        for column in sorted(amount_columns[sheet]):
            if column in by_column:
                start, end, value = by_column[column]
                number = parse_number(value.lstrip("+"), language)
                if number is not None:
                    yield Fact("money", start, end, text[start:end], number, currency=code)


def _heads(header: str, words_: frozenset[str]) -> bool:
    tokens = name_tokens(header)
    return bool(tokens) and len(tokens) <= 3 and bool(set(tokens) & words_)
