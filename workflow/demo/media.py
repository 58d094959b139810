"""The demo world's media library: published materials made from real files drawn and synthesised here.

Photos are drawn with Pillow, the audio is a WAV tone, the video a short WebM made with ffmpeg when it
is installed (Debian's ffmpeg); each file is made once per process, since the tests build the world often.
"""

import datetime
import io
import math
import shutil
import struct
import subprocess
import tempfile
import wave
from functools import cache
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from kernel.states import State
from library.services import material_create, material_publish

WIDTH, HEIGHT = 960, 640


def _sky(draw: ImageDraw.ImageDraw, top: tuple, bottom: tuple, height: int) -> None:
    for y in range(height):
        t = y / height
        draw.line([(0, y), (WIDTH, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


@cache
def hearing_photo() -> bytes:
    """A public hearing: a hall, a banner, a table and rows of listeners."""
    picture = Image.new("RGB", (WIDTH, HEIGHT), (226, 218, 200))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 420, WIDTH, HEIGHT], fill=(150, 110, 80))
    draw.rectangle([180, 60, 780, 170], fill=(11, 79, 156))
    draw.rectangle([200, 80, 760, 150], outline=(255, 255, 255), width=4)
    draw.rectangle([220, 250, 740, 300], fill=(120, 70, 40))
    for i, x in enumerate(range(280, 720, 110)):
        draw.ellipse([x, 190, x + 50, 240], fill=(205, 160, 120))
        draw.rectangle(
            [x - 5, 240, x + 55, 300], fill=[(60, 60, 70), (30, 90, 60), (120, 40, 40), (70, 70, 120)][i % 4]
        )
    for row, y in enumerate(range(440, 640, 70)):
        for x in range(40 + row * 25, WIDTH, 95):
            draw.ellipse([x, y, x + 46, y + 46], fill=(90 + row * 30, 60 + row * 20, 40))
    return _jpeg(picture)


@cache
def waste_point_photo() -> bytes:
    """A waste collection point of a mahalla: sky, a wall and sorted containers."""
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    _sky(draw, (120, 180, 235), (210, 230, 250), 400)
    draw.rectangle([0, 400, WIDTH, HEIGHT], fill=(170, 170, 160))
    draw.rectangle([60, 250, 900, 420], fill=(230, 225, 210))
    for i, colour in enumerate([(30, 130, 70), (30, 90, 170), (200, 160, 30), (120, 120, 120)]):
        x = 110 + i * 200
        draw.rectangle([x, 330, x + 150, 520], fill=colour)
        draw.rectangle([x - 10, 310, x + 160, 335], fill=tuple(max(c - 40, 0) for c in colour))
        draw.ellipse([x + 15, 505, x + 45, 535], fill=(20, 20, 20))
        draw.ellipse([x + 105, 505, x + 135, 535], fill=(20, 20, 20))
    draw.ellipse([780, 40, 880, 140], fill=(255, 220, 100))
    return _jpeg(picture)


@cache
def city_photo() -> bytes:
    """The regional centre at dusk: domes, portals and lit windows."""
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(picture)
    _sky(draw, (40, 60, 120), (240, 160, 110), 480)
    draw.rectangle([0, 480, WIDTH, HEIGHT], fill=(190, 160, 120))
    for x, width, height in ((80, 220, 260), (370, 220, 300), (660, 220, 260)):
        top = 480 - height
        draw.rectangle([x, top, x + width, 480], fill=(200, 170, 120))
        draw.rectangle([x + 60, top + 60, x + width - 60, 480], fill=(30, 90, 140))
        draw.ellipse([x + 40, top - 90, x + width - 40, top + 40], fill=(40, 140, 170))
        for wy in range(top + 80, 460, 45):
            draw.rectangle([x + 85, wy, x + width - 85, wy + 20], fill=(250, 210, 120))
    return _jpeg(picture)


@cache
def tone_wav(seconds: float = 4.0, rate: int = 8000) -> bytes:
    """A two-note chime, sample by sample: a real WAV file whose duration is known."""
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        frames = int(seconds * rate)
        sound.writeframes(
            b"".join(
                struct.pack("<h", int(6000 * math.sin(2 * math.pi * (440 if i < frames // 2 else 660) * i / rate)))
                for i in range(frames)
            )
        )
    return out.getvalue()


@cache
def hearing_video() -> bytes | None:
    """Three seconds of test picture with a tone, as WebM (VP8 and Opus); None without ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hearing.webm"
        made = subprocess.run(
            [
                ffmpeg, "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000",
                "-t", "3", "-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime", "-cpu-used", "8",
                "-c:a", "libopus", "-shortest", str(path),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )  # fmt: skip
        return path.read_bytes() if made.returncode == 0 and path.exists() else None


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def build_media_library(world) -> dict:
    """Published photos, audio, video and texts about the demo drafts, and one material not yet published."""
    editor = world.users["media_editor"]
    d = world.drafts
    today = timezone.localdate()
    discussion, approved = d[State.PUBLIC_DISCUSSION].pk, d[State.APPROVED].pk
    made = {}

    def add(key, publish=True, **fields):
        material = material_create(user=editor, **fields)
        if publish:
            material_publish(user=editor, material_id=material.pk)
        made[key] = material

    add(
        "hearing_photo",
        kind="photo",
        title="Urgut tumanida jamoatchilik muhokamasi",
        description="Maishiy chiqindilar to‘g‘risidagi qaror loyihasi bo‘yicha mahalla faollari bilan uchrashuv.",
        date=today - datetime.timedelta(days=3),
        tags=["Jamoatchilik muhokamasi", "Urgut"],
        author_or_source="Viloyat hokimligi axborot xizmati",
        draft_ids=[discussion],
        upload=_upload("urgut-muhokama.jpg", hearing_photo()),
    )
    add(
        "waste_photo",
        kind="photo",
        title="Saralangan chiqindilar uchun yangi shoxobcha",
        description="Mahallada chiqindilarni saralab yig‘ish uchun to‘rtta idish o‘rnatildi.",
        date=today - datetime.timedelta(days=10),
        tags=["Chiqindilar", "Mahalla"],
        author_or_source="Viloyat hokimligi axborot xizmati",
        draft_ids=[discussion],
        upload=_upload("shoxobcha.jpg", waste_point_photo()),
    )
    add(
        "city_photo",
        kind="photo",
        title="Вечерний Самарканд",
        description="Центр города в день заседания областного Кенгаша.",
        date=today - datetime.timedelta(days=40),
        tags=["Самарканд"],
        author_or_source="Пресс-служба хокимията",
        language="ru",
        upload=_upload("samarkand.jpg", city_photo()),
    )
    add(
        "radio_interview",
        kind="audio",
        title="Radio suhbat: mahalliy soliqlar bo‘yicha imtiyozlar",
        description="Moliya boshqarmasi boshlig‘i imtiyozlar kimga va qachondan berilishini tushuntiradi.",
        date=today - datetime.timedelta(days=5),
        tags=["Soliqlar", "Radio"],
        author_or_source="Samarqand viloyat radiosi",
        draft_ids=[approved],
        upload=_upload("radio-suhbat.wav", tone_wav()),
    )
    if (video := hearing_video()) is not None:
        add(
            "hearing_video",
            kind="video",
            title="Ommaviy eshituv: soliq imtiyozlari",
            description="Qaror loyihasi bo‘yicha ommaviy eshituvdan lavha.",
            date=today - datetime.timedelta(days=28),
            tags=["Soliqlar", "Jamoatchilik muhokamasi"],
            author_or_source="Viloyat hokimligi axborot xizmati",
            draft_ids=[approved],
            upload=_upload("eshituv.webm", video),
        )
    add(
        "press_release",
        kind="text",
        title="Mahalliy soliqlar bo‘yicha imtiyozlar tasdiqlandi",
        description="Viloyat hokimining qarori bilan kam ta’minlangan oilalar yer soliqidan ozod qilindi.",
        date=today - datetime.timedelta(days=1),
        tags=["Soliqlar", "Matbuot xabari"],
        author_or_source="Viloyat hokimligi axborot xizmati",
        text="Viloyat hokimining qarori bilan mahalliy soliqlar bo‘yicha imtiyozlar tasdiqlandi.\n\n"
        "Imtiyozlar 2026-yil 1-yanvardan kuchga kiradi. Batafsil ma’lumotni tuman moliya bo‘limlaridan olish mumkin.",
        draft_ids=[approved],
    )
    add(
        "unpublished_note",
        publish=False,
        kind="text",
        title="Ko‘chalarni yoritish bo‘yicha eslatma (tayyorlanmoqda)",
        description="Hali e’lon qilinmagan material.",
        date=today,
        tags=["Mahalla"],
        text="Material tayyorlanmoqda.",
    )
    return made
