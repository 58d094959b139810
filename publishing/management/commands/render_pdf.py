"""`manage.py render_pdf <draft> --user admin --reason "..."`: re-render an official copy on purpose."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kernel.errors import ServiceError
from publishing.official_copies import official_copy_render, official_copy_request


class Command(BaseCommand):
    help = "Re-render the official PDF of an approved act; the attempt is recorded with who and why."

    def add_arguments(self, parser):
        parser.add_argument("draft", type=int, help="id of the approved draft")
        parser.add_argument("--user", required=True, help="username of the administrator doing it")
        parser.add_argument("--reason", required=True, help="why it is re-rendered (recorded)")

    def handle(self, *args, draft, user, reason, **options):
        try:
            actor = get_user_model().objects.get(username=user, is_superuser=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No administrator named {user!r}.") from None
        try:
            official_copy_request(draft)
            copy = official_copy_render(draft_id=draft, actor=actor, reason=reason)
        except ServiceError as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(f"Rendered {copy.file.name}: {copy.size} bytes, SHA-256 {copy.pdf_checksum}.")
