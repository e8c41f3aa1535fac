"""Issue 11 end to end: objects embedded in a .ppt and a mail sent as message/partial fragments
become documents of their own in a real ingest, with their text and their facts."""

from __future__ import annotations

import shutil
from pathlib import Path

from nutgraf import ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from tests.conftest import corpus_file
from tests.formats.test_mail_partial import CSV, _fragments, _mbox


def test_embedded_objects_and_joined_fragments_are_read_as_documents(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    shutil.copyfile(corpus_file("tika/microsoft/testPPT_embeded.ppt"), leak / "deck.ppt")
    first, second, third = _fragments()
    unrelated = b"From: carol@example.org\nSubject: lunch\n\nSee you at noon.\n"
    _mbox(leak, [second, third, first, unrelated])
    case = open_case(tmp_path / "case", create=True)
    try:
        ingest(case, [leak], IngestSettings(workers=1))
        docs = {doc.path.split("/leak/", 1)[1]: doc for doc in case.store.documents()}
        document = docs["deck.ppt/embedded-2.doc"]
        assert document.mime == "application/msword" and document.error is None
        assert "The Alfresco logo is above this" in case.store.text(document.id)
        assert docs["deck.ppt/embedded-1.xls"].mime == "application/vnd.ms-excel"

        joined = docs["mail.mbox/joined-1.eml"]
        assert joined.error is None and joined.metadata["subject"] == "Quarterly figures"
        sheet = docs["mail.mbox/joined-1.eml/figures.csv"]
        assert case.blobs.path(sheet.sha256).read_bytes() == CSV
        fragment = docs["mail.mbox/1"]
        assert fragment.metadata["fragment"] == "2 of 3"
        assert fragment.metadata["container"]["partial"].startswith("partial: 3 of 3")

        wanted = {joined.id, document.id, sheet.id}
        rows = case.store.db.execute('SELECT doc_id, start, "end", quote FROM facts').fetchall()
        checked = [row for row in rows if row[0] in wanted]
        assert checked  # the amounts and dates of the joined mail and its sheet
        for doc_id, start, end, quote in checked:
            assert case.store.text(doc_id)[start:end] == quote
    finally:
        case.close()
