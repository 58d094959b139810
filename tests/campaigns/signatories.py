"""A large campaign written straight into the database: what grouping would have made of `n` signatories of one
letter (each through the intake service would take minutes, and intake is not what these tests are about)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from comments.models import Campaign, Comment, Kind, Status
from comments.text import comment_fingerprint
from drafts.selectors import current_version
from kernel.roles import Role

LETTER = (
    "Hurmatli hokim! Biz, mahalla aholisi, Oʻzbekiston ko‘chasidagi bogʻni saqlab qolishni so‘raymiz. "
    "Daraxtlar kesilmasin, bolalar maydonchasi qurilsin va yoritish kuchaytirilsin."
)


def signed(i: int) -> str:
    """The letter as signatory `i` sent it: signed, so that each member's text is its own."""
    return f"{LETTER} Imzo: fuqaro{i}."


def big_campaign(draft, n: int, prefix: str = "imzochi") -> Campaign:
    """`n` pending public comments of `n` citizens (each with an e-mail address), grouped as one campaign."""
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"{prefix}{i}", email=f"{prefix}{i}@example.org") for i in range(n)]
    )
    Group.objects.get(name=Role.CITIZENS).user_set.add(*users)
    now = timezone.now()
    campaign = Campaign.objects.create(draft=draft, text=signed(0), size=n, created_at=now)
    version = current_version(draft)
    comments = Comment.objects.bulk_create(
        [
            Comment(
                draft=draft,
                version_id=version.pk,
                kind=Kind.PUBLIC,
                status=Status.PENDING,
                author=user,
                text=signed(i),
                fingerprint=comment_fingerprint(signed(i)),
                created_at=now,
                campaign=campaign,
            )
            for i, user in enumerate(users)
        ]
    )
    # Both databases return the new ids (RETURNING).
    campaign.canonical = comments[0]
    campaign.save(update_fields=["canonical"])
    return campaign
