"""Surveys' tests: a survey defined through the service on the world's drafts."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kernel.roles import Role
from surveys.models import Survey
from surveys.services import survey_define

SERIAL = itertools.count()

QUESTIONS = [
    {
        "kind": "single_choice",
        "text": "Chiqindi qancha tez-tez olib ketilishi kerak?",
        "texts": {"ru": "Как часто нужно вывозить отходы?", "en": "How often should waste be collected?"},
        "options": [
            {"text": "Har kuni", "texts": {"ru": "Каждый день", "en": "Daily"}},
            {"text": "Haftada ikki marta", "texts": {"ru": "Дважды в неделю", "en": "Twice a week"}},
            {"text": "Haftada bir marta", "texts": {"ru": "Раз в неделю", "en": "Weekly"}},
        ],
    },
    {
        "kind": "multiple_choice",
        "text": "Qaysi chiqindilarni alohida yigʻish kerak?",
        "texts": {"ru": "Какие отходы собирать раздельно?"},
        "options": ["Plastik", "Qogʻoz", "Shisha"],
    },
    {"kind": "scale", "text": "Loyihani qanday baholaysiz?", "texts": {"ru": "Как вы оцениваете проект?"}},
    {"kind": "free_text", "text": "Qoʻshimcha takliflaringiz", "texts": {"ru": "Ваши предложения"}},
]


def citizen(name: str | None = None):
    user = get_user_model().objects.create_user(name or f"soʻrovchi{next(SERIAL)}", password="x")
    user.groups.add(Group.objects.get(name=Role.CITIZENS))
    return user


def fresh_survey(drafter, draft, **definition):
    """The four-question survey in place of the demo world's (which has answers, so could not be redefined)."""
    Survey.objects.filter(draft=draft).delete()
    definition.setdefault("questions", QUESTIONS)
    return survey_define(user=drafter, draft_id=draft.pk, **definition)


@pytest.fixture
def discussed(world):
    """The draft under discussion, with the four-question survey (results not live)."""
    draft = world.drafts["public_discussion"]
    return draft, fresh_survey(world.users["drafter"], draft, title="Chiqindilar")


def full_answers(survey, choice=0, choices=(0, 2), scale=4, text="Konteynerlar ko‘proq bo‘lsin."):
    q = list(survey.questions.order_by("position"))
    answers = [
        {"question": q[0].pk, "choice": choice},
        {"question": q[1].pk, "choices": list(choices)},
        {"question": q[2].pk, "scale": scale},
    ]
    if text is not None:
        answers.append({"question": q[3].pk, "text": text})
    return answers


from tests.portal.conftest import browser, world_live  # noqa: E402, F401 - the browser tests' fixtures, found by name
