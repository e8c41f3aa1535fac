"""Watchlist matching: precision and recall on a generated list with known variants.

Builds a synthetic case vocabulary of person and company names, then a watchlist holding, for
part of them, a variant a list really carries (accents dropped, word order swapped, "Last,
First", upper case, one letter wrong, a middle initial added) and decoys that are not in the
case (same surname with another first name, names never seen). Prints precision and recall per
threshold. Deterministic (seeded); never passes or fails.

    python bench/watchlist.py [--names 2000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random

from nutgraf.story.watchlist import Candidate, Listed, match_names

FIRST = [
    "Hélène",
    "Zoë",
    "José",
    "Łukasz",
    "Søren",
    "François",
    "Ana",
    "Björn",
    "Jürgen",
    "Mónica",
    "Ingrid",
    "Paolo",
    "Aïcha",
    "Chloé",
    "Dmitri",
    "Yusuf",
    "Noémie",
    "Tomás",
    "Agnès",
    "Mateus",
    "Océane",
    "Rafael",
    "Çağla",
    "Ömer",
    "Eléonore",
    "Anaïs",
    "Lars",
    "Ilse",
    "Rémi",
    "Zdeněk",
    "Mária",
    "Ferenc",
    "Iñaki",
    "Bénédicte",
    "Grégoire",
    "Kübra",
    "Núria",
    "Jiří",
    "Oskar",
]
LAST = [
    "Marchetti",
    "Dupré",
    "Müller",
    "Nørgaard",
    "Kowalski",
    "Ibáñez",
    "Lefèvre",
    "Sørensen",
    "Novák",
    "Østergaard",
    "Gómez",
    "Rossi",
    "Schäfer",
    "Fontaine",
    "Duarte",
    "Kovačević",
    "Yılmaz",
    "Lindqvist",
    "Horváth",
    "Peña",
    "Moreau",
    "Bianchi",
    "Castañeda",
    "Dvořák",
    "Łęcki",
    "Jensen",
    "Brandão",
    "Vögele",
    "Szabó",
    "Aurélien",
    "Petrov",
    "Öztürk",
    "Navarro",
    "Ferraz",
]
COMPANY = [
    "Cirrolux",
    "Harbour",
    "Nordvik",
    "Albatros",
    "Meridian",
    "Quorra",
    "Vesta",
    "Sablon",
    "Orrin",
    "Tessaly",
    "Brightwater",
    "Kestrel",
    "Montclair",
    "Velden",
    "Arcadia",
    "Halvard",
    "Lunaris",
    "Portelli",
    "Gravin",
    "Ostara",
]
FORMS = ("Holdings", "Systems", "Trading", "Capital", "Shipping", "Partners")


def _strip_accents(name: str) -> str:
    import unicodedata

    table = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i"})
    decomposed = unicodedata.normalize("NFKD", name.translate(table))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _typo(name: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    i = rng.choice(letters[1:])
    return name[:i] + rng.choice("aeiourstn") + name[i + 1 :]


VARIANTS = {
    "accents": lambda name, rng: _strip_accents(name),
    "order": lambda name, rng: " ".join(reversed(name.split())),
    "comma": lambda name, rng: f"{name.split()[-1]}, {' '.join(name.split()[:-1])}",
    "upper": lambda name, rng: name.upper(),
    "typo": _typo,
    "accents+order": lambda name, rng: " ".join(reversed(_strip_accents(name).split())),
}


def build(count: int, seed: int):
    rng = random.Random(seed)
    # every name distinct once folded (Agnès and Ágnes would be one name to any reader)
    people = {f"{f} {last}" for f in FIRST for last in LAST}
    companies = {f"{c} {form}" for c in COMPANY for form in FORMS}
    people_list, company_list = sorted(people), sorted(companies)
    rng.shuffle(people_list)
    rng.shuffle(company_list)
    in_case_people = people_list[: count // 2]
    in_case_companies = company_list[: len(company_list) // 2]
    candidates = [Candidate(f"p{i}", "person", (n,)) for i, n in enumerate(in_case_people)]
    candidates += [
        Candidate(f"o{i}", "organization", (n,)) for i, n in enumerate(in_case_companies)
    ]
    truth: dict[str, str] = {}  # list key → the candidate it names
    entries: list[Listed] = []
    for index, candidate in enumerate(rng.sample(candidates, min(300, len(candidates)))):
        kind = rng.choice(sorted(VARIANTS))
        name = VARIANTS[kind](candidate.names[0], rng)
        key = f"t{index}-{kind}"
        entries.append(Listed(key, (name,), (candidate.type,)))
        truth[key] = candidate.entity_id
    # decoys: names not in the case, many sharing a surname or a company word with one that is
    for index, name in enumerate(people_list[count // 2 : count // 2 + 150]):
        entries.append(Listed(f"d{index}", (name,), ("person",)))
    for index, name in enumerate(company_list[len(company_list) // 2 :][:50]):
        entries.append(Listed(f"c{index}", (name,), ("organization",)))
    return entries, candidates, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=1000, help="person names in the case")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    entries, candidates, truth = build(args.names, args.seed)
    print(
        f"{len(candidates)} names in the case; list of {len(entries)}: {len(truth)} variants "
        f"of names in the case, {len(entries) - len(truth)} decoys"
    )
    print("threshold  precision  recall  (true+ / found, true+ / variants)")
    for threshold in (80.0, 85.0, 88.0, 90.0, 95.0, 100.0):
        found = {(e.key, c.entity_id) for e, c, *_ in match_names(entries, candidates, threshold)}
        right = {(key, entity) for key, entity in truth.items()}
        hits = len(found & right)
        precision = hits / len(found) if found else 1.0
        recall = hits / len(right)
        print(
            f"{threshold:9.0f}  {precision:9.3f}  {recall:6.3f}  ({hits}/{len(found)}, "
            f"{hits}/{len(right)})"
        )
    misses: dict[str, int] = {}
    found88 = {(e.key, c.entity_id) for e, c, *_ in match_names(entries, candidates, 90.0)}
    for key, entity in truth.items():
        if (key, entity) not in found88:
            kind = key.split("-", 1)[1]
            misses[kind] = misses.get(kind, 0) + 1
    print("missed at 90, by variant:", misses or "none")


if __name__ == "__main__":
    main()
