"""How Word's text reads as a draft's text: the numbers Word prints for its lists (every format the acts use,
levels, restarts, styles that number their paragraphs), and documents that nobody could read."""

import io
import random
import socket
import threading

import pytest
from docx.oxml.parser import parse_xml

from drafts.word_import import word_document_text
from drafts.word_text import format_number, word_text
from kernel.errors import InvalidArguments, TooLarge
from tests.files import makers as file_makers
from tests.formats import makers
from tests.formats.makers import W, WordDocument


@pytest.mark.parametrize(
    "n, fmt, printed",
    [
        (4, "decimal", "4"),
        (4, "decimalZero", "04"),
        (14, "upperRoman", "XIV"),
        (9, "lowerRoman", "ix"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (3, "upperLetter", "C"),
        (6, "russianLower", "е"),
        (9, "russianLower", "и"),
        (10, "russianLower", "к"),  # Word skips й
        (3, "russianUpper", "В"),
        (5, "none", ""),
    ],
)
def test_word_number_formats(n, fmt, printed):
    assert format_number(n, fmt) == printed


def lines(word: WordDocument) -> list[str]:
    return word_text(io.BytesIO(word.save())).text.split("\n")


def test_levels_restarts_and_formats_as_word_prints_them():
    word = WordDocument()
    word.paragraph("Umumiy qoidalar", numbered=(3, 0))
    word.paragraph("Birinchi band;", numbered=(1, 0))
    word.paragraph("kichik band;", numbered=(1, 1))
    word.paragraph("ichki band;", numbered=(1, 2))
    word.paragraph("ikkinchi ichki band;", numbered=(1, 2))
    word.paragraph("yana kichik band;", numbered=(1, 1))
    word.paragraph("Ikkinchi band.", numbered=(1, 0))
    word.paragraph("Maxsus qoidalar", numbered=(3, 0))
    word.paragraph("birinchi;", numbered=(2, 0))
    word.paragraph("ikkinchi;", numbered=(2, 0))
    word.paragraph("Uchinchi band davom etadi.", numbered=(1, 0))
    word.paragraph("Yangi roʻyxat boshlanadi.", numbered=(4, 0))
    assert lines(word) == [
        "I. Umumiy qoidalar",
        "1. Birinchi band;",
        "a) kichik band;",
        "а) ichki band;",
        "б) ikkinchi ichki band;",
        "b) yana kichik band;",
        "2. Ikkinchi band.",
        "II. Maxsus qoidalar",
        "1) birinchi;",
        "2) ikkinchi;",
        "3. Uchinchi band davom etadi.",
        "1. Yangi roʻyxat boshlanadi.",
    ]


def test_legal_numbering_bullets_and_a_style_that_numbers_its_paragraphs():
    word = WordDocument()
    numbering = word.document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {W} w:abstractNumId="7">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:isLgl/>'
            '<w:lvlText w:val="%1.%2."/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {W} w:numId="9"><w:abstractNumId w:val="7"/></w:num>'))
    style = word.document.styles.add_style("Modda band", 1)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:numId w:val="2"/></w:numPr>'))
    word.paragraph("Bob", numbered=(9, 0))
    word.paragraph("Qism", numbered=(9, 1))
    word.paragraph("Qism", numbered=(9, 1))
    word.paragraph("belgi", numbered=(9, 2))
    word.paragraph("uslubdan raqam", style="Modda band")
    word.paragraph("uslubdan raqam", style="Modda band")
    assert lines(word) == ["I. Bob", "1.1. Qism", "1.2. Qism", "• belgi", "1) uslubdan raqam", "2) uslubdan raqam"]


def test_tabs_inside_a_paragraph_are_spaces_and_revisions_read_as_accepted():
    word = WordDocument()
    paragraph = word.paragraph("Birinchi")
    for xml in (
        f"<w:r {W}><w:tab/><w:t>ikkinchi</w:t></w:r>",
        f'<w:del {W} w:id="1" w:author="x"><w:r><w:delText>oʻchirilgan</w:delText></w:r></w:del>',
        f'<w:ins {W} w:id="2" w:author="x"><w:r><w:t xml:space="preserve"> qoʻshilgan</w:t></w:r></w:ins>',
    ):
        paragraph._p.append(parse_xml(xml))
    assert lines(word) == ["Birinchi ikkinchi qoʻshilgan"]


@pytest.mark.django_db
def test_nothing_is_fetched_for_an_external_entity_or_template(world, send_word, nothing_stored):
    """A listener on a loopback port stands where the document points: no connection ever reaches it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    reached = []

    def watch():
        try:
            reached.append(listener.accept())
        except OSError:
            pass

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with nothing_stored():
            for data in (
                makers.external_entity(f"http://127.0.0.1:{port}/secret"),
                makers.attached_template(f"http://127.0.0.1:{port}/template.dotm"),
            ):
                assert send_word(data).status_code == 400
    finally:
        watcher.join()
        listener.close()
    assert reached == []


BROKEN = [
    ("broken-xml.docx", lambda: makers.minimal(body="<w:p><w:r><w:t>ochiq qoldi</w:t></w:r>"), "not a valid Word"),
    ("empty.docx", lambda: makers.minimal(body="<w:p/>"), "has no text"),
    ("no-document.docx", lambda: makers.package({"[Content_Types].xml": "<Types/>"}), "not a valid"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, make, reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_documents_nobody_could_read_are_refused(world, send_word, nothing_stored, name, make, reason):
    with nothing_stored():
        refused = send_word(make(), name=name)
    assert refused.status_code == 400, refused.content
    assert reason in str(refused.json()["errors"]["file"])


def test_mutated_documents_are_refused_never_a_crash():
    """Bytes changed at random in a real document (a flipped byte in a deflate stream, a zip version no
    reader knows): each is a refusal with a reason, never an unhandled error."""
    base = makers.resolution()
    rng = random.Random(12)
    refused = 0
    for _ in range(150):
        data = bytearray(base)
        for _ in range(rng.choice([1, 3, 10])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            word_document_text(file_makers.upload("f.docx", bytes(data)))
        except (InvalidArguments, TooLarge):
            refused += 1
    assert refused > 50


def test_a_password_protected_part_is_refused_with_its_reason():
    data = bytearray(makers.minimal())
    # The encryption flag in the text part's central directory entry (zipfile never writes it itself).
    entry = data.index(b"PK\x01\x02")
    while not data[entry + 46 :].startswith(b"word/document.xml"):
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 8] |= 0x1
    with pytest.raises(InvalidArguments, match="password"):
        word_document_text(file_makers.upload("locked.docx", bytes(data)))
