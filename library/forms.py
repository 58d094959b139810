"""Forms of the library's pages; they check shapes only, the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from drafts.models import Language
from drafts.selectors import draft_list_visible_to
from files.kinds import extensions_of
from library.models import FILE_KIND, Kind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MaterialFilterForm(forms.Form):
    """What the library page is narrowed to; a value that is not valid is dropped, with its error shown."""

    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + Kind.choices, required=False)
    tag = forms.CharField(label=_("Tag"), max_length=60, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("All"))] + Language.choices, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False, widget=forms.HiddenInput)


class MaterialForm(forms.Form):
    """A material's fields, its file, and the drafts it concerns (those the editor can see)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=10_000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    date = forms.DateField(label=_("Date of the event or material"), widget=DATE)
    tags = forms.CharField(
        label=_("Tags"), max_length=1000, required=False, help_text=_("Separated by commas, e.g.: Soliqlar, Urgut")
    )
    author_or_source = forms.CharField(label=_("Author or source"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    text = forms.CharField(
        label=_("Text (for a text material)"),
        max_length=200_000,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A photo, audio or video needs its file; a text may carry a document."),
        widget=forms.FileInput(attrs={"accept": ",".join(f".{e}" for e in extensions_of(set(FILE_KIND.values())))}),
    )
    drafts = forms.MultipleChoiceField(
        label=_("Drafts and acts it concerns"),
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = draft_list_visible_to(user).order_by("-updated_at", "-id").values_list("pk", "title")[:300]
        self.fields["drafts"].choices = [(str(pk), title) for pk, title in visible]

    def clean_tags(self):
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]

    def clean_drafts(self):
        return [int(pk) for pk in self.cleaned_data["drafts"]]
