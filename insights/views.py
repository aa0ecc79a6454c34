"""/inzichten/: the impact map's KPIs for coordinators and city management (aggregates only)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.roles import Role
from insights.forms import PeriodForm, default_period
from insights.kpis import BY_KEY
from insights.periods import Period
from insights.selectors import csv_rows
from insights.selectors import dashboard as dashboard_data
from leuvenhelpt.csv_export import csv_response

insights_required = role_required(Role.COORDINATOR, Role.MANAGER)


def _period(request) -> tuple[PeriodForm, Period | None]:
    """The period form and the period it asks for (this month when none; ``None`` when invalid)."""
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    if not form.is_bound:
        return form, default_period(form.today)
    return form, form.chosen() if form.is_valid() else None


@require_GET
@insights_required
def dashboard(request):
    form, period = _period(request)
    if period is None:
        return render(request, "insights/dashboard.html", {"form": form}, status=400)
    context = {"form": form, "period": period, "query": request.GET.urlencode()} | dashboard_data(period)
    return render(request, "insights/dashboard.html", context)


@require_GET
@insights_required
def table_csv(request, key: str):
    kpi = BY_KEY.get(key)
    if kpi is None:
        raise Http404
    form, period = _period(request)
    if period is None:
        message = "\n".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return csv_response(csv_rows(kpi, period), filename=f"leuvenhelpt-{key}-{period.start}-{period.end}.csv")
