"""The demo world (brief §8): every role's user, expert groups, act types, a draft in every state and the media library.

Built only through the services, so it obeys the same rules as real use; the tests share it.
Stages that need time to pass (a discussion running out) are played with the clock set back.
"""

import datetime
from dataclasses import dataclass, field

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from comments import grouping
from comments.models import Comment, Status
from comments.selectors import unanswered_comment_ids
from comments.services import comment_moderate, comment_respond, comment_submit, conclusion_submit
from drafts.models import ActType, Draft, ExpertGroup, IssuingBody
from drafts.services import draft_assign_expert_group, draft_create
from kernel.roles import Role
from kernel.states import State
from surveys.services import survey_answer_submit, survey_define, survey_text_moderate
from workflow.demo import texts
from workflow.demo.media import build_media_library
from workflow.services import draft_transition

USERS = {
    # username: (full name, role group or expert group key, e-mail)
    "drafter": ("Dilshod Rahimov", Role.DRAFTERS),
    "drafter2": ("Nodira Karimova", Role.DRAFTERS),
    "expert": ("Sardor Toshmatov", "legal"),
    "expert2": ("Malika Yusupova", "economic"),
    "moderator": ("Gulnora Azimova", Role.MODERATORS),
    "approver": ("Bahodir Nazarov", Role.APPROVERS),
    "citizen": ("Aziz Olimov", Role.CITIZENS),
    "media_editor": ("Shahlo Ergasheva", Role.MEDIA_EDITORS),
    "admin": ("Administrator", None),
}


@dataclass
class DemoWorld:
    """Named users, groups, one draft per state and the library's materials."""

    users: dict = field(default_factory=dict)
    expert_groups: dict = field(default_factory=dict)
    act_types: dict = field(default_factory=dict)
    issuing_body: IssuingBody | None = None
    drafts: dict = field(default_factory=dict)
    materials: dict = field(default_factory=dict)


# Reference data in every interface language: uz (Latin), uz-cyrl, ru, en.
ACT_TYPES = [
    (
        "qaror",
        10,
        {
            "uz": "Viloyat hokimining qarori",
            "uz-cyrl": "Вилоят ҳокимининг қарори",
            "ru": "Решение хокима области",
            "en": "Decision of the Regional Khokim",
        },
    ),
    (
        "kengash-qarori",
        15,
        {
            "uz": "Viloyat kengashining qarori",
            "uz-cyrl": "Вилоят кенгашининг қарори",
            "ru": "Решение областного Кенгаша",
            "en": "Decision of the Regional Council",
        },
    ),
    (
        "farmoyish",
        10,
        {
            "uz": "Viloyat hokimining farmoyishi",
            "uz-cyrl": "Вилоят ҳокимининг фармойиши",
            "ru": "Распоряжение хокима области",
            "en": "Order of the Regional Khokim",
        },
    ),
]
ISSUING_BODY = {
    "name": {
        "uz": "Samarqand viloyati hokimligi",
        "uz-cyrl": "Самарқанд вилояти ҳокимлиги",
        "ru": "Хокимият Самаркандской области",
        "en": "Samarkand Regional Khokimiyat",
    },
    "place": {"uz": "Samarqand shahri", "uz-cyrl": "Самарқанд шаҳри", "ru": "город Самарканд", "en": "Samarkand"},
    "signatory_title": {
        "uz": "Viloyat hokimi",
        "uz-cyrl": "Вилоят ҳокими",
        "ru": "Хоким области",
        "en": "Regional Khokim",
    },
    "signatory_name": {"uz": "E. Turdimov", "uz-cyrl": "Э. Турдимов", "ru": "Э. Турдимов", "en": "E. Turdimov"},
}
EXPERT_GROUPS = {
    "legal": {
        "uz": "Huquqiy ekspertiza guruhi",
        "uz-cyrl": "Ҳуқуқий экспертиза гуруҳи",
        "ru": "Группа правовой экспертизы",
        "en": "Legal review group",
    },
    "economic": {
        "uz": "Iqtisodiy ekspertiza guruhi",
        "uz-cyrl": "Иқтисодий экспертиза гуруҳи",
        "ru": "Группа экономической экспертизы",
        "en": "Economic review group",
    },
}


def _per_language(attribute: str, names: dict) -> dict:
    """`{"name_uz": ..., "name_uz_cyrl": ...}`: the columns of one translated attribute."""
    return {build_localized_fieldname(attribute, language): text for language, text in names.items()}


