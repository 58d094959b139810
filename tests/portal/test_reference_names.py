"""Reference data speaks the reader's language: act types, issuing bodies and expert groups (issue 11, defect 4)."""

import re

import pytest
from django.conf import settings
from django.utils.functional import Promise
from modeltranslation.utils import build_localized_fieldname

from drafts.diff import CHANGE_LABELS, ArticleChange
from drafts.models import ActType, ExpertGroup, IssuingBody

pytestmark = pytest.mark.django_db

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
REFERENCE_FIELDS = {
    ActType: ["name"],
    IssuingBody: ["name", "place", "signatory_title", "signatory_name"],
    ExpertGroup: ["name"],
}


def test_every_reference_row_of_the_demo_world_is_named_in_every_language(world):
    assert set(LANGUAGES) == {"uz", "uz-cyrl", "ru", "en"}
    missing = [
        f"{model.__name__} {row.pk} {build_localized_fieldname(field, language)}"
        for model, fields in REFERENCE_FIELDS.items()
        for row in model.objects.all()
        for field in fields
        for language in LANGUAGES
        if not (getattr(row, build_localized_fieldname(field, language)) or "").strip()
    ]
    assert ActType.objects.count() == 3 and ExpertGroup.objects.count() == 2 and IssuingBody.objects.exists()
    assert missing == []


def test_no_two_languages_share_a_name_where_the_script_differs(world):
    # A Cyrillic or Russian name copied from the Latin one would pass the check above and still be wrong.
    for model in (ActType, IssuingBody, ExpertGroup):
        for row in model.objects.all():
            assert row.name_uz != row.name_uz_cyrl and row.name_uz != row.name_ru, row


@pytest.mark.parametrize(
    ("language", "act_type", "body", "group"),
    [
        ("uz", "Viloyat hokimining qarori", "Samarqand viloyati hokimligi", "Huquqiy ekspertiza guruhi"),
        ("uz-cyrl", "Вилоят ҳокимининг қарори", "Самарқанд вилояти ҳокимлиги", "Ҳуқуқий экспертиза гуруҳи"),
        ("ru", "Решение хокима области", "Хокимият Самаркандской области", "Группа правовой экспертизы"),
        ("en", "Decision of the Regional Khokim", "Samarkand Regional Khokimiyat", "Legal review group"),
    ],
)
def test_the_api_names_reference_data_in_the_language_of_the_request(world, client, language, act_type, body, group):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    assert act_type in [t["name"] for t in client.get("/api/v1/act-types/", **headers).json()]
    assert body in [b["name"] for b in client.get("/api/v1/issuing-bodies/", **headers).json()]
    draft = world.drafts["public_discussion"]
    answer = client.get(f"/api/v1/drafts/{draft.pk}/", **headers).json()
    assert answer["act_type_name"] == getattr(draft.act_type, build_localized_fieldname("name", language))
    assert body in client.get(f"/drafts/{draft.pk}/", **headers).content.decode()
    groups = client.get("/api/v1/expert-groups/", **headers)
    if groups.status_code == 200:  # staff-only list: anonymous callers are refused, which is checked elsewhere
        assert group in [g["name"] for g in groups.json()]
    assert getattr(world.expert_groups["legal"], build_localized_fieldname("name", language)) == group


def test_a_russian_page_shows_no_uzbek_reference_name(world, client):
    draft = world.drafts["public_discussion"]
    page = client.get(f"/drafts/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Samarqand viloyati hokimligi" not in page
    assert "Хокимият Самаркандской области" in page


def _row(**overrides) -> dict:
    data = {"code": "buyruq", "min_discussion_days": "10"}
    data |= {build_localized_fieldname("name", language): f"Buyruq {language}" for language in LANGUAGES}
    return data | overrides


def test_the_admin_edits_all_four_names_and_refuses_an_empty_one(world, client):
    client.force_login(world.users["admin"])
    form = client.get("/admin/drafts/acttype/add/").content.decode()
    for language in LANGUAGES:
        assert f'name="{build_localized_fieldname("name", language)}"' in form

    refused = client.post("/admin/drafts/acttype/add/", _row(name_ru=""))
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert not ActType.objects.filter(code="buyruq").exists()

    saved = client.post("/admin/drafts/acttype/add/", _row(name_ru="Приказ", name_uz_cyrl="Буйруқ"))
    assert saved.status_code == 302
    created = ActType.objects.get(code="buyruq")
    assert (created.name_uz, created.name_uz_cyrl, created.name_ru) == ("Buyruq uz", "Буйруқ", "Приказ")


def test_the_language_menu_names_each_language_in_itself_in_every_language(world, client):
    for language in LANGUAGES:
        page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for code, own_name in [("uz", "Oʻzbekcha"), ("uz-cyrl", "Ўзбекча"), ("ru", "Русский"), ("en", "English")]:
            assert f'<option value="{code}" lang="{code}"' in page and f">{own_name}</option>" in page, language
        assert "Ingliz tili" not in page and "Английский" not in page


def test_redline_badges_are_messages_not_codes():
    # Lazy gettext messages, read in the reader's language when the page is rendered.
    assert all(isinstance(label, Promise) for label in CHANGE_LABELS.values())
    assert ArticleChange("m1", "1-modda", "added", "").change_label == "added"


@pytest.mark.parametrize("model", ["acttype", "issuingbody", "expertgroup"])
def test_each_reference_admin_form_has_a_required_name_per_language(world, client, model):
    client.force_login(world.users["admin"])
    form = client.get(f"/admin/drafts/{model}/add/").content.decode()
    for language in LANGUAGES:
        field = build_localized_fieldname("name", language)
        assert f'name="{field}"' in form and f'id="id_{field}"' in form
        assert re.search(rf'<input [^>]*name="{field}"[^>]*required', form), field
    row = {"acttype": ActType, "issuingbody": IssuingBody, "expertgroup": ExpertGroup}[model].objects.first()
    assert client.get(f"/admin/drafts/{model}/{row.pk}/change/").status_code == 200
