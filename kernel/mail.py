"""E-mail written from templates, each message in its reader's own language.

Every message to a user also leaves a notice in their notifications (kernel.models.Notice) with its
subject and the page it is about, so the bell tells of exactly the events the e-mails do.

A message is two templates, `templates/email/<name>_subject.txt` and `<name>_body.txt`, rendered
under `translation.override(language)`, so that `{% translate %}` strings, lazy labels (state names,
decisions) and dates all come out in the reader's language. Which language a user reads is for the
accounts app to say: it registers its reader in `AppConfig.ready()`, as kernel may not import it.
"""

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mass_mail
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from kernel.models import Notice

log = logging.getLogger(__name__)


def _site_default(user) -> str:
    return settings.LANGUAGE_CODE


_language_reader: Callable = _site_default


def read_language_with(reader: Callable) -> None:
    """Registers how to find the language a user reads (accounts does, at start-up)."""
    global _language_reader
    _language_reader = reader


def language_of(user) -> str:
    """The language the user's e-mails are written in."""
    return _language_reader(user)


def page_link(path: str) -> str:
    """The public address of a page, from SITE_URL.

    Never the Host of the request that caused the mail: these messages go to other people, and a
    host the actor's request named must not decide where their links lead.
    """
    return settings.SITE_URL.rstrip("/") + path


def render_mail(name: str, context: dict, language: str) -> tuple[str, str]:
    """The subject (on one line) and body of the message, in the language."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"email/{name}_subject.txt", context).split())
        body = render_to_string(f"email/{name}_body.txt", context)
    return subject, body


def _notice_text(name: str, context: dict, language: str, subject: str) -> str:
    # A message may word its notice apart from its subject (`<name>_notice.txt`), e.g. without
    # the [number] that mail programs thread by; otherwise the subject says it.
    try:
        template = get_template(f"email/{name}_notice.txt")
    except TemplateDoesNotExist:
        return subject[:300]
    with translation.override(language):
        return " ".join(template.render(context).split())[:300]


def notify_users(name: str, users: Iterable, context: dict | Callable, *, path: str, event: str) -> int:
    """Tells each user of an event in their language: a notice in the app, and an e-mail if they have an address.

    `context` may be a function of the user; `path` is the page the event is about; `event` names the
    event once (e.g. "transition:41"), so a job run twice leaves one notice. Returns how many e-mails were sent.
    """
    return notify_each(name, ((user, context(user) if callable(context) else context, path, event) for user in users))


class NotSent(Exception):
    """The mail server refused some of the e-mails (each is logged); the others were sent."""

    def __init__(self, sent: int, failed: int):
        super().__init__(f"{failed} e-mails were not sent; {sent} were.")
        self.sent, self.failed = sent, failed


def notify_each(name: str, recipients: Iterable[tuple]) -> int:
    """`notify_users` for recipients each with their own event: (user, context, path, event). All the notices
    are written in one insert and all the e-mails go over one connection to the mail server (a campaign's
    thousands of authors, told in one job). An address the server refuses does not keep the next one from
    hearing: NotSent is raised once every e-mail was tried. Returns how many e-mails were sent."""
    messages, notices = [], []
    for user, values, path, event in recipients:
        language = language_of(user)
        subject, body = render_mail(name, values, language)
        notices.append(Notice(user=user, event=event, text=_notice_text(name, values, language, subject), path=path))
        if user.email:
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    if not messages:
        return 0
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception:
        # The server is down: every message is refused, as each would have been one by one.
        log.exception("No connection to the mail server: %d e-mails %r were not sent.", len(messages), name)
        raise NotSent(0, len(messages)) from None
    sent, failed = 0, 0
    try:
        for message in messages:
            try:
                sent += connection.send_messages([message]) or 0
            except Exception:
                failed += 1
                log.exception("The e-mail %r to %s was not sent.", name, message.to[0])
    finally:
        connection.close()
    if failed:
        raise NotSent(sent, failed)
    return sent


def mail_address(name: str, address: str, context: dict, language: str) -> int:
    """Sends the message to one address, in the language given."""
    subject, body = render_mail(name, context, language)
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address])], fail_silently=False)
