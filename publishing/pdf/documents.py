"""The HTML of printed documents: the official copy of an act and the print of a draft."""

import functools
import hashlib
import inspect
import json
from pathlib import Path

import pyphen
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from weasyprint import __version__ as WEASYPRINT_VERSION

from drafts.labels import labels_for, long_date
from drafts.models import DraftAttachment
from drafts.structure import parse
from publishing.pdf.fetcher import ASSETS

ACT_TEMPLATE = "pdf/act.html"
HTML_LANG = {"uz-latn": "uz-Latn", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}
# The interface language whose reference names (issuing body, act type, place, signatory) a
# document in this language prints: a Cyrillic act names its issuer in Cyrillic.
NAMES_LANGUAGE = {"uz-latn": "uz", "uz-cyrl": "uz-cyrl", "ru": "ru", "en": "en"}


def hyphenates(html_lang: str) -> bool:
    """Whether WeasyPrint has a hyphenation dictionary (pyphen) for this language.

    Justified text without hyphenation shows wide gaps between words; where there is no
    dictionary (Uzbek, in either script) the text is set ragged-right instead.
    """
    return pyphen.language_fallback(html_lang.replace("-", "_")) is not None


def _site(site: str | None) -> str:
    """The address printed on a document: the host that served the request, else SITE_URL."""
    return (site or settings.SITE_URL).rstrip("/")


def printed_blocks(body: str) -> list[dict]:
    """The text's blocks as printed: the paragraph right after an annex caption is the annex's title.

    Page furniture copied from the legislation database (notes) is no part of the act and is not
    printed; a table keeps its rows and cells.
    """
    printed, previous = [], None
    for block in parse(body).blocks:
        if block.kind == "note":
            continue
        kind = "annex-title" if previous == "annex" and block.kind == "paragraph" else block.kind
        printed.append({"kind": kind, "text": block.text, "rows": block.rows})
        previous = block.kind
    return printed


def verify_url(text_checksum: str, site: str | None = None) -> str:
    """The public address where a copy with this text checksum can be verified, on `site` (else SITE_URL)."""
    return f"{_site(site)}/verify/{text_checksum}/"


def _act_context(draft, version, *, official: bool, site: str | None = None) -> dict:
    """Everything the act template prints except the text's blocks, which follow from `version.body`."""
    labels = labels_for(draft.language)
    html_lang = HTML_LANG.get(draft.language, "uz")
    # The print carries the date of its version, not of the day it is printed: the same version
    # always prints the same, so one stored print serves every request (publishing.pdf.prints).
    version_day = timezone.localdate(version.created_at) if version.created_at else timezone.localdate()
    return {
        "official": official,
        "html_lang": html_lang,
        "justify": hyphenates(html_lang),
        "labels": labels,
        "title": version.title,
        "act_type": draft.act_type,
        "issuing_body": draft.issuing_body,
        "number": draft.number,
        "number_text": labels["number"].format(n=draft.number) if draft.number else "",
        "date_text": long_date(draft.approved_on, draft.language) if draft.approved_on else "",
        "version_text": labels["version"].format(n=version.number) + f", {long_date(version_day, draft.language)}",
        "checksum": version.checksum,
        "verify_url": verify_url(version.checksum, site),
    }


def act_html(draft, version, *, official: bool, site: str | None = None) -> str:
    """The act as printed: the official copy of an approved version, or a marked print of a draft.

    Reference names are printed in the act's language, whatever the language of the request.
    `site` is the address the verification line names (SITE_URL when None).
    """
    context = _act_context(draft, version, official=official, site=site)
    # An approved act's attachments are frozen with it (drafts.attachments): its official copy names them.
    context["attachments"] = _attachments_named(draft) if official else []
    with translation.override(NAMES_LANGUAGE.get(draft.language, "uz")):
        return render_to_string(ACT_TEMPLATE, {**context, "blocks": printed_blocks(version.body)})


def _attachments_named(draft) -> list[dict]:
    """Each attachment as the official copy names it: its title in the act's language, file name, size, SHA-256."""
    attachments = DraftAttachment.objects.filter(draft=draft).select_related("stored_file").order_by("position", "id")
    return [
        {"title": a.title, "name": a.stored_file.name, "size": a.stored_file.size, "sha256": a.stored_file.sha256}
        for a in attachments
    ]


def act_print_key(draft, version, site: str | None = None) -> str:
    """SHA-256 of everything a print of the draft shows, without building it: equal keys print equal PDFs.

    The template's context (the act type and issuing body by all their fields), the text and the
    layout (template, stylesheet, fonts). Building the HTML of a 1,200-article text takes half a
    second; this takes a few milliseconds.
    """
    context = _act_context(draft, version, official=False, site=site)
    for name in ("act_type", "issuing_body"):
        context[name] = {f.attname: getattr(context[name], f.attname) for f in context[name]._meta.concrete_fields}
    printed = json.dumps([context, version.body], sort_keys=True, default=str)
    return hashlib.sha256(f"{_layout_fingerprint()}\n{printed}".encode()).hexdigest()


@functools.cache
def _layout_fingerprint() -> str:
    """SHA-256 of what turns the context into a PDF; it changes only with a deployment.

    The template, every asset the renderer may read, this package's code, the structure
    recognition that cuts the text into blocks, and WeasyPrint's version.
    """
    sources = [Path(get_template(ACT_TEMPLATE).origin.name), Path(inspect.getsourcefile(parse))]
    sources += sorted(Path(__file__).parent.glob("*.py")) + sorted(p for p in ASSETS.rglob("*") if p.is_file())
    digest = hashlib.sha256(WEASYPRINT_VERSION.encode())
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def summary_html(summary: dict, site: str | None = None) -> str:
    """The summary of proposals as a printable document, in the act's language; its address on `site`."""
    draft = summary["draft"]
    labels = labels_for(draft.language)
    html_lang = HTML_LANG.get(draft.language, "uz")
    for article in summary["articles"]:
        for comment in article["comments"]:
            response = getattr(comment, "response", None)
            comment.decision_text = labels[response.decision] if response else ""
    context = {
        "summary": summary,
        "labels": labels,
        "html_lang": html_lang,
        "justify": hyphenates(html_lang),
        "generated": f"{_site(site)}/drafts/{draft.pk}/summary/ — " + long_date(timezone.localdate(), draft.language),
    }
    with translation.override(NAMES_LANGUAGE.get(draft.language, "uz")):
        return render_to_string("pdf/summary.html", context)
