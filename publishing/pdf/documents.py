"""The HTML of printed documents: the official copy of an act and the print of a draft."""

import functools
import hashlib
import inspect
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from weasyprint import __version__ as WEASYPRINT_VERSION

from drafts.labels import labels_for, long_date
from drafts.structure import parse
from publishing.pdf.fetcher import ASSETS

ACT_TEMPLATE = "pdf/act.html"
HTML_LANG = {"uz-latn": "uz-Latn", "uz-cyrl": "uz-Cyrl", "ru": "ru", "en": "en"}


def printed_blocks(body: str) -> list[dict]:
    """The text's blocks as printed: the paragraph right after an annex caption is the annex's title."""
    printed, previous = [], None
    for block in parse(body).blocks:
        kind = "annex-title" if previous == "annex" and block.kind == "paragraph" else block.kind
        printed.append({"kind": kind, "text": block.text})
        previous = block.kind
    return printed


def verify_url(text_checksum: str) -> str:
    """The public address where a copy with this text checksum can be verified."""
    return f"{settings.SITE_URL.rstrip('/')}/verify/{text_checksum}/"


def _act_context(draft, version, *, official: bool) -> dict:
    """Everything the act template prints except the text's blocks, which follow from `version.body`."""
    labels = labels_for(draft.language)
    # The print carries the date of its version, not of the day it is printed: the same version
    # always prints the same, so one stored print serves every request (publishing.pdf.prints).
    version_day = timezone.localdate(version.created_at) if version.created_at else timezone.localdate()
    return {
        "official": official,
        "html_lang": HTML_LANG.get(draft.language, "uz"),
        "labels": labels,
        "title": version.title,
        "act_type": draft.act_type,
        "issuing_body": draft.issuing_body,
        "number": draft.number,
        "number_text": labels["number"].format(n=draft.number) if draft.number else "",
        "date_text": long_date(draft.approved_on, draft.language) if draft.approved_on else "",
        "version_text": labels["version"].format(n=version.number) + f", {long_date(version_day, draft.language)}",
        "checksum": version.checksum,
        "verify_url": verify_url(version.checksum),
    }


def act_html(draft, version, *, official: bool) -> str:
    """The act as printed: the official copy of an approved version, or a marked print of a draft."""
    context = _act_context(draft, version, official=official)
    return render_to_string(ACT_TEMPLATE, {**context, "blocks": printed_blocks(version.body)})


def act_print_key(draft, version) -> str:
    """SHA-256 of everything a print of the draft shows, without building it: equal keys print equal PDFs.

    The template's context (the act type and issuing body by all their fields), the text and the
    layout (template, stylesheet, fonts). Building the HTML of a 1,200-article text takes half a
    second; this takes a few milliseconds.
    """
    context = _act_context(draft, version, official=False)
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


def summary_html(summary: dict) -> str:
    """The summary of proposals as a printable document."""
    draft = summary["draft"]
    labels = labels_for(draft.language)
    for article in summary["articles"]:
        for comment in article["comments"]:
            response = getattr(comment, "response", None)
            comment.decision_text = labels[response.decision] if response else ""
    return render_to_string(
        "pdf/summary.html",
        {
            "summary": summary,
            "labels": labels,
            "html_lang": HTML_LANG.get(draft.language, "uz"),
            "generated": f"{settings.SITE_URL.rstrip('/')}/drafts/{draft.pk}/summary/ — "
            + long_date(timezone.localdate(), draft.language),
        },
    )