def _reference_data(world: DemoWorld) -> None:
    for code, days, names in ACT_TYPES:
        world.act_types[code], _ = ActType.objects.get_or_create(
            code=code, defaults={"name": names["uz"], **_per_language("name", names), "min_discussion_days": days}
        )
    columns = {k: v for attribute, names in ISSUING_BODY.items() for k, v in _per_language(attribute, names).items()}
    world.issuing_body, _ = IssuingBody.objects.get_or_create(
        name_uz=ISSUING_BODY["name"]["uz"],
        defaults={attribute: names["uz"] for attribute, names in ISSUING_BODY.items()} | columns,
    )
    for key, names in EXPERT_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=f"experts: {names['uz']}")
        world.expert_groups[key], _ = ExpertGroup.objects.get_or_create(
            name_uz=names["uz"], defaults={"name": names["uz"], **_per_language("name", names), "group": group}
        )


def _users(world: DemoWorld, password: str) -> None:
    User = get_user_model()
    roles = {name: Group.objects.get_or_create(name=name)[0] for name in Role.ALL}
    for username, (full_name, membership) in USERS.items():
        first, _, last = full_name.partition(" ")
        user = User.objects.create_user(
            username, email=f"{username}@demo.example.uz", password=password, first_name=first, last_name=last
        )
        if username == "admin":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        elif membership in roles:
            user.groups.add(roles[membership])
        else:
            user.groups.add(world.expert_groups[membership].group)
        world.users[username] = user


def _new(world, title, body, act_type="qaror", language="uz-latn", groups=("legal",)) -> Draft:
    u = world.users
    draft = draft_create(
        user=u["drafter"],
        title=title,
        act_type=world.act_types[act_type],
        issuing_body=world.issuing_body,
        body=body,
        language=language,
        explanatory_note="Loyiha aholining murojaatlari va amaldagi qonunchilik tahlili asosida tayyorlandi.",
    )
    for key in groups:
        draft_assign_expert_group(user=u["drafter"], draft_id=draft.pk, group_id=world.expert_groups[key].pk)
    return draft


def _step(world, draft, name, user="drafter", **arguments) -> None:
    actor = world.users[user] if user else None
    draft_transition(user=actor, draft_id=draft.pk, name=name, arguments=arguments)


def _review(world, draft, groups=("legal",)) -> None:
    _step(world, draft, "submit_for_review")
    experts = {"legal": "expert", "economic": "expert2"}
    comment_submit(
        user=world.users["expert"],
        draft_id=draft.pk,
        text="Band matnida ijrochi organ aniq ko‘rsatilmagan; aniqlashtirish taklif etiladi.",
        article=_first_article_key(draft),
    )
    for key in groups:
        conclusion_submit(
            user=world.users[experts[key]],
            draft_id=draft.pk,
            verdict="positive_with_remarks",
            text="Loyiha qonunchilikka muvofiq. Ayrim bandlarni aniqlashtirish tavsiya etiladi.",
        )


def _first_article_key(draft) -> str:
    draft.refresh_from_db()
    return draft.versions.get(number=draft.version).articles.order_by("position").values_list("key", flat=True)[0]


def _discuss(world, draft) -> None:
    """Citizens' comments in every status, and a proposal received by phone."""
    u = world.users
    key = _first_article_key(draft)
    published = comment_submit(
        user=u["citizen"],
        draft_id=draft.pk,
        article=key,
        text="Taklif: ushbu bandni amalga oshirish muddatini 2027-yil 1-yanvargacha uzaytirish kerak.",
    )
    comment_moderate(user=u["moderator"], comment_id=published.pk, decision="publish")
    rejected = comment_submit(user=u["citizen"], draft_id=draft.pk, text="Hammasi yomon!!! <b>Qabul qilmang</b>")
    comment_moderate(
        user=u["moderator"],
        comment_id=rejected.pk,
        decision="reject",
        reason="Izohda loyiha bo‘yicha aniq taklif yo‘q.",
    )
    comment_submit(
        user=u["moderator"],
        draft_id=draft.pk,
        channel="phone",
        submitted_for="Karimov Anvar, Urgut tumani",
        text="Mahalla yig‘inlari bilan kelishish tartibini qarorda aniq belgilash lozim.",
    )
    comment_submit(user=u["citizen"], draft_id=draft.pk, text="Loyihani qo‘llab-quvvatlayman, juda kerakli hujjat.")


