"""The assistant keeps no personal data of citizens (answers live in the citizen's browser only, in a signed
cookie: docs/security.md; usage is counted per day). Editions record which editor changed what: staff data,
not in a citizen's download."""

from leuvenhelpt.register import Holding

HOLDINGS = [
    Holding(
        model="assistant.Edition",
        subject=None,
        not_personal=(
            "id",
            "label",
            "state",
            "document",
            "revision",
            "based_on",
            "created_at",
            "created_by",
            "updated_at",
            "published_at",
            "published_by",
            "approved_by",
            "approved_at",
            "approved_revision",
        ),
    ),
    Holding(
        model="assistant.EditionChange",
        subject=None,
        not_personal=("id", "edition", "actor", "at", "action", "target", "before", "after"),
    ),
    Holding(
        model="assistant.CatalogueProduct",
        subject=None,
        not_personal=(
            "id",
            "edition",
            "key",
            "position",
            "kind",
            "theme",
            "audiences",
            "for_citizens",
            "for_businesses",
            "for_associations",
            "help_route",
            "name_nl",
            "name_en",
            "summary_nl",
            "summary_en",
            "translations",
            "search_text",
        ),
    ),
    Holding(model="assistant.UsageCount", subject=None, not_personal=("id", "edition", "day", "event", "key", "count")),
    # Answers of finished sessions, counted per week: no session, account, time or contact data, so not tied to
    # anyone; deleted after 90 days (assistant.tasks.purge_answer_sets).
    Holding(
        model="assistant.AnswerSet", subject=None, not_personal=("id", "edition", "week", "digest", "answers", "count")
    ),
]
