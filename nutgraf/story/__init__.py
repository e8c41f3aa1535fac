"""A reporter's marks on a case: tags, stars, notes (on a document or a quote of it) and
saved searches. Kept in case.db by content sha256, so no re-ingest loses them.

    from nutgraf.story import marks, notes, saved
    marks.add_tags(case, "3f2a9c1b", ["offshore", "to check"])
    notes.add_note(case, "3f2a9c1b", "ask the bank", quote="EUR 1,250,000")
"""