SURVEY = [
    {
        "kind": "single_choice",
        "text": "Chiqindi qancha tez-tez olib ketilishi kerak?",
        "texts": {
            "uz-cyrl": "Чиқинди қанча тез-тез олиб кетилиши керак?",
            "ru": "Как часто нужно вывозить отходы?",
            "en": "How often should waste be collected?",
        },
        "options": [
            {"text": "Har kuni", "texts": {"uz-cyrl": "Ҳар куни", "ru": "Каждый день", "en": "Every day"}},
            {
                "text": "Haftada ikki marta",
                "texts": {"uz-cyrl": "Ҳафтада икки марта", "ru": "Дважды в неделю", "en": "Twice a week"},
            },
            {
                "text": "Haftada bir marta",
                "texts": {"uz-cyrl": "Ҳафтада бир марта", "ru": "Раз в неделю", "en": "Once a week"},
            },
        ],
    },
    {
        "kind": "multiple_choice",
        "text": "Qaysi chiqindilarni alohida yig‘ish kerak?",
        "texts": {
            "uz-cyrl": "Қайси чиқиндиларни алоҳида йиғиш керак?",
            "ru": "Какие отходы собирать раздельно?",
            "en": "Which waste should be collected separately?",
        },
        "options": [
            {"text": "Plastik", "texts": {"uz-cyrl": "Пластик", "ru": "Пластик", "en": "Plastic"}},
            {"text": "Qog‘oz", "texts": {"uz-cyrl": "Қоғоз", "ru": "Бумага", "en": "Paper"}},
            {"text": "Shisha", "texts": {"uz-cyrl": "Шиша", "ru": "Стекло", "en": "Glass"}},
        ],
    },
    {
        "kind": "scale",
        "text": "Loyihani qanday baholaysiz?",
        "texts": {
            "uz-cyrl": "Лойиҳани қандай баҳолайсиз?",
            "ru": "Как вы оцениваете проект?",
            "en": "How do you rate the draft?",
        },
    },
    {
        "kind": "free_text",
        "text": "Qo‘shimcha takliflaringiz",
        "texts": {
            "uz-cyrl": "Қўшимча таклифларингиз",
            "ru": "Ваши дополнительные предложения",
            "en": "Your further proposals",
        },
    },
]
# (choice, choices, scale, text) of the demo respondents.
SURVEY_ANSWERS = [
    (0, [0, 1], 4, "Konteynerlar sonini ko‘paytirish kerak."),
    (1, [0, 2], 5, ""),
    (0, [0], 3, "Tungi vaqtda olib chiqish shovqin qiladi."),
]


def _survey(world, draft) -> None:
    """A short survey with live results, answered by three residents; one written answer approved."""
    survey = survey_define(
        user=world.users["drafter"],
        draft_id=draft.pk,
        title="Chiqindilarni olib chiqish",
        titles={"uz-cyrl": "Чиқиндиларни олиб чиқиш", "ru": "Вывоз отходов", "en": "Waste collection"},
        results_live=True,
        questions=SURVEY,
    )
    questions = list(survey.questions.order_by("position"))
    User = get_user_model()
    citizens = Group.objects.get(name=Role.CITIZENS)
    for i, (choice, choices, scale, text) in enumerate(SURVEY_ANSWERS):
        user = User.objects.create_user(f"resident{i + 1}", email=f"resident{i + 1}@demo.example.uz", password=None)
        user.groups.add(citizens)
        answers = [
            {"question": questions[0].pk, "choice": choice},
            {"question": questions[1].pk, "choices": choices},
            {"question": questions[2].pk, "scale": scale},
        ]
        if text:
            answers.append({"question": questions[3].pk, "text": text})
        response = survey_answer_submit(user=user, draft_id=draft.pk, answers=answers)
        if i == 0:
            written = response.answers.get(question=questions[3])
            survey_text_moderate(user=world.users["moderator"], answer_id=written.pk, decision="approve")


# A form letter (issue 13) as the demo shows it to moderators: one proposal sent by several residents, each
# with a small edit of their own, grouped into one campaign. seed_demo adds it; the tests' world has none, so
# what the tests count of the discussion stays as it is.
FORM_LETTER = (
    "Har bir mahallada kamida ikkita chiqindi konteyneri o‘rnatilsin va ular har kuni ertalab soat yettigacha "
    "bo‘shatilsin; konteynerlar atrofi haftada bir marta yuvilsin."
)
FORM_LETTER_EDITS = [
    ("", ""),
    ("ikkita", "uchta"),
    ("soat yettigacha", "soat sakkizgacha"),
    ("haftada bir marta", "haftada ikki marta"),
    ("Har bir mahallada", "Bizning mahallada ham"),
    ("o‘rnatilsin", "qo‘yilsin"),
]


def add_demo_campaign(world: DemoWorld) -> None:
    """Residents send the form letter to the draft in public discussion; it waits for moderation as one campaign."""
    draft = world.drafts[State.PUBLIC_DISCUSSION]
    citizens = Group.objects.get(name=Role.CITIZENS)
    for i, (old, new) in enumerate(FORM_LETTER_EDITS):
        user = get_user_model().objects.create_user(
            f"signatory{i + 1}", email=f"signatory{i + 1}@demo.example.uz", password=None
        )
        user.groups.add(citizens)
        comment_submit(user=user, draft_id=draft.pk, text=FORM_LETTER.replace(old, new) if old else FORM_LETTER)
    # Grouped now, whichever job backend is set: the demo shows the campaign at once.
    grouping.group_waiting(draft.pk)


