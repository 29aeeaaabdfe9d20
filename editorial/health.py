"""
Content health: the content checks (editorial/checks.py) over everything the
public reads, as a report in the admin with counts per problem and a link to
each item. It reads every content type with the editorial workflow in the
admin, found through the admin's registry, so a new type needs no step here.

The report page runs the checks afresh; the admin's home page shows the counts
of the last run (`HealthReport`), which a background task brings up to date
after each publication, unpublication, deletion or image change in the admin.
"""

from datetime import datetime

from django.contrib import admin
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import checks
from .models import HealthReport, Image, Publication, ReviewNote


def checked_admins():
    """(model, model admin) of each content type the report reads, by name."""
    from .admin import WorkflowAdmin

    found = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, WorkflowAdmin)
    ]
    return sorted(found, key=lambda pair: str(pair[0]._meta.verbose_name_plural))


def public(model):
    """What the public reads of a model: its published items, or all (page texts, teams)."""
    queryset = model._default_manager.all()
    if issubclass(model, Publication):
        queryset = queryset.published()
    images = [field.name for field in checks.image_fields(model)]
    return queryset.select_related(*images) if images else queryset


def change_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    except NoReverseMatch:
        return ""


def run():
    """Run the checks over everything published and keep the result as the report."""
    started = timezone.now()
    checker = checks.Checker()
    checked = []
    for model, model_admin in checked_admins():
        items = list(public(model))
        rows = model_admin.saved_rows(items) if model_admin.inlines else {}
        checked += [(obj, checker.check(obj, rows.get(obj.pk, []))) for obj in items]
    checker.finish()
    counts, listed = {}, []
    for obj, findings in checked:
        found = checks.warnings(findings)
        if not found:
            continue
        listed.append(
            {
                "kind": str(capfirst(obj._meta.verbose_name)),
                "title": str(obj)[:200],
                "url": change_url(obj),
                "findings": [finding.as_dict() for finding in found],
            }
        )
        for code in {finding.code for finding in found}:
            count = counts.setdefault(code, {"findings": 0, "items": 0})
            count["findings"] += sum(finding.code == code for finding in found)
            count["items"] += 1
    report, _created = HealthReport.objects.update_or_create(
        pk=1,
        defaults={
            "checked_at": started,
            "items_checked": len(checked),
            "counts": {code: counts[code] for code in checks.PROBLEMS if code in counts},
            "items": listed,
        },
    )
    return report


@task
def check_content_health(requested_at=None):
    """Run the report again, unless a run that started after this was asked for did already."""
    if requested_at:
        last = HealthReport.objects.filter(pk=1).values_list("checked_at", flat=True).first()
        if last and last >= datetime.fromisoformat(requested_at):
            return
    run()


def check_again():
    """Bring the report up to date once the current transaction is done."""
    requested_at = timezone.now().isoformat()
    transaction.on_commit(lambda: check_content_health.enqueue(requested_at))


def changed_in_admin(sender, instance, created, **kwargs):
    """After what changes the public's content: publishing, unpublishing, deleting, an image."""
    if sender is ReviewNote:
        if created and instance.action in (
            ReviewNote.Action.PUBLISHED,
            ReviewNote.Action.UNPUBLISHED,
        ):
            check_again()
        return
    if not instance.content_type_id:
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    image_changed = model is Image and instance.action_flag == CHANGE
    if image_changed or (instance.action_flag == DELETION and model in dict(checked_admins())):
        check_again()


def connect():
    post_save.connect(changed_in_admin, sender=ReviewNote, dispatch_uid="editorial.health.notes")
    post_save.connect(changed_in_admin, sender=LogEntry, dispatch_uid="editorial.health.log")


# What the admin shows


def problems(report):
    """The problems the report found, in the checks' order, with their counts and items."""
    found = []
    for code, count in report.counts.items():
        problem = checks.PROBLEMS.get(code)
        if problem is None:
            continue
        rows = [
            {**item, "finding": finding}
            for item in report.items
            for finding in item["findings"]
            if finding["code"] == code
        ]
        found.append({"problem": problem, "code": code, **count, "rows": rows})
    return found


def summary():
    """The last report's counts, for the admin's home page: one query, however much content."""
    report = HealthReport.objects.defer("items").filter(pk=1).first()
    if report is None:
        return {"report": None, "total": 0, "problems": []}
    listed = [
        {"problem": checks.PROBLEMS[code], "code": code, **count}
        for code, count in report.counts.items()
        if code in checks.PROBLEMS
    ]
    return {
        "report": report,
        "total": sum(count["findings"] for count in listed),
        "problems": listed,
    }


def report_view(request, admin_site):
    """The content health report, the checks run afresh over everything published."""
    report = run()
    found = problems(report)
    context = {
        **admin_site.each_context(request),
        "title": _("Content health"),
        "report": report,
        "problems": found,
        "total": sum(problem["findings"] for problem in found),
        "rule": checks.readability_rule(),
    }
    return TemplateResponse(request, "admin/editorial/content_health.html", context)
