"""Words printed on official copies, in the language of the act (not of whoever asks for it)."""

import datetime

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


def provision_name(article, language: str) -> str:
    """How a reader names an article or point: "3-modda", "Статья 3", "2-band", "Пункт 2"."""
    labels = labels_for(language)
    name = labels["point"].format(n=article.number) if article.kind == "point" else article.label
    return f"{labels['annex'].format(n=article.annex)}, {name}" if article.annex else name
