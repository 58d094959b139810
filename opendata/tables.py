"""The tables of the open-data package: their Table Schema (fields, keys) and the query each one reads.

Each table is published twice, as CSV and as JSON Lines, with the same schema (opendata.package).
Rows are read with `values_list` (tuples, no model objects), so a million of them stream with flat memory.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from comments.models import Channel, Decision, RespondentType, Verdict
from drafts.models import Language
from kernel.states import State
from opendata import selectors


@dataclass(frozen=True)
class Field:
    """One column: its Table Schema type and what it means."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class Table:
    """One table: its name, schema, the query of its rows and how a row of that query becomes the fields' values."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    query: Callable[[], QuerySet]
    # The lookups `values_list` reads, and the function turning that tuple into the fields' values in order.
    columns: tuple[str, ...]
    row: Callable[[tuple, str], list] = field(default=lambda values, site: list(values))
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def schema(self) -> dict:
        """The table's Table Schema (https://specs.frictionlessdata.io/table-schema/)."""
        schema = {
            "fields": [f.descriptor() for f in self.fields],
            "primaryKey": list(self.primary_key),
            # CSV writes no value as an empty cell; JSON Lines writes null.
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(own), "reference": {"resource": resource, "fields": list(theirs)}}
                for own, resource, theirs in self.foreign_keys
            ]
        return schema


def _draft_url(site: str, draft_id: int) -> str:
    return f"{site}/drafts/{draft_id}/"


def _draft_row(values: tuple, site: str) -> list:
    return [*values, _draft_url(site, values[0])]


def _comment_row(values: tuple, site: str) -> list:
    (pk, draft, version, article_key, article_label, parent, text, anonymous, public_author,
     respondent_type, organisation, channel, created_at, changed_at) = values  # fmt: skip
    # comments.selectors names an anonymous author "A citizen" in the reader's language; a data set
    # says it once for every language: no author, and `anonymous` true.
    author = None if anonymous else public_author
    return [
        pk, draft, version, article_key or None, article_label or None, parent, text, author or None, anonymous,
        respondent_type, organisation or None, channel, created_at, changed_at, _draft_url(site, draft) + f"#comment-{pk}",
    ]  # fmt: skip


def _act_row(values: tuple, site: str) -> list:
    pk, *rest, checksum, changed_at = values
    return [pk, *rest, checksum, f"{site}/api/v1/drafts/{pk}/pdf/", f"{site}/verify/{checksum}/", changed_at]


CHANGED_AT = Field(
    "changed_at",
    "datetime",
    "When this row last changed as the public sees it: what ?since= and the cursor read (UTC).",
    required=True,
)

DRAFTS = Table(
    name="drafts",
    title="Drafts",
    description="Every draft anyone may open: under public discussion, being finalised, awaiting approval, "
    "approved, and those rejected or withdrawn after they were published.",
    fields=(
        Field("id", "integer", "The draft's number in this service.", required=True),
        Field("title", "string", "Title, in the draft's language.", required=True),
        Field("act_type", "string", "Code of the kind of act (act-types in the API).", required=True),
        Field("issuing_body", "string", "The office that issues the act.", required=True),
        Field("language", "string", "Language and script of the text.", required=True, enum=tuple(Language.values)),
        Field("status", "string", "Where the draft is in its life.", required=True, enum=tuple(State.values)),
        Field("version", "integer", "Number of its latest frozen version (versions table).", required=True),
        Field("published_at", "datetime", "When it was first published for public discussion."),
        Field("discussion_ends_at", "datetime", "End of the public discussion."),
        Field("number", "string", "Registration number, once approved."),
        Field("approved_on", "date", "Date of approval, once approved."),
        Field("created_at", "datetime", "When the draft was created.", required=True),
        CHANGED_AT,
        Field("url", "string", "Its page on the portal."),
    ),
    primary_key=("id",),
    query=selectors.public_drafts,
    columns=(
        "pk",
        "title",
        "act_type__code",
        "issuing_body__name",
        "language",
        "status",
        "version",
        "published_at",
        "discussion_ends_at",
        "number",
        "approved_on",
        "created_at",
        "changed_at",
    ),  # fmt: skip
    row=_draft_row,
)

VERSIONS = Table(
    name="versions",
    title="Versions of drafts",
    description="The immutable texts of each draft from the one published for discussion on; "
    "versions written before publication stay internal.",
    fields=(
        Field("draft_id", "integer", "The draft (drafts.id).", required=True),
        Field("number", "integer", "Version number within the draft.", required=True),
        Field("title", "string", "Title at this version.", required=True),
        Field("body", "string", "The full text, plain.", required=True),
        Field("explanatory_note", "string", "The explanatory note at this version."),
        Field("checksum", "string", "SHA-256 of the text, hex.", required=True),
        Field("created_at", "datetime", "When the version was frozen.", required=True),
        CHANGED_AT,
    ),
    primary_key=("draft_id", "number"),
    foreign_keys=((("draft_id",), "drafts", ("id",)),),
    query=selectors.public_versions,
    columns=("draft_id", "number", "title", "body", "explanatory_note", "checksum", "created_at", "changed_at"),
)

