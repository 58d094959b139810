"""What every app may record for a user: the in-app notices that go with its e-mails."""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    """One line in a user's notifications: the subject of the e-mail they got (or would have got), and the page.

    Written in the reader's language when the event happened, by kernel.mail, so every event that
    sends an e-mail leaves the same notice, and users without an e-mail address still hear of it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    # The event it tells of, e.g. "transition:41": running a job twice notifies no one twice.
    event = models.CharField(max_length=100)
    text = models.CharField(max_length=300)
    # A path on this site (never a full address), so the link works on whichever host serves the page.
    path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="one_notice_per_event")]
        # The bell counts a user's unread ones on every page.
        indexes = [
            models.Index(fields=["user", "-id"], name="notice_recent_first"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self):
        return f"notice {self.pk} for {self.user_id}"


class Stamp(models.Model):
    """How often, and when last, something readers cache changed (kernel.freshness): `drafts` for any
    draft, `draft:<id>` for one. A cached answer is served only while these are what it was built under;
    with Redis as the cache, a short-lived copy lives there, and this row stays the source of truth."""

    key = models.CharField(max_length=40, primary_key=True)
    counter = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()
