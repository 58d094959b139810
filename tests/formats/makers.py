"""Real Word documents made in the tests: written by python-docx as Word writes them, with automatic
list numbering, footnotes and tables in their own XML, and hostile ones crafted part by part."""

import io
import zipfile

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.shared import Pt

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'


def _level(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


# Three lists as Word writes them: "1." points with "a)" sub-points, "1)" items, "I." chapters;
# numId 4 restarts list 1 at 1 ("Restart numbering" in Word).
NUMBERING = (
    f"<w:numbering {W}>"
    '<w:abstractNum w:abstractNumId="0">'
    + _level(0, "decimal", "%1.")
    + _level(1, "lowerLetter", "%2)")
    + _level(2, "russianLower", "%3)")
    + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">' + _level(0, "decimal", "%1)") + "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">' + _level(0, "upperRoman", "%1.") + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    "</w:numbering>"
)


class WordDocument:
    """A python-docx document with our lists, footnotes and helpers to write an act into it."""

    def __init__(self):
        self.document = docx.Document()
        self.document.part.numbering_part._element = parse_xml(NUMBERING)
        self.footnotes: list[str] = []

    def paragraph(self, text: str = "", *, bold: bool = False, style: str | None = None, numbered=None):
        """A paragraph; `numbered=(numId, ilvl)` puts it in a Word list, whose number Word prints."""
        paragraph = self.document.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
        if numbered:
            num_id, ilvl = numbered
            paragraph._p.get_or_add_pPr().insert(
                0, parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
        return paragraph

    def footnote(self, paragraph, text: str) -> None:
        """A footnote mark at the end of the paragraph, its text in footnotes.xml."""
        self.footnotes.append(text)
        note_id = len(self.footnotes)
        paragraph._p.append(
            parse_xml(
                f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{note_id}"/></w:r>'
            )
        )

    def table(self, rows: list[list[str]]):
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
        return table

    def save(self) -> bytes:
        if self.footnotes:
            notes = "".join(
                f'<w:footnote w:id="{i}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
                for i, text in enumerate(self.footnotes, 1)
            )
            blob = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W}>'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                f"{notes}</w:footnotes>"
            ).encode()
            part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, self.document.part.package)
            self.document.part.relate_to(part, RT.FOOTNOTES)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def resolution() -> bytes:
    """A khokim's resolution as drafters write it in Word: a bare chapter label with its bold heading on
    the next line, automatically numbered points and sub-points, a footnote, a table, an annex."""
    word = WordDocument()
    word.document.styles["Normal"].font.size = Pt(12)
    word.paragraph("Toshkent viloyati hokimining qarori", style="Title")
    word.paragraph("Viloyatda obodonlashtirish ishlarini tashkil etish toʻgʻrisida")
    word.paragraph("1-BOB", bold=True)
    word.paragraph("Umumiy qoidalar", bold=True)
    first = word.paragraph("Obodonlashtirish dasturi tasdiqlansin.", numbered=(1, 0))
    word.footnote(first, "Dastur 2026-yil 1-yanvardan kuchga kiradi.")
    word.paragraph("Tuman hokimlari quyidagilarni taʼminlasin:", numbered=(1, 0))
    word.paragraph("koʻchalarni yoritish;", numbered=(1, 1))
    word.paragraph("daraxt ekish;", numbered=(1, 1))
    word.paragraph("Moliya boshqarmasi mablagʻ ajratsin.", numbered=(1, 0))
    word.paragraph("2-BOB. YAKUNIY QOIDALAR", bold=True)
    word.paragraph("Qaror ijrosini nazorat qilish oʻrinbosar zimmasiga yuklansin.", numbered=(1, 0))
    word.paragraph("Viloyat hokimi A. Karimov")
    word.paragraph("1-ILOVA")
    word.paragraph("Obodonlashtirish ishlari rejasi")
    word.table(
        [["T/r", "Ishlar", "Muddat"], ["1", "Yoritish", "2026-yil mart"], ["2", "Daraxt ekish", "2026-yil aprel"]]
    )
    word.paragraph("Rejani tuman hokimliklari bajaradi.", numbered=(4, 0))
    word.paragraph("Hisobot har chorakda topshiriladi.", numbered=(4, 0))
    return word.save()


