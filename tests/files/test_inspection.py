"""What an upload is, judged from its bytes before anything is stored (files.inspection)."""

import pytest
from django.test import override_settings

from files.inspection import inspect_upload
from files.kinds import Kind
from kernel.errors import InvalidArguments, TooLarge
from tests.files import makers

EVERY_KIND = set(Kind)


def refusal(name, data, kinds=EVERY_KIND) -> str:
    with pytest.raises(InvalidArguments) as refused:
        inspect_upload(makers.upload(name, data), kinds=kinds)
    return refused.value.details["file"][0]


def test_real_files_are_taken_with_the_type_of_their_bytes_not_the_clients_claim():
    for name, data, served in [
        ("photo.JPG", makers.jpeg_with_gps(64, 48), "image/jpeg"),
        ("chart.png", makers.png(), "image/png"),
        ("note.pdf", makers.pdf(), "application/pdf"),
        ("annex.docx", makers.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("hearing.wav", makers.wav(0.2), "audio/wav"),
    ]:
        taken = inspect_upload(makers.upload(name, data, content_type="text/html"), kinds=EVERY_KIND)
        assert (taken.type.served_as, taken.size) == (served, len(data))
        assert len(taken.sha256) == 64


def test_content_that_is_not_what_the_name_says_is_refused():
    assert "image/png" in refusal("decision.pdf", makers.png())
    assert "text/html" in refusal("photo.jpg", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>")
    assert ".docx" in refusal("annex.docx", makers.zip_archive())


def test_polyglots_are_refused():
    # A picture that is also a zip (a GIFAR-style Java archive) and a PDF whose first bytes a browser would take for a page.
    assert "hidden" in refusal("photo.jpg", makers.jpeg_with_gps(64, 48) + makers.zip_archive())
    assert "hidden" in refusal("note.pdf", makers.pdf() + makers.zip_archive())
    page_first = b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n" + makers.pdf()[9:]
    assert "markup" in refusal("note.pdf", page_first)


def test_an_office_document_that_unpacks_to_a_bomb_is_refused():
    bomb = makers.docx_bomb(60)
    assert len(bomb) < 200_000
    assert "unpacks" in refusal("annex.docx", bomb)


@override_settings(FILE_LIMITS={"document": 1000, "image": 500, "audio": 1000, "video": 1000})
def test_an_oversized_file_is_refused_with_its_kinds_limit():
    with pytest.raises(TooLarge) as refused:
        inspect_upload(makers.upload("chart.png", makers.png(200, 200)), kinds=EVERY_KIND)
    assert "image" in refusal_text(refused)


def refusal_text(refused) -> str:
    return refused.value.message


def test_a_kind_the_place_does_not_take_is_refused_naming_what_it_takes():
    message = refusal("hearing.wav", makers.wav(0.2), kinds={Kind.DOCUMENT, Kind.IMAGE})
    assert "pdf" in message and "wav" not in message
    assert "exe" not in refusal("setup.exe", b"MZ\x90\x00" + b"\0" * 100)


def test_hostile_and_long_names_are_cleaned_never_refused_for_their_name():
    hostile = "..\\..\\windows/system32/\u202egpj.exe\u0000<script>.pdf"
    taken = inspect_upload(makers.upload(hostile, makers.pdf()), kinds=EVERY_KIND)
    assert "/" not in taken.name and "\\" not in taken.name and "\u202e" not in taken.name and "\0" not in taken.name
    assert "<" not in taken.name and taken.name.endswith(".pdf")
    long = inspect_upload(makers.upload("Qaror " * 2000 + ".pdf", makers.pdf()), kinds=EVERY_KIND)
    assert len(long.name) <= 120 and long.name.endswith(".pdf")


def test_a_picture_cut_short_or_that_does_not_decode_is_refused():
    jpeg, png = makers.jpeg_with_gps(400, 300), makers.png(64, 48)
    assert "cut short" in refusal("photo.jpg", jpeg[: len(jpeg) * 2 // 3])
    assert "cut short" in refusal("chart.png", png[:-20])
    assert "cannot be read" in refusal("photo.jpg", jpeg[:2] + b"\xff\xe0garbage" + b"\0" * 400 + b"\xff\xd9")


def test_an_empty_file_is_refused():
    assert "empty" in refusal("note.txt", b"")
