"""Reading and marking a user's own notices (written by kernel.mail)."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kernel.models import Notice


def notice_list_of(user) -> QuerySet[Notice]:
    """The user's own notices, newest first."""
    return Notice.objects.filter(user=user).order_by("-id")


def notice_unread_count(user) -> int:
    """How many of the user's notices are unread, in one query (the bell on every page)."""
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def notices_mark_read(*, user, ids) -> int:
    """Marks the user's own notices among `ids` read (others' are left alone); returns how many changed."""
    with transaction.atomic():
        return Notice.objects.filter(user=user, pk__in=list(ids), read_at__isnull=True).update(read_at=timezone.now())
