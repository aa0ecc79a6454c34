"""Fixtures of the catalogue editor's tests, shared by its test modules (an editor, a published edition, a draft)."""

from tests.assistant.test_editor import draft, editor_client, editor_user, english, published  # noqa: F401
