from django import forms
from django.utils.translation import gettext_lazy as _

from editorial.models import one_line

from .models import ContactMessage, Subscriber


class HoneypotMixin(forms.Form):
    """A field people never see and bots fill in; a filled-in form is dropped quietly."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


class ContactForm(HoneypotMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that LUMC Global keeps my name, email address and message to answer me."),
        error_messages={
            "required": _("Please agree, so that we may keep and answer your message.")
        },
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message", "consent"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {"name": _("Your name"), "email": _("Your email address")}
        help_texts = {
            "email": _("We only use it to answer you."),
            "message": _("At most 5,000 characters."),
        }

    def clean_subject(self):
        # A subject is one line, as browsers send it; what else sends line breaks gets spaces.
        subject = one_line(self.cleaned_data["subject"])
        if not subject:
            raise forms.ValidationError(
                self.fields["subject"].error_messages["required"], code="required"
            )
        return subject


class NewsletterForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=Subscriber._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Send me LUMC Global news. I can unsubscribe at any time with the link in every email."
        ),
        error_messages={"required": _("Please tick the box to subscribe.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()
