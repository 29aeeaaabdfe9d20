from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView
from django.views.static import serve
from redis.exceptions import RedisError

from editorial.seo import breadcrumbs, organisation
from editorial.views import BreadcrumbsMixin, PageTextMixin
from events.models import Event, NewsItem
from research.models import KeyFigure

from .context_processors import navigation
from .forms import ContactForm, NewsletterForm
from .models import ContactMessage, SocialLink, Subscriber
from .ratelimit import address_hash, over_limit
from .search import KEYS, search
from .tasks import notify_staff_of_contact_message, send_subscriber_email


class HomeView(PageTextMixin, TemplateView):
    template_name = "lumcglobal/home.html"
    page_key = "home"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            key_figures=KeyFigure.objects.on_home(),
            upcoming_events=Event.objects.upcoming()[:3],
            latest_news=NewsItem.objects.latest()[:3],
            **kwargs,
        )
        context["structured_data"] = [
            {
                "@context": "https://schema.org",
                **organisation(full=True),
                "description": context["page"].description,
                "sameAs": [link.url for link in SocialLink.objects.published()],
            }
        ]
        return context


class AboutView(PageTextMixin, BreadcrumbsMixin, TemplateView):
    template_name = "lumcglobal/about.html"
    page_key = "about"
    breadcrumbs = [(_("About"), None)]


class SearchView(BreadcrumbsMixin, TemplateView):
    """/search/?q=: every published item that matches, best first, narrowed by ?type=."""

    template_name = "lumcglobal/search.html"
    breadcrumbs = [(_("Search"), None)]
    per_page = 20

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:200]
        chosen = KEYS.get(self.request.GET.get("type"))
        results = search(query, chosen)
        return super().get_context_data(
            query=query,
            chosen=chosen.key if chosen else None,
            kinds=results.counts,
            total=results.total,
            suggestion=results.suggestion,
            page_obj=results.page(self.request.GET.get("page"), self.per_page),
            **kwargs,
        )


