"""The programme report and one event's report in the admin: a filter form, the figures as tables and SVG charts,
and the same figures as XLSX or CSV (``?export=xlsx`` / ``?export=csv`` with the same filters)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.models import EventPage
from reports.charts import audience_chart, month_chart
from reports.exports import XLSX_TYPE, report_csv, report_xlsx
from reports.forms import ReportFilterForm
from reports.labels import audience_label
from reports.selectors import ProgrammeFigures, event_report_filters, programme_report
from reports.tables import report_sections

PERMISSION = "reports.view_programme_report"
EXPORTS = ("xlsx", "csv")


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _export(figures: ProgrammeFigures, *, kind: str, title: str, filename: str) -> HttpResponse:
    if kind == "xlsx":
        response = HttpResponse(report_xlsx(figures, title=title), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(report_csv(figures, title=title), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


def _render(request: HttpRequest, *, figures: ProgrammeFigures | None, context: dict) -> TemplateResponse:
    if figures is not None:
        context.update(
            figures=figures, sections={section.slug: section for section in report_sections(figures)},
            month_chart=month_chart(figures.by_month),
            audience_chart=audience_chart(figures.by_audience, audience_label),
        )
    return TemplateResponse(request, "reports/programme_report.html", context)


def _breadcrumbs(*items: tuple[str, str]) -> list[dict]:
    return [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
            *({"url": url, "label": label} for url, label in items)]


def programme_report_view(request: HttpRequest) -> HttpResponse:
    _require(request)
    export = request.GET.get("export", "")
    if export and export not in EXPORTS:
        return HttpResponseBadRequest(_("Unknown export format."))
    params = request.GET.copy()
    params.pop("export", None)
    form = ReportFilterForm(params or ReportFilterForm.this_year(timezone.localdate()))
    figures = programme_report(filters=form.filters()) if form.is_valid() else None
    title = _("Programme report")
    if figures is not None and export:
        filters = figures.filters
        return _export(figures, kind=export, title=title,
                       filename=f"programme-report-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}")
    query = urlencode({name: value for name, value in form.data.items() if value}) if form.is_bound else ""
    return _render(request, figures=figures, context={
        "form": form, "header_title": title, "query": query,
        "breadcrumbs_items": _breadcrumbs((reverse("programme_report"), title)),
    })


def event_report_view(request: HttpRequest, event_id: int) -> HttpResponse:
    _require(request)
    event = get_object_or_404(EventPage, pk=event_id).canonical
    if event.pk != event_id:  # a translation's id: the figures belong to the default-language page
        return redirect("event_report", event_id=event.pk)
    export = request.GET.get("export", "")
    if export and export not in EXPORTS:
        return HttpResponseBadRequest(_("Unknown export format."))
    figures = programme_report(filters=event_report_filters(event), event=event)
    title = _("Event report: %(title)s") % {"title": event.title}
    if export:
        return _export(figures, kind=export, title=title, filename=f"event-report-{slugify(event.slug)}")
    return _render(request, figures=figures, context={
        "event": event, "header_title": title, "query": "",
        "breadcrumbs_items": _breadcrumbs((f"{reverse('registrations:index')}?event={event.pk}", event.title),
                                          (reverse("event_report", args=[event.pk]), _("Report"))),
    })
