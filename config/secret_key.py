"""The secret key: never one that anybody else could know."""

import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_str

# Keys shorter than this, or shipped in public code, sign nothing of ours.
MINIMUM_LENGTH = 50
KNOWN_KEYS = {"embedded-development-key-change-me-in-production"}


def secret_key(*, debug: bool, generated_file: Path) -> str:
    """DJANGO_SECRET_KEY; in development, a random key made once and kept in an untracked file.

    Without DEBUG a missing, short or published key stops the service at start-up, because
    every signed link and session would otherwise be forgeable.
    """
    configured = env_str("DJANGO_SECRET_KEY", "")
    if configured:
        if configured in KNOWN_KEYS or len(configured) < MINIMUM_LENGTH:
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY must be a private random string of at least {MINIMUM_LENGTH} characters; "
                "make one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
            )
        return configured
    if not debug:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=false needs DJANGO_SECRET_KEY: a private random string of at least "
            f"{MINIMUM_LENGTH} characters (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    if generated_file.exists():
        return generated_file.read_text().strip()
    key = secrets.token_urlsafe(64)
    generated_file.touch(mode=0o600)
    generated_file.write_text(key)
    return key
