"""The staff and public roles, held as membership of Django groups."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role:
    """Names of the role groups; expert groups are separate (see drafts.ExpertGroup)."""

    DRAFTERS = "drafters"
    MODERATORS = "moderators"
    APPROVERS = "approvers"
    CITIZENS = "citizens"
    # Staff of the regional information service: they keep and publish the media library.
    MEDIA_EDITORS = "media_editors"

    ALL = (DRAFTERS, MODERATORS, APPROVERS, CITIZENS, MEDIA_EDITORS)


def role_names(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The role groups the user belongs to, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=Role.ALL).values_list("name", flat=True))
        user._role_names = cached
    return cached


def is_administrator(user) -> bool:
    """Administrators manage the service; they see every draft but write none."""
    return bool(user.is_authenticated and user.is_superuser)


def has_role(user, role: str) -> bool:
    """Whether the user holds the role group."""
    return role in role_names(user)


def is_staff_member(user) -> bool:
    """Administrators and members of any group but the citizens' (staff roles and expert groups): they have work."""
    return bool(user.is_authenticated and (user.is_superuser or user.groups.exclude(name=Role.CITIZENS).exists()))
