"""Words printed on official copies, in the language of the act (not of whoever asks for it)."""

import datetime
import re

from .numbering import superscript

MONTHS = {
    "uz-latn": [
        "yanvar",
        "fevral",
        "mart",
        "aprel",
        "may",
        "iyun",
        "iyul",
        "avgust",
        "sentabr",
        "oktabr",
        "noyabr",
        "dekabr",
    ],
    "uz-cyrl": [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

LABELS = {
    "uz-latn": {
        "number": "{n}-son",
        "page": "Bet",
        "of": "/",
        "checksum": "Matn nazorat yig‘indisi (SHA-256)",
        "verify": "Tekshirish",
        "draft_mark": "LOYIHA",
        "not_official": "Loyiha. Rasmiy nusxa emas",
        "version": "{n}-tahrir",
        "summary": "Takliflar jamlanmasi",
        "proposal": "Taklif",
        "author": "Muallif",
        "decision": "Qaror",
        "reasoning": "Asoslash",
        "whole": "Loyiha umuman",
        "point": "{n}-band",
        "annex": "{n}-ilova",
        "accepted": "Qabul qilindi",
        "partially_accepted": "Qisman qabul qilindi",
        "not_accepted": "Qabul qilinmadi",
        "attachments": "Ilova qilingan fayllar",
        "votes": "Muhokama ishtirokchilarining ovozlari",
        "votes_for": "qo‘llab-quvvatladi",
        "votes_against": "qarshi chiqdi",
        "supported_by": "Qo‘llab-quvvatladi",
        # How a sub-point is named with what holds it: "2-band, a)", "п. 2, а)", "point 2 (a)".
        "parent_point": "{n}-band",
        "parent_article": "{n}-modda",
        "parent_part": "{n}-qism",
        "subpoint": "{parent}, {item}",
        "part_of": "{parent}, {item}",
        "item": "{n})",
    },
    "uz-cyrl": {
        "number": "{n}-сон",
        "page": "Бет",
        "of": "/",
        "checksum": "Матн назорат йиғиндиси (SHA-256)",
        "verify": "Текшириш",
        "draft_mark": "ЛОЙИҲА",
        "not_official": "Лойиҳа. Расмий нусха эмас",
        "version": "{n}-таҳрир",
        "summary": "Таклифлар жамланмаси",
        "proposal": "Таклиф",
        "author": "Муаллиф",
        "decision": "Қарор",
        "reasoning": "Асослаш",
        "whole": "Лойиҳа умуман",
        "point": "{n}-банд",
        "annex": "{n}-илова",
        "accepted": "Қабул қилинди",
        "partially_accepted": "Қисман қабул қилинди",
        "not_accepted": "Қабул қилинмади",
        "attachments": "Илова қилинган файллар",
        "votes": "Муҳокама иштирокчиларининг овозлари",
        "votes_for": "қўллаб-қувватлади",
        "votes_against": "қарши чиқди",
        "supported_by": "Қўллаб-қувватлади",
        # How a sub-point is named with what holds it: "2-band, a)", "п. 2, а)", "point 2 (a)".
        "parent_point": "{n}-банд",
        "parent_article": "{n}-модда",
        "parent_part": "{n}-қисм",
        "subpoint": "{parent}, {item}",
        "part_of": "{parent}, {item}",
        "item": "{n})",
    },
    "ru": {
        "number": "№ {n}",
        "page": "Страница",
        "of": "из",
        "checksum": "Контрольная сумма текста (SHA-256)",
        "verify": "Проверка",
        "draft_mark": "ПРОЕКТ",
        "not_official": "Проект. Не является официальной копией",
        "version": "редакция {n}",
        "summary": "Свод предложений",
        "proposal": "Предложение",
        "author": "Автор",
        "decision": "Решение",
        "reasoning": "Обоснование",
        "whole": "Проект в целом",
        "point": "Пункт {n}",
        "annex": "Приложение {n}",
        "accepted": "Принято",
        "partially_accepted": "Принято частично",
        "not_accepted": "Не принято",
        "attachments": "Прилагаемые файлы",
        "votes": "Голоса участников обсуждения",
        "votes_for": "за",
        "votes_against": "против",
        "supported_by": "Поддержали",
        # How a sub-point is named with what holds it: "2-band, a)", "п. 2, а)", "point 2 (a)".
        "parent_point": "п. {n}",
        "parent_article": "ст. {n}",
        "parent_part": "ч. {n}",
        "subpoint": "{parent}, {item}",
        "part_of": "{parent}, {item}",
        "item": "{n})",
    },
    "en": {
        "number": "No. {n}",
        "page": "Page",
        "of": "of",
        "checksum": "Text checksum (SHA-256)",
        "verify": "Verify",
        "draft_mark": "DRAFT",
        "not_official": "Draft. Not an official copy",
        "version": "version {n}",
        "summary": "Summary of proposals",
        "proposal": "Proposal",
        "author": "Author",
        "decision": "Decision",
        "reasoning": "Reasoning",
        "whole": "The draft as a whole",
        "point": "Point {n}",
        "annex": "Annex {n}",
        "accepted": "Accepted",
        "partially_accepted": "Partially accepted",
        "not_accepted": "Not accepted",
        "attachments": "Attached files",
        "votes": "Votes in the public discussion",
        "votes_for": "for",
        "votes_against": "against",
        "supported_by": "Supported by",
        # How a sub-point is named with what holds it: "2-band, a)", "п. 2, а)", "point 2 (a)".
        "parent_point": "point {n}",
        "parent_article": "article {n}",
        "parent_part": "part {n}",
        "subpoint": "{parent} {item}",
        "part_of": "{parent}, {item}",
        "item": "({n})",
    },
}


def labels_for(language: str) -> dict:
    """The printed words for the act's language (Uzbek Latin when unknown)."""
    return LABELS.get(language, LABELS["uz-latn"])


def long_date(day: datetime.date, language: str) -> str:
    """A date as written on acts: 2026-yil 26-noyabr, 2026 йил 26 ноябрь, 26 ноября 2026 г."""
    month = MONTHS.get(language, MONTHS["uz-latn"])[day.month - 1]
    if language == "uz-cyrl":
        return f"{day.year} йил {day.day} {month}"
    if language == "ru":
        return f"{day.day} {month} {day.year} г."
    if language == "en":
        return f"{day.day} {month} {day.year}"
    return f"{day.year}-yil {day.day}-{month}"


def _key_number(part: str) -> str:
    """A key's number as printed: "27-1" is 27¹ (a superscript article), "a" stays "a"."""
    base, _, sup = part.partition("-")
    return superscript(base, int(sup)) if base.isdigit() and sup.isdigit() else base


def _subpoint_name(item, labels: dict) -> str:
    """A sub-point named with its article or point, and with the item or part between them, if any.

    The key carries the path ("art-374.1.a" is a) of item 1) of article 374). A parsed provision also
    says which provision holds it, and so tells a numbered part of an article ("art-4.2.a" with the
    article as its parent) from a numbered item; a stored article row does not, and its middle
    numbers are named as items.
    """
    base, *middle, _last = item.key.split(".")
    holder = re.sub(r"^annex\d+-", "", base)
    kind, _, number = holder.partition("-")
    name = labels["parent_article" if kind == "art" else "parent_point"].format(n=_key_number(number))
    parts_of_article = kind == "art" and middle and getattr(item, "parent", None) == base
    for position, segment in enumerate(middle):
        if parts_of_article and position == 0:
            name = labels["part_of"].format(parent=name, item=labels["parent_part"].format(n=_key_number(segment)))
        else:
            name = labels["subpoint"].format(parent=name, item=labels["item"].format(n=_key_number(segment)))
    own = item.label.rstrip(")") if item.label.endswith(")") else item.number
    return labels["subpoint"].format(parent=name, item=labels["item"].format(n=own))


def provision_name(article, language: str) -> str:
    """How a reader names a provision: "3-modda", "Статья 3", "2-band", "Пункт 2", "2-band, a)", "п. 2, а)"."""
    labels = labels_for(language)
    if article.kind == "subpoint":
        name = _subpoint_name(article, labels)
    else:
        name = labels["point"].format(n=article.number) if article.kind == "point" else article.label
    return f"{labels['annex'].format(n=article.annex)}, {name}" if article.annex else name