COMMENTS = Table(
    name="comments",
    title="Published public comments",
    description="Every published comment and reply of the public on a public draft. Pending, rejected, withdrawn "
    "and hidden comments are never in it, nor expert remarks. A comment published without its author's name "
    "has no author here either.",
    fields=(
        Field("id", "integer", "The comment's number in this service.", required=True),
        Field("draft_id", "integer", "The draft (drafts.id).", required=True),
        Field("version", "integer", "The version of the draft it was written on (versions.number).", required=True),
        Field("article_key", "string", "The article or point it is about (empty: the draft as a whole)."),
        Field("article_label", "string", "That article or point as the act numbers it."),
        Field("parent_id", "integer", "For a reply: the comment it answers (comments.id)."),
        Field("text", "string", "Plain text, as written: never render it as HTML.", required=True),
        Field("author", "string", "The name shown with it; empty when its author published without their name."),
        Field("anonymous", "boolean", "Its author chose to publish it without their name.", required=True),
        Field(
            "respondent_type",
            "string",
            "Whom the comment speaks for.",
            required=True,
            enum=tuple(RespondentType.values),
        ),
        Field("organisation", "string", "The organisation it speaks for, if any."),
        Field("channel", "string", "How it reached the office.", required=True, enum=tuple(Channel.values)),
        Field("created_at", "datetime", "When it was received.", required=True),
        CHANGED_AT,
        Field("url", "string", "The comment on the draft's page."),
    ),
    primary_key=("id",),
    foreign_keys=((("draft_id",), "drafts", ("id",)), (("draft_id", "version"), "versions", ("draft_id", "number"))),
    query=selectors.public_comments,
    columns=(
        "pk",
        "draft_id",
        "version__number",
        "article__key",
        "article__label",
        "parent_id",
        "text",
        "anonymous",
        "public_author",
        "respondent_type",
        "organisation",
        "channel",
        "created_at",
        "changed_at",
    ),  # fmt: skip
    row=_comment_row,
)

RESPONSES = Table(
    name="responses",
    title="Responses to public comments",
    description="The drafters' answer to each published public comment: accepted, partially accepted or not, "
    "with the reasoning.",
    fields=(
        Field("comment_id", "integer", "The comment answered (comments.id).", required=True),
        Field("draft_id", "integer", "The draft (drafts.id).", required=True),
        Field("decision", "string", "How the proposal was taken.", required=True, enum=tuple(Decision.values)),
        Field("text", "string", "The reasoning, plain text.", required=True),
        Field("answered_at", "datetime", "When the answer was last written.", required=True),
        CHANGED_AT,
    ),
    primary_key=("comment_id",),
    foreign_keys=((("comment_id",), "comments", ("id",)),),
    query=selectors.public_responses,
    columns=("comment_id", "comment__draft_id", "decision", "text", "answered_at", "changed_at"),
)

CONCLUSIONS = Table(
    name="conclusions",
    title="Expert conclusions",
    description="The expert groups' conclusions the public may read. Under the current rules they are internal "
    "material of the review, so this table has its header alone.",
    fields=(
        Field("id", "integer", "The conclusion's number in this service.", required=True),
        Field("draft_id", "integer", "The draft (drafts.id).", required=True),
        Field("expert_group", "string", "The expert group that concluded.", required=True),
        Field("review_round", "integer", "The review round it concluded.", required=True),
        Field("version", "integer", "The version reviewed (versions.number).", required=True),
        Field("verdict", "string", "The group's overall opinion.", required=True, enum=tuple(Verdict.values)),
        Field("text", "string", "The conclusion, plain text.", required=True),
        Field("submitted_at", "datetime", "When it was submitted.", required=True),
        CHANGED_AT,
    ),
    primary_key=("id",),
    foreign_keys=((("draft_id",), "drafts", ("id",)),),
    query=selectors.public_conclusions,
    columns=(
        "pk",
        "draft_id",
        "group__name",
        "review_round",
        "version__number",
        "verdict",
        "text",
        "submitted_at",
        "changed_at",
    ),  # fmt: skip
)

ACTS = Table(
    name="acts",
    title="Approved acts",
    description="Every approved act with its registration number and date and the address of its official PDF.",
    fields=(
        Field("draft_id", "integer", "The draft it was (drafts.id).", required=True),
        Field("act_type", "string", "Code of the kind of act.", required=True),
        Field("number", "string", "Registration number, unique per kind of act and year.", required=True),
        Field("approved_on", "date", "Date of approval.", required=True),
        Field("title", "string", "Title of the act.", required=True),
        Field("issuing_body", "string", "The office that issued it.", required=True),
        Field("text_sha256", "string", "SHA-256 of the approved text, printed on every page of the official copy."),
        Field("pdf_url", "string", "The official PDF: the official copy of the act.", required=True),
        Field("verify_url", "string", "Where a copy can be verified against the text's checksum."),
        CHANGED_AT,
    ),
    primary_key=("draft_id",),
    foreign_keys=((("draft_id",), "drafts", ("id",)),),
    query=selectors.public_acts,
    columns=(
        "pk",
        "act_type__code",
        "number",
        "approved_on",
        "title",
        "issuing_body__name",
        "text_checksum",
        "changed_at",
    ),  # fmt: skip
    row=_act_row,
)

TABLES = (DRAFTS, VERSIONS, COMMENTS, RESPONSES, CONCLUSIONS, ACTS)
BY_NAME = {t.name: t for t in TABLES}