def _answer_all(world, draft) -> None:
    for comment_id in unanswered_comment_ids(draft):
        comment_respond(
            user=world.users["drafter"],
            comment_id=comment_id,
            decision="partially_accepted",
            text="Taklif qisman inobatga olindi: muddat aniqlashtirildi.",
        )


def _open_and_close(world, draft, days_ago: int, answer: bool = True) -> None:
    """Opens the discussion as if `days_ago` days ago, with comments; closes it now and answers them."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=True):
        _review(world, draft)
        deadline = timezone.now() + datetime.timedelta(days=draft.act_type.min_discussion_days, hours=1)
        _step(world, draft, "open_discussion", discussion_ends_at=deadline)
        _discuss(world, draft)
        for pending in Comment.objects.filter(draft=draft, status=Status.PENDING):
            comment_moderate(user=world.users["moderator"], comment_id=pending.pk, decision="publish")
    _step(world, draft, "close_discussion", user="moderator")
    if answer:
        _answer_all(world, draft)


@transaction.atomic
def build_demo_world(password: str = "demo") -> DemoWorld:
    """Creates the whole demo world, all or nothing; call it on an empty database."""
    world = DemoWorld()
    _reference_data(world)
    _users(world, password)
    d = world.drafts

    d[State.DRAFT] = _new(world, "Ziyorat turizmini rivojlantirish chora-tadbirlari to‘g‘risida", texts.TOURISM_UZ_LATN)

    d[State.EXPERT_REVIEW] = _new(
        world, "О мерах по развитию общественного транспорта в области", texts.DECREE_RU, "farmoyish", "ru"
    )
    _step(world, d[State.EXPERT_REVIEW], "submit_for_review")
    comment_submit(
        user=world.users["expert"],
        draft_id=d[State.EXPERT_REVIEW].pk,
        text="Маршрут тармоғини мақбуллаштириш муддатини аниқ кўрсатиш керак.",
    )

    d[State.PUBLIC_DISCUSSION] = _new(
        world,
        "Maishiy chiqindilarni yig‘ish va olib chiqish tizimini takomillashtirish to‘g‘risida",
        texts.RESOLUTION_UZ_LATN,
    )
    _review(world, d[State.PUBLIC_DISCUSSION])
    _step(
        world,
        d[State.PUBLIC_DISCUSSION],
        "open_discussion",
        discussion_ends_at=timezone.now() + datetime.timedelta(days=12),
    )
    _discuss(world, d[State.PUBLIC_DISCUSSION])
    _survey(world, d[State.PUBLIC_DISCUSSION])

    d[State.FINALIZATION] = _new(
        world, "Mahalliy soliqlar va yig‘imlar stavkalarini belgilash to‘g‘risida", texts.TAX_UZ_LATN
    )
    _open_and_close(world, d[State.FINALIZATION], days_ago=15, answer=False)

    d[State.APPROVAL] = _new(world, "Ижтимоий шериклик тўғрисида", texts.LAW_UZ_CYRL, "kengash-qarori", "uz-cyrl")
    _open_and_close(world, d[State.APPROVAL], days_ago=20)
    _step(world, d[State.APPROVAL], "submit_for_approval")

    d[State.APPROVED] = _new(
        world, "Mahalliy soliqlar bo‘yicha imtiyozlar to‘g‘risida", texts.TAX_UZ_LATN.replace("2027", "2026")
    )
    _open_and_close(world, d[State.APPROVED], days_ago=30)
    _step(world, d[State.APPROVED], "submit_for_approval")
    _step(world, d[State.APPROVED], "approve", user="approver", number="45", approved_on=timezone.localdate())

    d[State.REJECTED] = _new(
        world, "Bozorlarda savdo qilish qoidalari to‘g‘risida", texts.TOURISM_UZ_LATN.replace("Ziyorat", "Bozor")
    )
    _open_and_close(world, d[State.REJECTED], days_ago=25)
    _step(world, d[State.REJECTED], "submit_for_approval")
    _step(world, d[State.REJECTED], "reject", user="approver", reason="Loyiha amaldagi qonunchilikka zid.")

    d[State.WITHDRAWN] = _new(
        world, "Ko‘chalarni yoritish tartibi to‘g‘risida", texts.TOURISM_UZ_LATN.replace("Ziyorat", "Ko‘cha")
    )
    _step(world, d[State.WITHDRAWN], "withdraw", reason="Masala boshqa qaror bilan hal qilindi.")

    for draft in d.values():
        draft.refresh_from_db()
    world.materials = build_media_library(world)
    return world
