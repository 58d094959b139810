"""Benchmark (make bench-docx): importing a 1,500-page code from Word, against merely reading and unzipping the file.
(Not named docx.py: with bench/ first on the path, that would shadow python-docx for every bench.)

The document (tests.formats.makers.long_code: about 1.5 million characters of text in chapters,
articles whose parts Word numbers automatically, and tables) is judged (drafts.word_guard), read
(drafts.word_text) and parsed (drafts.structure); the baseline is reading the file and unzipping
every part in the same run. Then the whole path through the service, in-process: POST
/api/v1/drafts/ with the file (judged, read, stored, the draft written), the draft's page, and
the Word and Akoma Ntoso exports of the same text, each timed against a request timeout.

    python bench/word.py [--characters 1500000] [--timeout 30]
"""

import argparse
import io
import statistics
import sys
import time
import zipfile

from harness import ROOT, configure, fresh_database

configure(f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")


def timed(action, repeat: int = 3) -> tuple[float, object]:
    """The median seconds of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--characters", type=int, default=1_500_000)
    parser.add_argument("--timeout", type=float, default=30.0, help="a request's time limit (gunicorn's timeout)")
    arguments = parser.parse_args()

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from drafts.structure import parse
    from drafts.word_guard import check_word_document
    from drafts.word_text import word_text
    from tests.formats.makers import long_code
    from workflow.demo.world import build_demo_world

    data = long_code(arguments.characters)

    def unzip():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(len(archive.read(name)) for name in archive.namelist())

    def guard():
        return check_word_document(SimpleUploadedFile("code.docx", data))

    baseline, unpacked = timed(unzip)
    judged, _ = timed(guard)
    read, text = timed(lambda: word_text(io.BytesIO(data)))
    parsed, structure = timed(lambda: parse(text.text))
    rows = [
        ("read and unzip every part (baseline)", baseline),
        ("judge the file (drafts.word_guard)", judged),
        ("read its text (drafts.word_text)", read),
        ("recognise the structure (drafts.structure)", parsed),
    ]
    print(
        f"document: {len(data) / 1e6:.2f} MB packed, {unpacked / 1e6:.1f} MB unpacked, "
        f"{len(text.text):,} characters of text, {len(structure.provisions):,} provisions, "
        f"{sum(1 for line in text.text.splitlines() if chr(9) in line):,} table rows"
    )
    print(f"{'step':48} {'seconds':>8} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:48} {seconds:8.3f} {seconds / baseline:11.1f}")
    total = judged + read + parsed
    print(f"{'import without storing (judge + read + parse)':48} {total:8.3f} {total / baseline:11.1f}")

    fresh_database()
    call_command("migrate", verbosity=0)
    world = build_demo_world(password="demo")
    client = Client()
    client.force_login(world.users["drafter"])
    requests = []
    start = time.perf_counter()
    answer = client.post(
        "/api/v1/drafts/",
        {
            "file": SimpleUploadedFile("code.docx", data),
            "act_type": world.act_types["qaror"].pk,
            "issuing_body": world.issuing_body.pk,
        },
    )
    requests.append(("POST /api/v1/drafts/ (file)", time.perf_counter() - start, answer.status_code))
    if answer.status_code != 201:
        sys.exit(f"the import was refused: {answer.status_code} {answer.content[:500]!r}")
    draft = answer.json()["id"]
    for name, path in (
        ("GET /drafts/{id}/ (the page)", f"/drafts/{draft}/"),
        ("GET /api/v1/drafts/{id}/docx/", f"/api/v1/drafts/{draft}/docx/"),
        ("GET /api/v1/drafts/{id}/akn/", f"/api/v1/drafts/{draft}/akn/"),
    ):
        start = time.perf_counter()
        answer = client.get(path)
        requests.append((name, time.perf_counter() - start, answer.status_code))
    print(
        f"\n{'request (in-process, SQLite)':48} {'seconds':>8} {'status':>7} {'within ' + str(arguments.timeout) + ' s':>12}"
    )
    for name, seconds, status in requests:
        print(f"{name:48} {seconds:8.3f} {status:7d} {'yes' if seconds < arguments.timeout else 'NO':>12}")
    if any(
        seconds >= arguments.timeout or status != (201 if "POST" in name else 200) for name, seconds, status in requests
    ):
        sys.exit("a request failed or took longer than the timeout")


if __name__ == "__main__":
    main()
