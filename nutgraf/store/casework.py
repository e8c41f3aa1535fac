"""The reads and writes of a reporter's work and of what is computed across a case, as methods
of every store (SqlStore mixes this in): tags, stars, notes, saved searches; mail threads,
folders, versions, names across scripts; translations. Each is one statement module's function
on the store's connection, so that nothing outside nutgraf/store/ holds the connection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nutgraf.store import folders, script_links, story, threads, translations, versions
from nutgraf.store.database import Connection


class CaseworkStore:
    db: Connection

    # -- story --
    def entity_evidence(self, entity_id: str, limit: int) -> list[dict[str, Any]]:
        return story.entity_evidence(self.db, entity_id, limit)

    def add_note(self, sha256: str, body: str, span: tuple[int, int, str] | None = None) -> int:
        return story.add_note(self.db, sha256, body, span)

    def add_tags(self, sha256: str, tags: list[tuple[str, str]]) -> int:
        return story.add_tags(self.db, sha256, tags)

    def any_tag_doc_ids(self) -> list[str]:
        return story.any_tag_doc_ids(self.db)

    def document_hashes(self, doc_ids: list[str]) -> dict[str, str]:
        return story.document_hashes(self.db, doc_ids)

    def document_notes_and_tags(self, sha256: str) -> tuple[list[str], list[str]]:
        return story.document_notes_and_tags(self.db, sha256)

    def is_starred(self, sha256: str) -> bool:
        return story.is_starred(self.db, sha256)

    def mentions_with_entities(self, doc_id: str) -> list[dict[str, Any]]:
        return story.mentions_with_entities(self.db, doc_id)

    def note(self, note_id: int) -> dict[str, Any] | None:
        return story.note(self.db, note_id)

    def note_bodies(self) -> list[tuple[str, str]]:
        return story.note_bodies(self.db)

    def notes(self, sha256: str | None = None, spans_only: bool = False) -> list[dict[str, Any]]:
        return story.notes(self.db, sha256, spans_only)

    def remove_note(self, note_id: int) -> bool:
        return story.remove_note(self.db, note_id)

    def remove_saved(self, name: str) -> bool:
        return story.remove_saved(self.db, name)

    def remove_tags(self, sha256: str, keys: list[str]) -> int:
        return story.remove_tags(self.db, sha256, keys)

    def save_search(self, name: str, query: str) -> bool:
        return story.save_search(self.db, name, query)

    def saved_search(self, name: str) -> dict[str, Any] | None:
        return story.saved_search(self.db, name)

    def saved_searches(self) -> list[dict[str, Any]]:
        return story.saved_searches(self.db)

    def set_star(self, sha256: str, starred: bool) -> bool:
        return story.set_star(self.db, sha256, starred)

    def starred_doc_ids(self) -> list[str]:
        return story.starred_doc_ids(self.db)

    def starred_hashes(self, hashes: list[str]) -> set[str]:
        return story.starred_hashes(self.db, hashes)

    def tag_counts(self) -> list[dict[str, Any]]:
        return story.tag_counts(self.db)

    def tagged_doc_ids(self, key: str) -> list[str]:
        return story.tagged_doc_ids(self.db, key)

    def tags_of(self, sha256: str) -> list[str]:
        return story.tags_of(self.db, sha256)

    def tags_by_sha256(self, hashes: list[str]) -> dict[str, list[str]]:
        return story.tags_by_sha256(self.db, hashes)

    # -- folders --
    def files_in(self, path: str, limit: int) -> tuple[list[dict[str, Any]], int]:
        return folders.files_in(self.db, path, limit)

    def folder(self, path: str) -> dict[str, Any] | None:
        return folders.folder(self.db, path)

    def has_folders(self) -> bool:
        return folders.has_folders(self.db)

    def path_rows(self) -> Iterator[tuple[str, str, str | None, str | None]]:
        return folders.path_rows(self.db)

    def replace_folders(
        self,
        rows: list[tuple[str, str | None, int, int, dict[str, int], str | None]],
        files: list[tuple[str, str, str]],
    ) -> None:
        folders.replace_folders(self.db, rows, files)

    def subfolders(self, path: str | None) -> list[dict[str, Any]]:
        return folders.subfolders(self.db, path)

    # -- versions --
    def version_group_id(self, doc_id: str) -> str | None:
        return versions.group_id(self.db, doc_id)

    def has_versions(self) -> bool:
        return versions.has_versions(self.db)

    def version_members(self, group: str) -> list[dict[str, Any]]:
        return versions.members(self.db, group)

    def replace_versions(self, group_of: dict[str, str]) -> None:
        versions.replace_versions(self.db, group_of)

    def version_texts(
        self, min_length: int, most: int, skip_mimes: tuple[str, ...]
    ) -> Iterator[tuple[str, str]]:
        return versions.texts(self.db, min_length, most, skip_mimes)

    # -- threads --
    def has_threads(self) -> bool:
        return threads.has_threads(self.db)

    def mail_metadata(self) -> list[tuple[str, dict[str, Any]]]:
        return threads.mail_metadata(self.db)

    def replace_threads(self, thread_of: dict[str, str]) -> None:
        threads.replace_threads(self.db, thread_of)

    def thread_id(self, doc_id: str) -> str | None:
        return threads.thread_id(self.db, doc_id)

    def thread_mails(self, thread: str) -> list[dict[str, Any]]:
        return threads.thread_mails(self.db, thread)

    # -- script_links --
    def script_links_computed(self) -> bool:
        return script_links.computed_yet(self.db)

    def entity_names(self) -> list[tuple[str, str, list[str]]]:
        return script_links.entity_names(self.db)

    def replace_script_links(self, links: list[tuple[str, str, str, str]]) -> None:
        script_links.replace_links(self.db, links)

    def script_links_of(self, entity_id: str) -> list[dict[str, Any]]:
        return script_links.links_of(self.db, entity_id)

    # -- translations --
    def cached_translations(self, keys: list[str]) -> dict[str, tuple[str, list[Any]]]:
        return translations.cached(self.db, keys)

    def translation_completed(self, doc_id: str, target: str) -> str | None:
        return translations.completed(self.db, doc_id, target)

    def forget_translation(self, doc_id: str, target: str) -> None:
        translations.forget(self.db, doc_id, target)

    def mark_translation_complete(
        self, doc_id: str, target: str, text_sha256: str, segments: int
    ) -> None:
        translations.mark_complete(self.db, doc_id, target, text_sha256, segments)

    def save_translations(
        self,
        doc_id: str,
        target: str,
        rows: list[dict[str, Any]],
        cache: list[tuple[str, str, list[Any]]],
    ) -> None:
        translations.save_batch(self.db, doc_id, target, rows, cache)

    def translation_segments(self, doc_id: str, target: str) -> list[dict[str, Any]]:
        return translations.segments(self.db, doc_id, target)
