"""Reference data has a name per interface language (django-modeltranslation).

`name` reads in the active language (falling back to Uzbek Latin), so pages and API answers
name act types, issuing bodies and expert groups in the reader's language, and a printed act in
its own. Each name is required in every language: the admin refuses a row that lacks one.
"""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from drafts.models import ActType, ExpertGroup, IssuingBody

NAMED_IN_EVERY_LANGUAGE = tuple(settings.MODELTRANSLATION_LANGUAGES)


@register(ActType)
class ActTypeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = NAMED_IN_EVERY_LANGUAGE


@register(IssuingBody)
class IssuingBodyTranslation(TranslationOptions):
    # The place and the signatory are printed on the act, in its language and script.
    fields = ("name", "place", "signatory_title", "signatory_name")
    required_languages = {language: ("name",) for language in NAMED_IN_EVERY_LANGUAGE}


@register(ExpertGroup)
class ExpertGroupTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {language: ("name",) for language in NAMED_IN_EVERY_LANGUAGE}
