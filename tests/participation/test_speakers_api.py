"""Who is speaking, through the API: the respondent type and organisation of a public comment or reply,
refused (400) where they do not fit; anonymity as the author, the public and the summary see it."""

import pytest

from comments.models import RespondentType
from tests.participation.conftest import citizen

pytestmark = pytest.mark.django_db


def post_comment(api, user, draft, **fields):
    return api(user).post(f"/api/v1/drafts/{draft.pk}/comments/", {"text": "Taklifim bor.", **fields}, format="json")


@pytest.mark.parametrize("kind", [t for t in RespondentType.values if t != "individual"])
def test_an_organisation_speaks_with_its_name(world, api, kind):
    draft = world.drafts["public_discussion"]
    response = post_comment(api, citizen(), draft, respondent_type=kind, organisation="  Oltin  Vodiy   MChJ ")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["respondent_type"], body["organisation"], body["anonymous"]) == (kind, "Oltin Vodiy MChJ", False)


def test_an_individual_by_default_with_no_organisation(world, api):
    body = post_comment(api, citizen(), world.drafts["public_discussion"]).json()
    assert (body["respondent_type"], body["organisation"], body["anonymous"]) == ("individual", "", False)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"respondent_type": "business"}, "organisation"),
        ({"respondent_type": "ngo", "organisation": "   "}, "organisation"),
        ({"respondent_type": "individual", "organisation": "Oltin Vodiy MChJ"}, "organisation"),
        ({"organisation": "Oltin Vodiy MChJ"}, "organisation"),
        ({"respondent_type": "party"}, "respondent_type"),
        ({"respondent_type": "academic", "organisation": "x" * 301}, "organisation"),
        ({"anonymous": "perhaps"}, "anonymous"),
    ],
)
def test_who_is_speaking_is_refused_where_it_does_not_fit(world, api, fields, field):
    response = post_comment(api, citizen(), world.drafts["public_discussion"], **fields)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"] if "errors" in response.json() else field in str(response.json())


def test_an_anonymous_comment_is_a_citizen_to_everyone_but_its_author_moderators_and_drafters(world, api):
    draft = world.drafts["public_discussion"]
    author = citizen("yashirin", "Zarina Qodirova")
    created = post_comment(api, author, draft, anonymous=True, text="Ismimni yozmang, iltimos.")
    assert created.status_code == 201
    body = created.json()
    assert body["anonymous"] is True and body["author"] == "Zarina Qodirova"  # the author knows herself
    moderator = world.users["moderator"]
    assert api(moderator).post(f"/api/v1/comments/{body['id']}/moderation/", {"decision": "publish"}).status_code == 200
    path = f"/api/v1/comments/{body['id']}/"
    shown = {
        name: api(user).get(path).json()["author"]
        for name, user in {
            "anonymous visitor": None,
            "another citizen": world.users["citizen"],
            "expert": world.users["expert"],
            "approver": world.users["approver"],
            "other drafter": world.users["drafter2"],
            "moderator": moderator,
            "drafter": world.users["drafter"],
            "author": author,
        }.items()
    }
    assert shown == {
        "anonymous visitor": "A citizen",
        "another citizen": "A citizen",
        "expert": "A citizen",
        "approver": "A citizen",
        "other drafter": "A citizen",
        "moderator": "Zarina Qodirova",
        "drafter": "Zarina Qodirova",
        "author": "Zarina Qodirova",
    }


def test_the_anonymous_label_is_in_the_readers_language(world, api):
    from django.utils import translation

    from comments.selectors import ANONYMOUS_AUTHOR

    draft = world.drafts["public_discussion"]
    created = post_comment(api, citizen(), draft, anonymous=True).json()
    api(world.users["moderator"]).post(f"/api/v1/comments/{created['id']}/moderation/", {"decision": "publish"})
    for language in ("ru", "uz", "uz-cyrl"):
        shown = api().get(f"/api/v1/comments/{created['id']}/", HTTP_ACCEPT_LANGUAGE=language).json()["author"]
        with translation.override(language):
            assert shown == str(ANONYMOUS_AUTHOR)


def test_with_public_author_agrees_with_public_author_name(world, api):
    """The database's version of the rule (for exports, feeds and search) gives the same names."""
    from comments.models import Comment
    from comments.selectors import public_author_name, with_public_author

    draft = world.drafts["public_discussion"]
    post_comment(api, citizen("ismsiz", "Anvar Qosimov"), draft, anonymous=True)
    post_comment(api, citizen("ismli", "Lola Karimova"), draft)
    post_comment(api, citizen("faqat_login"), draft)
    rows = list(with_public_author(Comment.objects.filter(draft=draft).select_related("author")))
    assert len(rows) >= 6
    assert [r.public_author for r in rows] == [str(public_author_name(r)) for r in rows]
    assert {"A citizen", "Lola Karimova", "faqat_login", "Karimov Anvar, Urgut tumani"} <= {
        r.public_author for r in rows
    }
    assert "Anvar Qosimov" not in {r.public_author for r in rows}
