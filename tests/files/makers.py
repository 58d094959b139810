"""Real files made in the tests: pictures with GPS, office documents, archives, bombs and polyglots."""

import io
import math
import struct
import wave
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (41.0, 18.0, 42.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (69.0, 14.0, 24.0),
}


def jpeg_with_gps(width=2400, height=1600) -> bytes:
    """A camera-like JPEG: pixels plus EXIF naming the camera's owner and where it stood (Tashkent)."""
    picture = Image.new("RGB", (width, height))
    picture.paste((200, 30, 40), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Karimov Aziz"
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 1
    exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png(width=64, height=48) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def pdf() -> bytes:
    """A minimal valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def docx(paragraph="Loyiha matni", extra: dict | None = None) -> bytes:
    """A Word document as Word writes it: [Content_Types].xml first, then the parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
            'main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p></w:body></w:document>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bomb(unpacked_mb=60) -> bytes:
    """A Word document with a part of zeros that unpacks to `unpacked_mb` MB from a few tens of kB."""
    return docx(extra={"word/media/filler.bin": b"\0" * (unpacked_mb * 1_000_000)})


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.class", b"\xca\xfe\xba\xbe" + b"\0" * 64)
    return out.getvalue()


def wav(seconds=3.0, rate=8000) -> bytes:
    """A tone, sample by sample: a real WAV file whose duration is known."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        frames = int(seconds * rate)
        sound.writeframes(
            b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate))) for i in range(frames))
        )
    return out.getvalue()


def upload(name: str, data: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    """What Django hands a view for a multipart file (the client's content type, which we ignore)."""
    return SimpleUploadedFile(name, data, content_type=content_type)
