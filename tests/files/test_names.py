"""The uploader's name made harmless keeps the extension the schema accepted it for."""

import pytest

from files.names import clean_name


@pytest.mark.parametrize(
    "raw,expected",
    [
        # What schemathesis sent: a C1 control before the dot, allowed by the schema's name pattern.
        ("\x8b.pdF", ("file.pdf", "pdf")),
        ("\u202e.png", ("file.png", "png")),
        ("hisobot.pdf.", ("hisobot.pdf", "pdf")),
        ("  Qaror loyihasi.DOCX ", ("Qaror loyihasi.docx", "docx")),
        ("C:\\fayllar\\jadval.xlsx", ("jadval.xlsx", "xlsx")),
        ("izohsiz", ("izohsiz", "")),
    ],
)
def test_a_name_keeps_its_extension(raw, expected):
    assert clean_name(raw) == expected
