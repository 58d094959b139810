"""The append-only record of every transition of a draft."""

from django.conf import settings
from django.db import models

from kernel.states import State


class TransitionRecord(models.Model):
    """Who moved which draft from where to where, when, why, at which version of the text."""

    draft = models.ForeignKey("drafts.Draft", on_delete=models.CASCADE, related_name="history")
    name = models.CharField(max_length=64)
    source = models.CharField(max_length=32, choices=State.choices)
    target = models.CharField(max_length=32, choices=State.choices)
    # Empty when the system acted (a job closing an expired discussion).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField()
    # What the transition set: deadline, registration number and date.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["draft", "id"]
        indexes = [models.Index(fields=["draft", "at"])]

    def __str__(self):
        return f"{self.draft_id}: {self.source} -> {self.target}"

    def save(self, *args, **kwargs):
        # The record is evidence: it is written once and never changed.
        if self.pk is not None:
            raise ValueError("Transition records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Transition records are append-only.")
