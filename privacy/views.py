from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.permissions import login_required
from privacy.models import AccessLog
from requests_app.models import Person

SHOWN_MONTHS = 24


@never_cache
@require_GET
@login_required
def my_access_log(request):
    """/mijn/gegevens/: who looked at my data, when and why — only about the signed-in person themself."""
    since = timezone.now() - timedelta(days=SHOWN_MONTHS * 31)
    person_ids = list(Person.objects.filter(user=request.user).values_list("pk", flat=True))
    entries = AccessLog.objects.filter(person_id__in=person_ids, at__gte=since).order_by("-at", "-id")[:500]
    return render(request, "privacy/my_access_log.html", {"entries": entries, "months": SHOWN_MONTHS})
