"""Entities named in two scripts are linked as suggestions (never merged), shown on the entity
page and in the API, and merged only by a reviewer."""

from __future__ import annotations

import re
from email.message import EmailMessage

import pytest
from starlette.testclient import TestClient

from nutgraf import ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.names_across import links_of
from nutgraf.web import create_app

# Addresses that do not spell the names, so that nothing but the names could link them.
SENDERS = {
    "latin.eml": "Karim Haddad <kx1@consult.example>",
    "arabic.eml": "كريم حداد <kx2@mail.example>",
    "decoy.eml": "Karim Hamdan <kx3@other.example>",
    "hebrew.eml": "שרה כהן <sx1@news.example>",
    "latin2.eml": "Sarah Cohen <sx2@press.example>",
}


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("across")
    leak = root / "leak"
    leak.mkdir()
    for name, sender in SENDERS.items():
        message = EmailMessage()
        message["From"], message["To"] = sender, "Desk <desk@paper.example>"
        message["Subject"], message["Date"] = "Note", "Tue, 05 Mar 2024 10:15:00 +0100"
        message.set_content("See the attached figures.\n")
        (leak / name).write_bytes(message.as_bytes())
    with open_case(root / "case", create=True) as opened:
        ingest(opened, [leak], IngestSettings(workers=1))
        yield opened


def _entity(case, name: str) -> dict:
    return next(e for e in case.store.entities() if e["name"] == name)


def test_a_name_in_two_scripts_is_linked_both_ways_and_a_decoy_is_not(case):
    karim, arabic = _entity(case, "Karim Haddad"), _entity(case, "كريم حداد")
    assert karim["id"] != arabic["id"]  # a suggestion, not a merge
    assert [link["id"] for link in links_of(case.store, karim["id"])] == [arabic["id"]]
    assert [link["id"] for link in links_of(case.store, arabic["id"])] == [karim["id"]]
    assert links_of(case.store, _entity(case, "Karim Hamdan")["id"]) == []
    sarah = _entity(case, "Sarah Cohen")
    assert [link["name"] for link in links_of(case.store, sarah["id"])] == ["שרה כהן"]


def test_the_entity_page_suggests_and_a_reviewer_merges(case):
    karim = _entity(case, "Karim Haddad")
    with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
        page = client.get(f"/entities/{karim['id']}").text
        assert "written in another script" in page and "كريم حداد" in page
        api = client.get(f"/api/entities/{karim['id']}").json()
        assert [o["name"] for o in api["other_scripts"]] == ["كريم حداد"]
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        other = api["other_scripts"][0]["id"]
        client.post(
            f"/entities/{karim['id']}/review",
            data={"token": token, "action": "merge", "with": other},
        )
    merged = [e for e in case.store.entities() if "Karim Haddad" in {e["name"], *e["aliases"]}]
    assert len(merged) == 1 and "كريم حداد" in {merged[0]["name"], *merged[0]["aliases"]}
    assert links_of(case.store, merged[0]["id"]) == []  # one entity now: nothing to suggest
