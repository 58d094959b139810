"""The hostile-input corpus: values no honest client sends, and the fields of every endpoint they go into.

A value is sent as JSON (`json_raw` when plain `json.dumps` cannot express it: NaN, lone
surrogates) or as a query/form field (`form_raw`: already percent-encoded, for invalid UTF-8).
`refused` values (C0 controls, DEL, bidi controls) must be answered 400 wherever they appear.
"""

from dataclasses import dataclass
from urllib.parse import quote

MISSING = object()


@dataclass(frozen=True)
class HV:
    """A hostile value."""

    name: str
    py: object = MISSING
    json_raw: str | None = None
    form_raw: str | None = None
    refused: bool = False

    def as_json(self) -> str | None:
        if self.json_raw is not None:
            return self.json_raw
        import json

        return None if self.py is MISSING else json.dumps(self.py)

    def as_form(self) -> str | None:
        """Percent-encoded, or None when a form cannot carry it (booleans, null, lists, objects)."""
        if self.form_raw is not None:
            return self.form_raw
        if isinstance(self.py, bool) or not isinstance(self.py, (str, int, float)):
            return None
        return quote(str(self.py), safe="")


def _refused(name, text):
    return HV(name, text, refused=True)


# Refused everywhere with 400: C0 controls but tab/LF/CR, DEL, bidi embeddings/overrides/isolates.
REFUSED = [
    _refused("nul", "a\x00b"),
    _refused("nul_only", "\x00"),
    _refused("bell", "a\x07b"),
    _refused("backspace", "abc\x08\x08\x08xyz"),
    _refused("vertical_tab", "a\x0bb"),
    _refused("form_feed", "a\x0cb"),
    _refused("ansi_escape", "\x1b[31mred\x1b[0m"),
    _refused("unit_separator", "a\x1fb"),
    _refused("del", "a\x7fb"),
    _refused("rlo", "fdp.exe\u202etxt"),
    _refused("lre", "a\u202ab"),
    _refused("rle", "a\u202bb"),
    _refused("pdf", "a\u202cb"),
    _refused("lro", "a\u202db"),
    _refused("lri", "a\u2066b"),
    _refused("rli", "a\u2067b\u2069"),
    _refused("fsi", "a\u2068b"),
    _refused("pdi", "a\u2069b"),
]

XSS_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>")

# Allowed (no 400 required), but never a 500 and never echoed unescaped.
ODD = [
    HV("tab_crlf", "a\tb\r\nc\rd"),
    HV("lrm_rlm_marks", "a\u200eb\u200fc"),
    HV("zero_width_space", "so\u200bliq"),
    HV("zwj_zwnj", "a\u200d\u200cb"),
    HV("bom", "\ufeffsoliq"),
    HV("word_joiner", "a\u2060b"),
    HV("line_separator", "a\u2028b\u2029c"),
    HV("c1_nel", "a\u0085b"),
    HV("c1_csi", "\u009b31mred"),
    HV("noncharacters", "\uffff\ufffe\U0010ffff"),
    HV("emoji", "😀👍🏽🇺🇿👨‍👩‍👧"),
    HV("astral", "𝕏𝔂𝟘 𠜎𠜱"),
    HV("zalgo", "Z\u0351\u0363\u0300a" + "\u0301" * 500 + "lgo"),
    HV("long_100k", "x" * 100_000),
    HV("long_words", "soliq " * 20_000),
    HV("empty", ""),
    HV("spaces", "   "),
    HV("sql_or", "' OR '1'='1' --"),
    HV("sql_drop", "'; DROP TABLE drafts_draft; --"),
    HV("sql_union", "1 UNION SELECT username, password FROM auth_user--"),
    HV("sql_comment", "*/ /* -- # ;"),
    HV("like_wildcards", "%_%\\%"),
    HV("fts_quote", '"'),
    HV("fts_near", "NEAR(a b"),
    HV("fts_star", "*"),
    HV("fts_operators", "AND OR NOT"),
    HV("fts_column", "title:soliq ^body -x +y"),
    HV("fts_parens", '((("a'),
    HV("lucene_field", "field:(a OR"),
    HV("lucene_backslash", "\\"),
    HV("lucene_misc", "a~2^3 /re.*/ [* TO *] {a TO b} && || ! ?"),
    HV("tsquery", "a & | ! <-> :* b:A"),
    HV("xss_script", XSS_MARKERS[0]),
    HV("xss_img", '"><img src=x onerror=alert(1)>'),
    HV("xss_svg", "'><svg/onload=alert(1)>"),
    HV("js_url", "javascript:alert(1)"),
    HV("template", "{{7*7}} {% debug %} ${7*7} #{7*7}"),
    HV("format_string", "%s%s%n %(x)s {0} {x!r}"),
    HV("traversal", "../../../../etc/passwd"),
    HV("traversal_encoded", "..%2f..%2f..%2fetc%2fpasswd"),
    HV("crlf_header", "x\r\nSet-Cookie: pwned=1"),
    HV("mixed_scripts", "oʻzgartirish ўзгартириш налоговые"),
]

