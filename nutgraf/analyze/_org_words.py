"""Words that make a name an organisation's: `Justice Department`, `Süddeutsche Zeitung`.

A rule that finds a person by what the sentence says (`The Justice Department said`, `laut
Süddeutscher Zeitung`) or by the column it sits in (`payer: Northwind Traders`) sees only
capitalised words. The head noun of an institution, a newspaper or a firm says which kind
of name it is, in any document: such a name is an organisation, never a person.

English and German put the head last (`Justice Department`, `Commerzbank`); French, Spanish
and Italian first (`Agence France-Presse`, `Grupo Ferrovial`, `Ministerio de Hacienda`).
"""

from __future__ import annotations

import re

from nutgraf.analyze._names import words
from nutgraf.fold import fold

ORGANISATION_HEADS = frozenset(
    fold(word)
    for word in words(
        # institutions and firms, en
        "department ministry agency commission committee council authority bureau office "
        "university college institute hospital bank company corporation group holdings "
        "partners traders trading systems solutions industries foundation association "
        "federation party police tribunal times herald journal gazette tribune telegraph "
        "magazine airlines airways motors pharma pharmaceuticals laboratories technologies "
        "consulting "
        # fr es it pt
        "ministère agence banque groupe société compagnie université institut fondation "
        "commission conseil comité fédération syndicat journal "
        "ministerio agencia banco grupo sociedad compañía compania universidad instituto "
        "fundación fundacion comisión comision consejo comité federación diario periódico "
        "periodico empresa corporación corporacion ayuntamiento caja "
        "ministero agenzia banca gruppo società università istituto fondazione "
        # de
        "ministerium bundesamt amt behörde universität hochschule institut stiftung verband "
        "gruppe konzern zeitung rundschau allgemeine nachrichten gericht bundestag landtag"
    )
)
# German writes the head inside one word: `Commerzbank`, `Stadtsparkasse`, `Tageszeitung`.
_GERMAN_HEAD_ENDINGS = re.compile(
    r"(?:bank|sparkasse|zeitung|ministerium|gruppe|werke|versicherung|verband|konzern)$"
)


def is_organisation_word(word: str) -> bool:
    """One word that is an organisation's head noun (or a German compound ending with one)."""
    key = fold(word.strip(".,;:'’\"()"))
    return key in ORGANISATION_HEADS or (
        len(key) > 6 and word[:1].isupper() and bool(_GERMAN_HEAD_ENDINGS.search(key))
    )


def names_organisation(name: str) -> bool:
    """`Justice Department`, `Süddeutscher Zeitung`, `Grupo Ferrovial`: a head noun first or
    last (a surname that is also such a word, `Paul Post`, is why the list leaves those out)."""
    parts = name.split()
    return bool(parts) and (is_organisation_word(parts[0]) or is_organisation_word(parts[-1]))