def package(parts: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of exactly these parts, in this order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{extra}</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>'


def minimal(body="<w:p><w:r><w:t>1. Qaror loyihasi matni.</w:t></w:r></w:p>", *, prolog="", extra_types="", parts=None):
    """A minimal real Word package (what Word needs to open it), with extra parts."""
    files = {
        "[Content_Types].xml": CONTENT_TYPES.format(extra=extra_types),
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": document_xml(body, prolog),
    }
    return package({**files, **(parts or {})})


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
)


def billion_laughs() -> bytes:
    return minimal(body="<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=BILLION_LAUGHS)


def external_entity(target: str) -> bytes:
    """XXE: an entity whose text is a file of the server (or an address) read into the document."""
    return minimal(
        body="<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog=f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>'
    )


def macro_document() -> bytes:
    """A .docm's insides under a .docx name: the macro content type and vbaProject.bin."""
    return minimal(
        extra_types='<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512},
    )


def attached_template(target: str) -> bytes:
    """A document whose settings name a template on a remote server: Word fetches it when opening."""
    settings = (
        f'<?xml version="1.0"?><w:settings {W}><w:attachedTemplate r:id="rId1" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:settings>'
    )
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'attachedTemplate" Target="{target}" TargetMode="External"/></Relationships>'
    )
    return minimal(parts={"word/settings.xml": settings, "word/_rels/settings.xml.rels": rels})


def dde_field() -> bytes:
    return minimal(
        body='<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def zip_bomb(megabytes: int = 300) -> bytes:
    """A Word document whose text part unpacks to `megabytes` MB of spaces from a few hundred kB."""
    filler = " " * (megabytes * 1_000_000)
    return minimal(body=f"<w:p><w:r><w:t>x</w:t></w:r></w:p>{filler}")


_CODE_PARAGRAPH = (
    "Ушбу модданинг талаблари давлат ҳокимияти органлари, хўжалик юритувчи субъектлар ва фуқаролар учун "
    "мажбурийдир; улар Ўзбекистон Республикаси қонунчилигига мувофиқ амалга оширилади. "
    "Oʻzbekiston Respublikasi qonunchiligiga muvofiq mahalliy davlat hokimiyati organlari fuqarolarning "
    "murojaatlarini koʻrib chiqadi va taʼlim sohasidagi dasturlarni amalga oshiradi."
)


def _p(text: str, *, numbered: int | None = None, bold: bool = False) -> str:
    ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr></w:pPr>' if numbered else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def long_code(characters: int = 1_500_000) -> bytes:
    """A code of about `characters` characters of text (1,500 pages at 1,000 a page): chapters, articles whose
    parts Word numbers automatically (a list restarted in each article), a table every fifty articles."""
    body, nums, total, article = [], [], 0, 0
    while total < characters:
        chapter = article // 10 + 1
        body.append(_p(f"{chapter}-боб.", bold=True))
        body.append(_p(f"Умумий қоидалар {chapter}", bold=True))
        for _ in range(10):
            article += 1
            nums.append(
                f'<w:num w:numId="{article + 10}"><w:abstractNumId w:val="0"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
            body.append(_p(f"{article}-модда. Модданинг номи {article}"))
            for _part in range(4):
                body.append(_p(_CODE_PARAGRAPH, numbered=article + 10))
                total += len(_CODE_PARAGRAPH)
            if article % 50 == 0:
                rows = "".join(
                    "<w:tr>" + "".join(f"<w:tc>{_p(f'{r}.{c} қиймат')}</w:tc>" for c in range(4)) + "</w:tr>"
                    for r in range(12)
                )
                body.append(f"<w:tbl>{rows}</w:tbl>")
    document = docx.Document()
    out = io.BytesIO()
    document.save(out)
    numbering = NUMBERING.replace("</w:numbering>", "".join(nums) + "</w:numbering>")
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as template:
        parts = {name: template.read(name) for name in template.namelist()}
    parts["word/document.xml"] = document_xml("".join(body)).encode()
    parts["word/numbering.xml"] = numbering.encode()
    return package(parts)
