"""A small hand-made corpus of real-looking acts in Uzbek Latin, Uzbek Cyrillic and Russian."""

import datetime

import time_machine
from django.utils import timezone

from comments.selectors import unanswered_comment_ids
from comments.services import comment_moderate, comment_respond, comment_submit, conclusion_submit
from drafts.services import draft_assign_expert_group, draft_create
from workflow.services import draft_transition

ACTS = {
    "tax_latn": (
        "Mahalliy soliqlar stavkalari to‘g‘risida",
        "1. Yer soliqi stavkalari 2027-yil uchun belgilansin.\n2. Mol-mulk soliqini to‘lashda imtiyozlar saqlanadi.\n",
        "uz-latn",
    ),
    "tax_cyrl": (
        "Ер солиғи имтиёзлари тўғрисида",
        "1-модда. Имтиёзлар\nКам таъминланган оилалар ер солиғидан озод қилинади.\n\n"
        "2-модда. Ўзгартириш киритиш\nҚарорга ўзгартириш киритиш тартиби белгиланади.\n",
        "uz-cyrl",
    ),
    "tax_ru": (
        "О налоговых льготах для фермеров",
        "Статья 1. Налоговые льготы\nФермерские хозяйства освобождаются от налога на землю.\n",
        "ru",
    ),
    "roads_latn": (
        "Yo‘llarni ta’mirlash dasturi to‘g‘risida",
        "1. Tuman yo‘llarini ta’mirlash dasturi tasdiqlansin.\n2. Dasturga o'zgartirish kiritish tartibi belgilansin.\n"
        "3. Soliq tushumlari hisobidan moliyalashtirish nazarda tutilsin.\n",
        "uz-latn",
    ),
}


def make_corpus(world) -> dict:
    """The acts: public ones in discussion, one approved, one still internal; with comments."""
    u = world.users
    drafts = {}
    for key, (title, body, language) in ACTS.items():
        draft = draft_create(
            user=u["drafter"],
            title=title,
            act_type=world.act_types["qaror"],
            issuing_body=world.issuing_body,
            body=body,
            language=language,
        )
        draft_assign_expert_group(user=u["drafter"], draft_id=draft.pk, group_id=world.expert_groups["legal"].pk)
        drafts[key] = draft
    # tax_latn, tax_cyrl, tax_ru go public; roads_latn stays internal (state draft).
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30), tick=True):
        for key in ("tax_latn", "tax_cyrl", "tax_ru"):
            d = drafts[key]
            draft_transition(user=u["drafter"], draft_id=d.pk, name="submit_for_review")
            comment_submit(user=u["expert"], draft_id=d.pk, text="Maxfiy ekspert izohi: zumrad.")
            conclusion_submit(user=u["expert"], draft_id=d.pk, verdict="positive", text="Ma'qul.")
            ends = timezone.now() + datetime.timedelta(days=10, hours=1)
            draft_transition(
                user=u["drafter"], draft_id=d.pk, name="open_discussion", arguments={"discussion_ends_at": ends}
            )
        published = comment_submit(
            user=u["citizen"], draft_id=drafts["tax_latn"].pk, text="Fermerlar uchun imtiyoz kerak, olmos."
        )
        comment_moderate(user=u["moderator"], comment_id=published.pk, decision="publish")
        comment_submit(user=u["citizen"], draft_id=drafts["tax_latn"].pk, text="Kutilayotgan izoh: yoqut.")
    d = drafts["tax_cyrl"]
    draft_transition(user=u["moderator"], draft_id=d.pk, name="close_discussion")
    for comment_id in unanswered_comment_ids(d):
        comment_respond(user=u["drafter"], comment_id=comment_id, decision="accepted", text="Hisobga olindi.")
    draft_transition(user=u["drafter"], draft_id=d.pk, name="submit_for_approval")
    draft_transition(
        user=u["approver"],
        draft_id=d.pk,
        name="approve",
        arguments={"number": "S-1", "approved_on": datetime.date(2025, 12, 30)},
    )
    for draft in drafts.values():
        draft.refresh_from_db()
    return drafts
