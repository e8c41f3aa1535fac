"""Word lists and normalisation shared by the recogniser (ner.py) and resolution (resolve.py)."""

from __future__ import annotations

import re

from nutgraf.fold import fold


def words(text: str) -> list[str]:
    """The words of a space-separated list (keeps long word lists readable)."""
    return text.split()


# Honorifics that come before a person's name, per language. The name is what follows.
HONORIFICS_LATIN = (
    r"M\.|MM\.|Mme\.?|Mmes|Mlle\.?|Monsieur|Madame|Mademoiselle|Maître|"
    r"Mr\.?|Mrs\.?|Ms\.?|Mister|Dr\.?|Prof\.?|Herr|Frau|Hr\.|"
    r"Sr\.|Sra\.|Srta\.|Señor|Señora|Doña|Dª|Sig\.|Sig\.ra|Signor|Signora|Dott\.|Dott\.ssa|"
    r"Dhr\.|Mevr\.|Mevrouw|Meneer|Senhor|Senhora"
)  # not `Don`, `Miss`, `Me`, `Fr.`: in English they are words too (`Don Quixote`, `Miss Out`)
HONORIFICS_ARABIC = (
    "السيد|السيدة|الدكتور|الدكتورة|الأستاذ|الأستاذة|الاستاذ|الاستاذة|المهندس|المهندسة|الشيخ|د\\."
)
HONORIFICS_HEBREW = 'מר|מרת|גב[\'׳]|גברת|ד["״]ר|עו["״]ד|פרופ[\'׳]|רו["״]ח|הרב'

# Words that follow an honorific but are titles or roles, not names (`Mr President`).
NOT_NAMES = frozenset(
    fold(word)
    for word in words(
        "President Président Presidente Präsident Minister Ministre Ministro Director "
        "Directeur Directrice Direktor Chairman Chair Secretary Ambassador Ambassadeur "
        "Judge Juge Mayor Maire Bürgermeister Le La Les The Der Die Das El Los Las Il Lo "
        "De Du Des Of And Et Und Madam Sir General Général Prime "
        "Premier Deputy Député Senator Sénateur Governor Gouverneur Attorney Procureur "
        "Doctor Docteur Professor Professeur الرئيس الوزير المدير السفير القاضي النائب "
        "الأمين العام رئيس وزير مدير שר ראש נשיא מנכל מנהל השופט היועץ "
        # honorifics stacked on one another (`الأستاذ الدكتور`) are titles, not names
        "السيد السيدة الدكتور الدكتورة الأستاذ الأستاذة المهندس المهندسة الشيخ "
        "מר מרת גברת הרב פרופסור"
    )
)
PARTICLES = frozenset(
    words(
        "de du des la le van von der den da di del della dos das do bin ibn al el ben ter ten zu y"
    )
)

# Legal forms that end a company's name; the normalised form is the key used for resolution.
LEGAL_SUFFIXES: dict[str, str] = {
    "sarl": "sarl", "s.a.r.l.": "sarl", "sàrl": "sarl", "eurl": "eurl", "sas": "sas",
    "s.a.s.": "sas", "sasu": "sasu", "sa": "sa", "s.a.": "sa", "sci": "sci",
    "gmbh": "gmbh", "ag": "ag", "kg": "kg", "gmbh & co. kg": "gmbh & co kg",
    "gmbh & co kg": "gmbh & co kg", "ltd": "ltd", "ltd.": "ltd", "limited": "ltd",
    "llc": "llc", "l.l.c.": "llc", "llp": "llp", "inc": "inc", "inc.": "inc",
    "incorporated": "inc", "corp": "corp", "corp.": "corp", "corporation": "corp",
    "plc": "plc", "p.l.c.": "plc", "bv": "bv", "b.v.": "bv", "nv": "nv", "n.v.": "nv",
    "spa": "spa", "s.p.a.": "spa", "srl": "srl", "s.r.l.": "srl", "s.l.": "sl",
    "s.l.u.": "slu", "sl": "sl", "oy": "oy", "ab": "ab", "a/s": "as", "aps": "aps",
    "pty ltd": "pty ltd", "pty. ltd.": "pty ltd", "pte ltd": "pte ltd", "pte. ltd.": "pte ltd",
    "co.": "co", "& co.": "co", "lda": "lda", "ltda": "ltda", "ltda.": "ltda", "s.a.s": "sas",
    'בע"מ': "bm", "בע״מ": "bm",
}  # fmt: skip
# Short all-capital forms that are also ordinary abbreviations: they must be written in capitals.
CAPITALS_ONLY = frozenset({"sa", "ag", "kg", "bv", "nv", "sl", "ab", "oy", "sas", "sci", "spa"})

_SUFFIX_TAIL = re.compile(
    r"[\s,]+("
    + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True))
    + r")$",
    re.IGNORECASE,
)


def name_tokens(name: str) -> list[str]:
    """Folded words of a name, punctuation set aside: `MARCHETTI, Hélène` → marchetti, helene."""
    return [word for word in re.split(r"[^\w'’]+", fold(name)) if word]


def split_legal_form(name: str) -> tuple[str, str | None]:
    """`Cirrolux Systems S.A.` → (`Cirrolux Systems`, `sa`); no legal form → (name, None)."""
    match = _SUFFIX_TAIL.search(name.strip())
    if not match:
        return name.strip(), None
    return name[: match.start()].strip(" ,"), LEGAL_SUFFIXES[match.group(1).lower()]


def organisation_key(name: str) -> tuple[str, str | None]:
    """The folded words of an organisation's name, and its normalised legal form (or None)."""
    base, form = split_legal_form(name)
    return " ".join(name_tokens(base)), form
