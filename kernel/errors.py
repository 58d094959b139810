"""Why a service refused: each class maps to one HTTP status in the API (config.api_errors)."""


class ServiceError(Exception):
    """A refusal the caller can understand and act on."""

    code = "refused"

    def __init__(self, message: str, *, details: dict | list | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


class NotVisible(ServiceError):
    """The object does not exist for this user (404): we never confirm what they may not see."""

    code = "not_found"


class Forbidden(ServiceError):
    """The user may see the object but may not do this to it (403)."""

    code = "permission_denied"


class InvalidArguments(ServiceError):
    """Input that can be corrected by the caller (400); `details` maps field -> messages."""

    code = "invalid"

    def __init__(self, errors: dict[str, list[str] | str]):
        normalised = {k: v if isinstance(v, list) else [v] for k, v in errors.items()}
        first = next(iter(normalised.items()))
        super().__init__(f"{first[0]}: {first[1][0]}", details=normalised)


class StateConflict(ServiceError):
    """Not allowed in the draft's current state, or a condition is unmet (409)."""

    code = "conflict"


class DraftChanged(StateConflict):
    """Someone else changed the draft since it was read (409): reload and try again."""

    code = "draft_changed"


class TooLarge(ServiceError):
    """The input is over a size limit (413); the message names the limit."""

    code = "too_large"


class RateLimited(ServiceError):
    """Too many writes in a short time (429); `retry_after` seconds tell when to try again."""

    code = "throttled"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, details={"retry_after": retry_after})
        self.retry_after = retry_after
