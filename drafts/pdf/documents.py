"""The HTML of printed documents: the official copy of an act and the print of a draft."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from drafts.pdf.labels import labels_for, long_date
from drafts.structure import parse

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


def act_html(draft, version, *, official: bool) -> str:
    """The act as printed: the official copy of an approved version, or a marked print of a draft."""
    labels = labels_for(draft.language)
    return render_to_string(
        "pdf/act.html",
        {
            "official": official,
            "html_lang": HTML_LANG.get(draft.language, "uz"),
            "labels": labels,
            "title": version.title,
            "act_type": draft.act_type,
            "issuing_body": draft.issuing_body,
            "number": draft.number,
            "number_text": labels["number"].format(n=draft.number) if draft.number else "",
            "date_text": long_date(draft.approved_on, draft.language) if draft.approved_on else "",
            "version_text": labels["version"].format(n=version.number)
            + f", {long_date(timezone.localdate(), draft.language)}",
            "blocks": printed_blocks(version.body),
            "checksum": version.checksum,
            "verify_url": verify_url(version.checksum),
        },
    )


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
