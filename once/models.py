"""One row per form post that created something: its one-time token, and where its result is."""

from django.db import models


class Submission(models.Model):
    """The first post of a form's one-time token claims the row (a unique index, so of 30 posts at once one
    wins and the others wait for it); a repeat of the token reads ``result`` and shows that instead of
    creating a second thing. Old rows are removed after a day (``once.tasks.submissions_prune``)."""

    token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Where the first post led (a path with an id or a reference code, never personal data) and the id of
    # what it created, for views that show the result from the session.
    result = models.CharField(max_length=200, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "form submission"

    def __str__(self) -> str:
        return f"{self.token} → {self.result}"