# Only JSON can carry these (a form's bytes are decoded with replacement characters instead).
JSON_ONLY = [
    HV("lone_surrogate", json_raw='"\\ud800"'),
    HV("lone_low_surrogate", json_raw='"a\\udfffb"'),
    HV("escaped_nul", json_raw='"a\\u0000b"', refused=True),
    HV("escaped_rlo", json_raw='"\\u202e"', refused=True),
]
# Only a query or a form can carry these: bytes that are not UTF-8.
FORM_ONLY = [
    HV("invalid_utf8", form_raw="%FF%FE%FD"),
    HV("utf8_surrogate", form_raw="%ED%A0%80"),
    HV("overlong_slash", form_raw="%C0%AF"),
]
WRONG_TYPES = [
    HV("type_int", 1),
    HV("type_huge_int", 99999999999999999999),
    HV("type_float", 1.5),
    HV("type_true", True),
    HV("type_null", None),
    HV("type_list", ["a"]),
    HV("type_object", {"a": "b"}),
]
NUMBERS = [
    HV("huge", 99999999999999999999),
    HV("huge_negative", -99999999999999999999),
    HV("int64_over", 2**63),
    HV("int64_max", 2**63 - 1),
    HV("int32_over", 2**31),
    HV("negative", -1),
    HV("zero", 0),
    HV("float", 1.5),
    HV("float_huge", 1e308),
    HV("exp_overflow", json_raw="1e400", form_raw="1e400"),
    HV("nan", json_raw="NaN", form_raw="NaN"),
    HV("infinity", json_raw="-Infinity", form_raw="-Infinity"),
    HV("str_huge", "99999999999999999999"),
    HV("str_1000_digits", "9" * 1000),
    HV("str_word", "abc"),
    HV("str_superscript", "²"),
    HV("str_arabic_digits", "٣٤"),
    HV("str_fullwidth", "１"),
    HV("str_float", "1.0"),
    HV("str_hex", "0x10"),
    HV("str_spaced", " 1 "),
    HV("bool", True),
    HV("null", None),
    HV("list_empty", []),
    HV("list_huge", [99999999999999999999]),
    HV("object", {"id": 1}),
]
DATES = [
    HV("feb_30", "2026-02-30"),
    HV("month_13", "2026-13-01"),
    HV("year_zero", "0000-00-00"),
    HV("year_one", "0001-01-01"),
    HV("year_9999", "9999-12-31"),
    HV("year_5_digits", "99999-01-01"),
    HV("negative_year", "-2026-01-01"),
    HV("bad_time", "2026-01-01T25:61:61"),
    HV("far_future_west", "9999-12-31T23:59:59-12:00"),
    HV("far_past_east", "0001-01-01T00:00:00+14:00"),
    HV("offset_99", "2030-01-01T00:00:00+99:00"),
    HV("words", "yesterday"),
    HV("int_date", 20260101),
    HV("date_list", ["2030-01-01"]),
]
CHOICES = [
    HV("upper", "PUBLISH"),
    HV("trailing_space", "publish "),
    HV("choice_list", ["publish"]),
    HV("choice_object", {"publish": True}),
    HV("choice_int", 1),
    HV("choice_null", None),
]
# A few of each family, for fields that are not free text.
SHORT = [v for v in REFUSED if v.name in ("nul", "rlo", "ansi_escape", "pdi")] + [
    v
    for v in ODD
    if v.name in ("long_100k", "empty", "sql_or", "fts_quote", "xss_img", "emoji", "zero_width_space", "crlf_header")
]

TINY = [v for v in SHORT if v.name in ("nul", "rlo", "xss_img", "long_100k")]

STRINGS = REFUSED + ODD


def _pick(values, *names):
    found = [v for v in values if v.name in names]
    assert len(found) == len(names), set(names) - {v.name for v in found}
    return found


# Free text that is stored and shown: a middle selection (the full one, "text", goes to a few fields).
PROSE = _pick(REFUSED, "nul", "ansi_escape", "rlo", "lri", "pdi") + _pick(
    ODD,
    "tab_crlf",
    "zero_width_space",
    "bom",
    "noncharacters",
    "emoji",
    "long_100k",
    "empty",
    "sql_drop",
    "fts_near",
    "xss_script",
    "xss_img",
    "crlf_header",
)
INTS = _pick(
    NUMBERS,
    "huge",
    "huge_negative",
    "int64_over",
    "negative",
    "zero",
    "exp_overflow",
    "nan",
    "str_huge",
    "str_1000_digits",
    "str_word",
    "str_superscript",
    "str_arabic_digits",
    "null",
    "list_huge",
)
KINDS = {
    # kind -> (values for JSON bodies, values for queries and forms)
    "text": (STRINGS + JSON_ONLY + WRONG_TYPES, STRINGS + FORM_ONLY),
    "prose": (PROSE + JSON_ONLY[:3] + WRONG_TYPES[::2], PROSE + FORM_ONLY[:2]),
    "short": (SHORT + JSON_ONLY[:1] + WRONG_TYPES[4::2], SHORT + FORM_ONLY[:1]),
    "int": (INTS + TINY, INTS + TINY + FORM_ONLY[:1]),
    "date": (DATES + TINY, DATES + TINY),
    "choice": (CHOICES + TINY + JSON_ONLY[:1], CHOICES + TINY),
    # A list of ids: each number inside the list, and wrong types in place of the list.
    "ints": (INTS + TINY + WRONG_TYPES[1:], INTS),
    # Fields that only pass through the middleware, or whose handler is slow (the OpenAPI schema).
    "tiny": (TINY, TINY + FORM_ONLY[:1]),
}

VALUES = {v.name: v for v in REFUSED + ODD + JSON_ONLY + FORM_ONLY + WRONG_TYPES + NUMBERS + DATES + CHOICES}
