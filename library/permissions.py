"""Who may do what with the media library."""

from kernel.roles import Role, has_role, is_administrator


def can_edit_materials(user) -> bool:
    """The information service's media editors add, change, publish and delete materials."""
    return has_role(user, Role.MEDIA_EDITORS)


def sees_unpublished_materials(user) -> bool:
    """Media editors and administrators see materials before they are published; administrators write none."""
    return can_edit_materials(user) or is_administrator(user)
