"""The privacy documentation names every purpose the access log uses, and every retention setting."""

import re
from pathlib import Path

from django.conf import settings

from privacy.models import AccessLog, Consent

DOCS = Path(settings.BASE_DIR) / "docs" / "privacy"


def test_every_access_log_purpose_is_in_the_register_of_processing_activities():
    register = (DOCS / "register.md").read_text()
    missing = [purpose for purpose in AccessLog.Purpose.values if f"`{purpose}`" not in register]
    assert missing == [], f"add these purposes to docs/privacy/register.md: {missing}"


def test_every_consent_purpose_is_in_the_register():
    register = (DOCS / "register.md").read_text()
    assert [p for p in Consent.Purpose.values if f"`{p}`" not in register] == []


def test_every_retention_period_is_documented():
    retention = (DOCS / "retention.md").read_text()
    assert [key for key in settings.PRIVACY_RETENTION_DAYS if f"`{key}`" not in retention] == []


def test_every_role_is_in_the_roles_document():
    roles = (DOCS / "roles.md").read_text()
    from accounts.roles import Role

    assert [role for role in Role.values if f"`{role}`" not in roles] == []


def test_the_dpia_links_to_documents_that_exist():
    """The DPIA describes the processing by pointing at the register and the retention page: those links work."""
    links = re.findall(r"\]\(([^)#:]+\.md)\)", (DOCS / "dpia.md").read_text())
    assert {"register.md", "retention.md"} <= set(links)
    assert [link for link in links if not (DOCS / link).is_file()] == []
