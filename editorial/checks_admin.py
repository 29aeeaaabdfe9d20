"""
The content checks in the change form (WorkflowAdmin): a "Checks" panel over
what the form shows (for a live item with draft changes, those changes), a
summary beside the buttons, and after publishing, a message that lists the
warnings. They never stop a save or a publication.
"""

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import checks

# Items named in the message after publishing from the list.
SHOWN = 10


class ChecksAdminMixin:
    @property
    def media(self):
        return super().media + forms.Media(
            js=["editorial/checks.js"], css={"all": ["editorial/checks.css"]}
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None or form.is_bound:
            findings = checks.check(form.instance, self.form_rows(context))
            context["checks"] = self.checks_context(findings)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def checks_context(self, findings):
        return {
            "warnings": checks.warnings(findings),
            "notes": [finding for finding in findings if finding.severity == checks.NOTE],
            "rule": checks.readability_rule(),
        }

    def form_rows(self, context):
        """The inline rows as the form shows them, without empty extra and deleted ones."""
        rows = []
        for inline_formset in context.get("inline_admin_formsets", []):
            formset = inline_formset.formset
            name = capfirst(inline_formset.opts.verbose_name)
            for number, form in enumerate(formset.forms, start=1):
                if form.instance.pk is None and not form.has_changed():
                    continue
                if formset.is_bound and formset.can_delete and formset._should_delete_form(form):
                    continue
                rows.append(checks.Part(form.instance, form.prefix, f"{name} {number}"))
        return rows

    def saved_rows(self, items):
        """
        {item's pk: its inline rows as Parts, named as its form names them}, for
        saved items (a queryset or a list), in one query per inline.
        """
        rows = defaultdict(list)
        for inline in self.inlines:
            model = inline.model
            fk = next(
                field
                for field in model._meta.concrete_fields
                if field.many_to_one
                and field.related_model == self.model
                and inline.fk_name in (None, field.name)
            )
            prefix = fk.remote_field.get_accessor_name(model=False).replace("+", "")
            name = capfirst(inline.verbose_name or model._meta.verbose_name)
            for row in model._default_manager.filter(**{f"{fk.name}__in": items}):
                owner = rows[getattr(row, fk.attname)]
                number = sum(part.prefix.startswith(f"{prefix}-") for part in owner)
                owner.append(checks.Part(row, f"{prefix}-{number}", f"{name} {number + 1}"))
        return rows

    def report_checks(self, request, obj):
        """After publishing: what the checks warn about, in a message."""
        found = checks.warnings(checks.check(obj, self.saved_rows([obj])[obj.pk]))
        if not found:
            return
        listed = "; ".join(f"{finding.label}: {finding.problem.title}" for finding in found)
        messages.warning(
            request,
            ngettext(
                "The checks warn about one thing (see Checks on the form): %(list)s.",
                "The checks warn about %(count)d things (see Checks on the form): %(list)s.",
                len(found),
            )
            % {"count": len(found), "list": listed},
        )

    def report_checks_of(self, request, queryset):
        """After publishing items from the list: which of them the checks warn about."""
        images = [field.name for field in checks.image_fields(self.model)]
        items = list(queryset.select_related(*images) if images else queryset)
        rows = self.saved_rows(items) if self.inlines else {}
        checker = checks.Checker()
        found = [(obj, checker.check(obj, rows.get(obj.pk, []))) for obj in items]
        checker.finish()
        warned = [str(obj) for obj, findings in found if checks.warnings(findings)]
        if not warned:
            return
        shown = ", ".join(f"“{name}”" for name in warned[:SHOWN])
        if len(warned) > SHOWN:
            shown += _(" and %(count)d more") % {"count": len(warned) - SHOWN}
        messages.warning(
            request,
            ngettext(
                "The checks warn about %(count)d of them: %(items)s. Its form says what.",
                "The checks warn about %(count)d of them: %(items)s. Their forms say what.",
                len(warned),
            )
            % {"count": len(warned), "items": shown},
        )
