"""Forms of the pages; they check shapes only, the services check the rules."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from drafts.models import ActType, IssuingBody, Language


class SignUpForm(forms.Form):
    """A citizen's account; it works once the e-mail address is confirmed."""

    username = forms.RegexField(label=_("User name"), regex=r"^[\w.@+-]+$", max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8)
    # Left out by an older page or client: the language the page was shown in.
    language = forms.ChoiceField(label=_("Language of e-mails and notices"), choices=settings.LANGUAGES, required=False)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username

    def clean(self):
        # Checked with the name and e-mail, so a password like the user name is refused too.
        data = super().clean()
        if data.get("password"):
            candidate = get_user_model()(username=data.get("username", ""), email=data.get("email", ""))
            try:
                validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class LanguageForm(forms.Form):
    """The language of the user's e-mails and notices, and of the pages."""

    language = forms.ChoiceField(label=_("Language of e-mails and notices"), choices=settings.LANGUAGES)


class DraftForm(forms.Form):
    """A draft's metadata and text, pasted."""

    title = forms.CharField(label=_("Title"), max_length=500)
    act_type = forms.ModelChoiceField(label=_("Act type"), queryset=ActType.objects.all())
    issuing_body = forms.ModelChoiceField(label=_("Issuing body"), queryset=IssuingBody.objects.all())
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}), required=False)
    file = forms.FileField(
        label=_("Or a Word document (.docx)"),
        help_text=_(
            "Its paragraphs, numbering, tables and footnotes become the text; the document is kept with the draft."
        ),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    explanatory_note = forms.CharField(
        label=_("Explanatory note"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
