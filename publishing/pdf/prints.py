"""Prints of drafts: rendered once per version and layout, stored, served ever after.

A print of a 1,200-article draft takes seconds of CPU; rendered on every request, a few anonymous
callers could occupy every worker. A version never changes, so its print is stored under the key
of everything it shows (`act_print_key`) and served from storage from then on.
"""

import hashlib
import time
from functools import partial

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.scripts import printed_in_script
from drafts.selectors import access_draft
from drafts.transliteration import Script
from kernel.errors import NotVisible
from publishing.models import DraftPrint
from publishing.pdf.claims import NotReady, claim
from publishing.pdf.documents import act_html, act_print_key
from publishing.pdf.render import render_pdf

# A request that finds another process rendering the same print waits this long for it (a
# 1,200-article print takes about 2 s), then is told to come back: a waiting request holds a worker.
WAIT_SECONDS = 10
POLL_SECONDS = 0.25
RETRY_AFTER = 10


def print_file_name(version) -> str:
    """`draft-12-v3.pdf`: which draft and which version, as a person would file it; `-cyrl` when transliterated."""
    shown = getattr(version, "shown_script", None)
    return f"draft-{version.draft_id}-v{version.number}{f'-{shown}' if shown else ''}.pdf"


def draft_print_open(
    user, draft_id: int, script: Script | None = None, *, site: str | None = None
) -> tuple[DraftPrint, File, str]:
    """The stored print of the draft's current version, its file opened, and its file name; rendered first if nobody has.

    An Uzbek draft prints in `script` when asked (transliterated, still marked as a draft); the
    print's key covers its texts and language, so the prints in the two scripts are stored apart.
    Of concurrent first requests one renders; the others wait for its file, and after WAIT_SECONDS
    are told to come back (NotReady). A stored file missing from storage is rendered again.
    `site` is the address the verification line names (the requesting host; SITE_URL when None):
    it is part of the key, so each host is served a print that names itself.
    """
    draft = access_draft(user, draft_id)
    version = draft.versions.filter(number=draft.version).first()
    if version is None:
        raise NotVisible(_("Draft %(id)s has no frozen version to print yet.") % {"id": draft_id})
    draft, version = printed_in_script(draft, version, script)
    stored, _created = DraftPrint.objects.get_or_create(version_id=version.pk, key=act_print_key(draft, version, site))
    try:
        return *_wait_or_render(draft, version, stored, site), print_file_name(version)
    except DraftPrint.DoesNotExist:
        # A newer version's print replaced this one meanwhile: the caller asks again for the newer one.
        raise _not_ready() from None


def _wait_or_render(draft, version, stored: DraftPrint, site: str | None) -> tuple[DraftPrint, File]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        if stored.file:
            try:
                return stored, stored.file.open("rb")
            except FileNotFoundError:
                stored = _forget_lost_file(stored)
        if not stored.file:
            started = claim(DraftPrint.objects.filter(pk=stored.pk, file=""))
            if started is not None:
                stored = _render(draft, version, stored, started, site)
                continue
        if time.monotonic() >= deadline:
            raise _not_ready()
        time.sleep(POLL_SECONDS)
        stored.refresh_from_db()


def _not_ready() -> NotReady:
    return NotReady(
        _("The print is being prepared; try again in %(s)d seconds.") % {"s": RETRY_AFTER}, retry_after=RETRY_AFTER
    )


def _render(draft, version, stored: DraftPrint, started, site: str | None) -> DraftPrint:
    """Renders and stores the print claimed at `started`; the claim is released either way."""
    began = time.perf_counter()
    try:
        pdf = render_pdf(act_html(draft, version, official=False, site=site))
    except Exception:
        DraftPrint.objects.filter(pk=stored.pk, render_started_at=started).update(render_started_at=None)
        raise
    stored.file.save(print_file_name(version), ContentFile(pdf), save=False)
    with transaction.atomic():
        landed = DraftPrint.objects.filter(pk=stored.pk, render_started_at=started).update(
            file=stored.file.name,
            pdf_checksum=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            rendered_at=timezone.now(),
            seconds=time.perf_counter() - began,
            render_started_at=None,
        )
        if landed:
            # Only the current version is printed: prints of earlier versions will never be served.
            superseded = DraftPrint.objects.filter(version__draft=draft, version__number__lt=version.number)
            for name in superseded.exclude(file="").values_list("file", flat=True):
                transaction.on_commit(partial(stored.file.storage.delete, name))
            superseded.delete()
        else:
            # This rendering outlived its claim and another process took over: that one's file wins.
            transaction.on_commit(partial(stored.file.storage.delete, stored.file.name))
    stored.refresh_from_db()
    return stored


def _forget_lost_file(stored: DraftPrint) -> DraftPrint:
    """Clears a print whose file vanished from storage, so that the next caller renders it again."""
    DraftPrint.objects.filter(pk=stored.pk, file=stored.file.name).update(file="", pdf_checksum="", size=0)
    stored.refresh_from_db()
    return stored