class RateLimitedFormView(PageTextMixin, BreadcrumbsMixin, FormView):
    """A public form with a honeypot and a per-address limit."""

    rate_limit_message = _(
        "You have sent this form several times in a short while. Please try again in an hour."
    )

    def form_valid(self, form):
        if form.is_spam():
            return redirect(self.get_success_url())
        address = address_hash(self.request)
        if self.over_limit(address):
            form.add_error(None, self.rate_limit_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.save(form, address)
        return redirect(self.get_success_url())


class ContactView(RateLimitedFormView):
    template_name = "lumcglobal/contact.html"
    page_key = "contact"
    breadcrumbs = [(_("Contact"), None)]
    form_class = ContactForm
    success_url = reverse_lazy("contact_thanks")

    def over_limit(self, address):
        return over_limit(ContactMessage.objects, address, settings.CONTACT_RATE_LIMIT)

    def save(self, form, address):
        message = form.save(commit=False)
        message.address_hash = address
        message.save()
        transaction.on_commit(partial(notify_staff_of_contact_message.enqueue, message.pk))


class ContactThanksView(BreadcrumbsMixin, TemplateView):
    template_name = "lumcglobal/contact_thanks.html"
    breadcrumbs = [(_("Contact"), "contact"), (_("Message sent"), None)]


class NewsletterView(RateLimitedFormView):
    template_name = "lumcglobal/newsletter.html"
    page_key = "newsletter"
    breadcrumbs = [(_("Newsletter"), None)]
    form_class = NewsletterForm
    success_url = reverse_lazy("newsletter_thanks")

    def get_initial(self):
        # The sign-up box in the footer sends the address here to be confirmed.
        return {"email": self.request.GET.get("email", "")[:254]}

    def over_limit(self, address):
        return over_limit(
            Subscriber.objects, address, settings.NEWSLETTER_RATE_LIMIT, field="requested_at"
        )

    def save(self, form, address):
        subscriber, created = Subscriber.objects.get_or_create(email=form.cleaned_data["email"])
        # Confirmed addresses get nothing, so the form does not tell who is
        # subscribed; pending ones get one new link every few minutes at most.
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return
        since = timezone.now() - timedelta(seconds=settings.NEWSLETTER_RESEND_AFTER)
        pending = subscriber.status == Subscriber.Status.PENDING
        if pending and not created and subscriber.requested_at > since:
            return
        subscriber.status = Subscriber.Status.PENDING
        subscriber.requested_at = timezone.now()
        subscriber.address_hash = address
        subscriber.save(update_fields=["status", "requested_at", "address_hash"])
        transaction.on_commit(partial(send_subscriber_email.enqueue, subscriber.pk, "confirm"))


class NewsletterThanksView(BreadcrumbsMixin, TemplateView):
    template_name = "lumcglobal/newsletter_thanks.html"
    breadcrumbs = [(_("Newsletter"), "newsletter"), (_("Check your inbox"), None)]
    extra_context = {"confirm_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400}


@method_decorator(csrf_exempt, name="dispatch")
class NewsletterLinkView(BreadcrumbsMixin, TemplateView):
    """
    A signed link from a newsletter email. Mail scanners open every link, so
    opening one only shows a page with a button; pressing it (a POST) acts.
    The signed link is the authority, not a cookie: no CSRF token.
    """

    http_method_names = ["get", "post"]
    max_age = None
    extra_context = {"confirm_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400}

    def dispatch(self, request, *args, **kwargs):
        self.subscriber = Subscriber.from_token(kwargs["token"], self.salt, self.max_age)
        if self.subscriber is None:
            context = {
                "breadcrumbs": breadcrumbs((_("Newsletter"), "newsletter"), (_("Link"), None)),
                **self.extra_context,
            }
            return render(request, "lumcglobal/newsletter_invalid_link.html", context, status=404)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.act()
        return self.get(request, *args, **kwargs)

    def get_template_names(self):
        return [self.done_template_name if self.done() else self.template_name]

    def get_breadcrumbs(self):
        return [
            (_("Newsletter"), "newsletter"),
            (self.done_label if self.done() else self.label, None),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(subscriber=self.subscriber, **kwargs)


class NewsletterConfirmView(NewsletterLinkView):
    template_name = "lumcglobal/newsletter_confirm.html"
    done_template_name = "lumcglobal/newsletter_confirmed.html"
    label, done_label = _("Confirm"), _("Confirmed")
    salt = Subscriber.CONFIRM_SALT
    max_age = settings.NEWSLETTER_CONFIRM_MAX_AGE

    def act(self):
        if self.subscriber.confirm():
            transaction.on_commit(
                partial(send_subscriber_email.enqueue, self.subscriber.pk, "welcome")
            )

    def done(self):
        return self.subscriber.status == Subscriber.Status.CONFIRMED


class NewsletterUnsubscribeView(NewsletterLinkView):
    """Also takes the one-click POST that mail clients send (RFC 8058)."""

    template_name = "lumcglobal/newsletter_unsubscribe.html"
    done_template_name = "lumcglobal/newsletter_unsubscribed.html"
    label, done_label = _("Unsubscribe"), _("Unsubscribed")
    salt = Subscriber.UNSUBSCRIBE_SALT

    def act(self):
        self.subscriber.unsubscribe()

    def done(self):
        return self.subscriber.status == Subscriber.Status.UNSUBSCRIBED


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if settings.REDIS_URL:
        try:
            cache.get("healthz")
        except RedisError:
            return HttpResponse("cache unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def media(request, path):
    """Uploads from local disk, when DJANGO_SERVE_MEDIA asks the app to serve them."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def server_error(request):
    """The 500 page, rendered without touching the database (it may be what failed)."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request": request, **navigation(request)}), status=500)


# How soon a visitor may try again when the database is away, in seconds.
RETRY_AFTER = 120


def service_unavailable(request):
    """The 503 page for a database that is down or hangs, rendered without it."""
    template = loader.get_template("503.html")
    response = HttpResponse(
        template.render({"request": request, **navigation(request)}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response
