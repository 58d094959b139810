"""Benchmark: rendering a 100-page act to the official PDF, and serving the stored copy.

Each rendering runs in a fresh process so its peak memory (max RSS above the process's size
after imports) is its own. "ours" is publishing.pdf.render.render_pdf (assets-only fetcher, shipped
fonts, PDF/A-3b); the baseline is plain `weasyprint.HTML(string=...).write_pdf()` of the same HTML
in the same run. Serving is timed through Django for the stored file.

    python bench/pdf.py [--pages 100]
"""

import argparse
import json
import resource
import subprocess
import sys
import time

from harness import ROOT, configure

configure(f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")


def long_act(chapters: int) -> str:
    """An act of `chapters` chapters with five articles each, in Uzbek Latin and Cyrillic."""
    paragraph = (
        "Oʻzbekiston Respublikasi qonunchiligiga muvofiq mahalliy davlat hokimiyati organlari fuqarolarning "
        "murojaatlarini koʻrib chiqadi, taʼlim va sogʻliqni saqlash sohasidagi dasturlarni amalga oshiradi. "
        "Ушбу модда талаблари барча ташкилотлар учун мажбурийдир; ғ, қ, ҳ, ў ҳарфлари сақланади. "
    )
    lines, article = [], 1
    for chapter in range(1, chapters + 1):
        lines.append(f"{chapter}-BOB. UMUMIY QOIDALAR {chapter}")
        for _ in range(5):
            lines += [f"{article}-modda. Moddaning nomi {article}", paragraph * 2, f"1. {paragraph}", f"2. {paragraph}"]
            article += 1
    return "\n".join(lines)


def child(mode: str, html_path: str) -> None:
    html = open(html_path, encoding="utf-8").read()
    import weasyprint

    from publishing.pdf.fetcher import ASSETS_URL
    from publishing.pdf.render import render_pdf

    before = _rss_mib()
    start = time.perf_counter()
    if mode == "ours":
        pdf = render_pdf(html, archival=True)
    else:
        pdf = weasyprint.HTML(string=html, base_url=ASSETS_URL).write_pdf()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    open(html_path + f".{mode}.pdf", "wb").write(pdf)
    print(json.dumps({"seconds": seconds, "peak_mib": peak - before, "pages": pages, "bytes": len(pdf)}))


def _rss_mib() -> float:
    """The process's resident size now (not its peak), from /proc."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def run_child(mode: str, html_path: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, html_path], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=46, help="46 chapters of 5 articles: about 100 pages")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    from harness import fresh_database

    fresh_database()
    from django.test import Client
    from django.utils import timezone

    from publishing.models import OfficialCopy
    from publishing.pdf.documents import act_html
    from workflow.demo.world import build_demo_world

    world = build_demo_world()
    draft = world.drafts["approved"]
    version = draft.versions.get(number=draft.version)
    version.body = long_act(args.chapters)  # in memory only: the stored version stays as approved
    html = act_html(draft, version, official=True)
    html_path = ROOT / "bench" / "act-100.html"
    html_path.write_text(html, encoding="utf-8")

    ours = run_child("ours", str(html_path))
    plain = run_child("plain", str(html_path))

    # Store the 100-page rendering as the act's official copy, to time serving a file of that size.
    from django.core.files.base import ContentFile

    copy = OfficialCopy.objects.get(draft=draft)
    copy.file.save("bench-100-pages.pdf", ContentFile((ROOT / "bench" / "act-100.html.ours.pdf").read_bytes()))
    client = Client()
    path = f"/api/v1/drafts/{draft.pk}/pdf/"
    client.get(path)
    start = time.perf_counter()
    for _ in range(50):
        b"".join(client.get(path).streaming_content)
    serve = (time.perf_counter() - start) / 50

    print(f"act of {ours['pages']} pages ({ours['bytes'] / 2**20:.2f} MiB PDF), {timezone.now():%Y-%m-%d}")
    print(f"{'':34} {'seconds':>8} {'peak MiB':>9}")
    print(f"{'plain WeasyPrint (baseline)':34} {plain['seconds']:8.2f} {plain['peak_mib']:9.0f}")
    print(f"{'ours: locked fetcher, PDF/A-3b':34} {ours['seconds']:8.2f} {ours['peak_mib']:9.0f}")
    print(
        f"ratio ours/plain: time {ours['seconds'] / plain['seconds']:.2f}, memory {ours['peak_mib'] / max(plain['peak_mib'], 1):.2f}"
    )
    print(
        f"serving the stored copy ({copy.file.size / 1024:.0f} KiB): {serve * 1000:.1f} ms per request "
        f"({ours['seconds'] / serve:.0f}x faster than rendering)"
    )


if __name__ == "__main__":
    main()
