"""The false-alarm classes of issue 10's entity precision: each rule on text it must settle."""

from __future__ import annotations

from nutgraf.analyze._columns import _kind_of
from nutgraf.analyze._gazetteer import find_places
from nutgraf.analyze.entities import mentions_from_metadata
from nutgraf.analyze.ner import find_mentions


def _found(text: str, language: str) -> list[tuple[str, str]]:
    mentions = find_mentions(text, None, language)
    assert all(text[m.start or 0 : m.end or 0] == m.quote for m in mentions)
    return [(m.type, m.quote) for m in mentions]


def test_an_institution_said_to_act_is_an_organisation() -> None:
    assert _found("The Justice Department said on Wednesday.", "en") == [
        ("organization", "Justice Department")
    ]
    assert ("organization", "Süddeutscher Zeitung") in _found(
        "Laut Süddeutscher Zeitung ermittelt die Staatsanwaltschaft.", "de"
    )
    assert ("person", "Hugo Marchetti") in _found("Hugo Marchetti a signé le contrat.", "fr")


def test_a_person_name_stops_before_an_employer_after_a_particle() -> None:
    found = _found("Herr Thomas Becker von der Commerzbank prüft die Bürgschaft.", "de")
    assert ("person", "Thomas Becker") in found
    assert ("person", "Ursula von der Leyen") in _found("Frau Ursula von der Leyen sagte.", "de")


def test_a_surname_that_is_also_a_town_is_no_place() -> None:
    text = "Senator Elizabeth Warren called it a slap. Ministro Sergio Massa firmó."
    assert [text[p.start : p.end] for p in find_places(text, "en")] == []
    kept = "They met in Warren, then in Greater London and North Dakota. Like France, Spain."
    names = [kept[p.start : p.end] for p in find_places(kept, "en")]
    assert "Warren" in names and "France" in names and "Spain" in names


def test_company_columns_and_lowercase_legal_forms() -> None:
    assert _kind_of("Northwind Traders") == "organization"
    assert _kind_of("Grupo Ferrovial") == "organization"
    assert _kind_of("Ana Ruiz") == "person"
    found = _found("Taxes owed by Greek limited companies and Harbour Holdings Limited.", "en")
    assert found == [("organization", "Harbour Holdings Limited")]


def test_arabic_organisation_goes_on_over_li_al() -> None:
    found = _found("نود إبلاغكم بأن مؤسسة النيل للتنمية وافقت على التمويل", "ar")
    assert ("organization", "مؤسسة النيل للتنمية") in found


def test_mail_headers_role_address_and_company_sender() -> None:
    mentions = mentions_from_metadata(
        {
            "to_addresses": [{"email": "dev@tika.apache.org"}],
            "from_addresses": [{"name": "Cirrolux Systems", "email": "billing@cirrolux.com"}],
            "cc_addresses": [{"name": "Nick Burch", "email": "nick@apache.org"}],
        }
    )
    assert [(m.type, m.name) for m in mentions] == [
        ("organization", "Cirrolux Systems"),
        ("person", "Nick Burch"),
    ]


def test_a_place_inside_a_hyphened_name_is_no_place() -> None:
    text = "a-t-il déclaré à l'Agence France-Presse. La France a voté."
    assert [text[p.start : p.end] for p in find_places(text, "fr")] == ["France"]


def test_a_foreign_town_in_hebrew_letters_needs_the_context_to_say_so() -> None:
    alone = "קוקס הובס בבחירות על ידי וורן הרדינג הרפובליקני"
    assert [alone[p.start : p.end] for p in find_places(alone, "he")] == []
    assert [p.name for p in find_places("הוא גר בוורן.", "he")] == ["Warren"]  # "in Warren"
    assert [p.name for p in find_places("פריז יפה.", "he")] == ["Paris"]  # a big city
