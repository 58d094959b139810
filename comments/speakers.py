"""Who is speaking (issue 14): the respondent type of a public comment or reply, the organisation it speaks
for, and whether its author's name is published. Checked here once for comments and replies alike."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from comments.models import RespondentType
from kernel.errors import InvalidArguments

ORGANISATION_MAX_LENGTH = 300
# Those who speak for a body: its name is required and published (even with anonymous: true).
ORGANISATION_TYPES = frozenset(RespondentType.values) - {RespondentType.INDIVIDUAL}


@dataclass(frozen=True)
class Speaker:
    """The checked respondent type, organisation and anonymity, ready to store on a comment."""

    respondent_type: str = RespondentType.INDIVIDUAL
    organisation: str = ""
    anonymous: bool = False

    def fields(self) -> dict:
        return {"respondent_type": self.respondent_type, "organisation": self.organisation, "anonymous": self.anonymous}


def checked_speaker(respondent_type=None, organisation=None, anonymous=None) -> Speaker:
    """The speaker as given, or a 400 that says how to fix it: an organisation's name for a business, NGO,
    state body or academic body; none for an individual (who speaks for no organisation)."""
    respondent_type = respondent_type or RespondentType.INDIVIDUAL
    if respondent_type not in RespondentType.values:
        raise InvalidArguments(
            {"respondent_type": _("Choose one of: %(v)s.") % {"v": ", ".join(RespondentType.values)}}
        )
    organisation = " ".join((organisation or "").split())
    if respondent_type in ORGANISATION_TYPES and not organisation:
        raise InvalidArguments(
            {"organisation": _("Give the name of the organisation you speak for, or choose 'individual'.")}
        )
    if respondent_type == RespondentType.INDIVIDUAL and organisation:
        raise InvalidArguments(
            {
                "organisation": _(
                    "An individual speaks for no organisation: leave the organisation empty, or choose its type."
                )
            }
        )
    if len(organisation) > ORGANISATION_MAX_LENGTH:
        raise InvalidArguments(
            {
                "organisation": _("At most %(n)d characters for the organisation's name.")
                % {"n": ORGANISATION_MAX_LENGTH}
            }
        )
    if anonymous not in (None, True, False):
        raise InvalidArguments({"anonymous": _("Say true or false.")})
    return Speaker(respondent_type, organisation, bool(anonymous))
