"""The reads of the catalogue editors' pages (``views_editor``): editions with their latest change, one
edition with its people, the recent changes, the authors' names. Each decides its own ``select_related`` and
leaves out the (large) catalogue documents where a page does not show them."""

from django.db.models import Count, OuterRef, QuerySet, Subquery

from accounts.models import User
from assistant.models import Edition, EditionChange


def edition_for_editor(edition_id: int) -> Edition | None:
    """One edition with who made, approved and published it (the document of the one it is based on left out)."""
    return (
        Edition.objects.select_related("based_on", "created_by", "published_by", "approved_by")
        .defer("based_on__document")
        .filter(pk=edition_id)
        .first()
    )


def edition_plain(edition_id: int) -> Edition | None:
    return Edition.objects.filter(pk=edition_id).first()


def published_edition_row(*, document: bool = True) -> Edition | None:
    """The published edition (without its document when the page does not need it)."""
    editions = Edition.objects.filter(state=Edition.State.PUBLISHED)
    return (editions if document else editions.defer("document")).first()


def editions_with_last_change() -> list[Edition]:
    """Every edition (without its document), newest first, with its number of products and its latest change
    (``last_action``, ``last_target``, ``last_at``, ``last_actor``), in one query."""
    last = EditionChange.objects.filter(edition=OuterRef("pk")).order_by("-at", "-id")
    return list(
        Edition.objects.defer("document", "based_on__document")
        .select_related("based_on", "created_by")
        .annotate(
            product_count=Count("product_rows", distinct=True),
            last_action=Subquery(last.values("action")[:1]),
            last_target=Subquery(last.values("target")[:1]),
            last_at=Subquery(last.values("at")[:1]),
            last_actor=Subquery(last.values("actor__full_name")[:1]),
        )
        .order_by("-created_at")
    )


def recent_changes(limit: int) -> QuerySet[EditionChange]:
    return (
        EditionChange.objects.select_related("actor", "edition")
        .defer("before", "after", "edition__document")
        .order_by("-at", "-id")[:limit]
    )


def author_names(user_ids: set[int]) -> list[str]:
    return list(User.objects.filter(pk__in=user_ids).order_by("full_name").values_list("full_name", flat=True))


def editions_for_report() -> list[Edition]:
    """Every edition without its document, newest first (the statistics form's choices)."""
    return list(Edition.objects.defer("document").order_by("-created_at"))


def edition_exists(edition_id: int) -> bool:
    return Edition.objects.filter(pk=edition_id).exists()
