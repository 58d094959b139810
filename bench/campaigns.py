"""Benchmark: form-letter campaigns (issue 13) on a generated docket with known campaigns.

The docket: `--comments` public comments on one draft, `--share` of them (30 %) in `--campaigns` (50)
form letters, each member the letter with small edits (words substituted, inserted or deleted, a
sentence moved, case, punctuation and apostrophes changed) and signed by its sender; the rest are
distinct comments. The words are real Uzbek (Latin and Cyrillic) and Russian: the translations of the
service's own interface (locale/*.po) and Faker's Russian word list.

1. Grouping quality and speed of the grouping function itself (comments.grouping: folding,
   MinHash signature, LSH bands, exact check), run in memory over the whole docket, 1,000,000 comments
   by default. Precision and recall are pairwise: of the pairs of comments put in one campaign, the
   share that belong to one letter (precision); of the pairs that belong to one letter, the share put
   in one campaign (recall).
2. Intake through the API as production runs it (bench/served.py: gunicorn with deploy/gunicorn.conf.py,
   a db_worker grouping after commit, wrk), on PostgreSQL: the first of `--http` docket texts, each sent
   once by its own signatory for `--seconds`, with grouping off and then on (CAMPAIGN_GROUPING), next to
   the trivial endpoint measured by the same server just before; the campaigns the service formed are
   scored like the function's, over the texts sent.

    python bench/campaigns.py [--comments 1000000] [--http 4000] [--concurrency 8] [--seconds 10] [--skip-http]
"""

import argparse
import math
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

_WORD = re.compile(r"[^\W\d_]{3,}")

# Senders sign their letters; a form letter signed by thousands differs in the name at least.
FIRST_NAMES = (
    "Aziz Bobur Dilshod Eldor Farrux Gʻayrat Hasan Ilhom Jasur Kamol Laziz Mirzo Nodir Oybek Polat Qodir Rustam "
    "Sardor Temur Umid Vohid Xurshid Yusuf Zafar Dilnoza Gulnora Kamola Madina Nigora Oydin Sevara Shahlo Zarina "
    "Мухаммад Алишер Анвар Бахтиёр Гулчеҳра Дилором Ирина Ольга Сергей Наталья"
).split()
SURNAMES = (
    "Aliyev Karimov Rahimov Toshmatov Yusupov Qodirov Ergashev Nazarov Sobirov Xolmatov Gʻofurov Umarov "
    "Abdullayeva Mirzayeva Saidova Oʻrinboyeva Каримов Исмоилов Петров Иванова Ким Пак Юсупова Рашидов"
).split()
OPENERS = (
    "Hurmatli hokim",
    "Assalomu alaykum",
    "Муҳтарам ҳоким",
    "Уважаемые коллеги",
    "Men ushbu loyihani oʻqib chiqdim",
    "Я внимательно прочитал проект",
)
APOSTROPHES = "'‘’`ʻ"


def vocabulary() -> list[str]:
    """Real Uzbek and Russian words: the interface's translations and Faker's Russian lorem list."""
    found: set[str] = set()
    english: set[str] = set()
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):
        into = found
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith("msg"):
                into = found if line.startswith("msgstr") else english
            if '"' in line:
                into.update(w.lower() for w in _WORD.findall(line.split('"', 1)[1]))
    # A translation keeps some English (names of formats, placeholders): the originals' words go.
    found -= english
    try:
        from faker.providers.lorem.ru_RU import Provider

        found.update(Provider.word_list)
    except ImportError:
        pass
    return sorted(found)


@dataclass
class Docket:
    """The comments in arrival order and, for each, the letter it was made from (None: a distinct comment)."""

    texts: list[str]
    letters: list[int | None]


def _sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    words = rng.sample(vocab, n)
    return words[0].capitalize() + " " + " ".join(words[1:]) + rng.choice([".", ".", ".", "!", ";"])


def _letter(rng: random.Random, vocab: list[str]) -> list[str]:
    """A form letter: an opener and 4-7 sentences of 6-14 words."""
    return [rng.choice(OPENERS) + "!"] + [_sentence(rng, vocab, rng.randint(6, 14)) for _ in range(rng.randint(4, 7))]


def _edited(rng: random.Random, vocab: list[str], sentences: list[str]) -> str:
    """The letter as one sender sent it: 0-3 small edits, a moved sentence sometimes, case and punctuation."""
    sentences = list(sentences)
    if rng.random() < 0.2 and len(sentences) > 2:
        moved = sentences.pop(rng.randrange(1, len(sentences)))
        sentences.insert(rng.randrange(1, len(sentences) + 1), moved)
    words = " ".join(sentences).split(" ")
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
        edit, at = rng.random(), rng.randrange(len(words))
        if edit < 0.4:
            words[at] = rng.choice(vocab)
        elif edit < 0.7:
            words.insert(at, rng.choice(vocab))
        elif len(words) > 10:
            del words[at]
    text = " ".join(words)
    if rng.random() < 0.15:
        text = text.upper() if rng.random() < 0.2 else text.lower()
    if rng.random() < 0.3:
        text = re.sub(r"[.!;]", lambda m: rng.choice([m.group(0), ",", "", "..."]), text)
    if rng.random() < 0.3:
        text = re.sub("[ʻ']", lambda m: rng.choice(APOSTROPHES), text)
    if rng.random() < 0.3:
        text = text.replace(" ", "  ", rng.randint(1, 4))
    return text


def _signed(rng: random.Random, text: str) -> str:
    return f"{text}\n{rng.choice(['Hurmat bilan', 'С уважением', 'Hurmat ila'])}, {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _distinct(rng: random.Random, vocab: list[str]) -> str:
    """A comment of its own: 1-6 sentences; some start like letters do, some are very short."""
    sentences = [_sentence(rng, vocab, rng.randint(3, 14)) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.3:
        sentences.insert(0, rng.choice(OPENERS) + "!")
    return " ".join(sentences)


def generate_docket(comments: int, *, share: float = 0.3, campaigns: int = 50, seed: int = 13) -> Docket:
    """`comments` texts, `share` of them in `campaigns` letters of unequal popularity, shuffled; no text twice."""
    rng = random.Random(seed)
    vocab = vocabulary()
    letters = [_letter(rng, vocab) for _ in range(campaigns)]
    # Some letters are much more popular than others (weights 1..campaigns).
    weights = [rng.randint(1, 20) for _ in range(campaigns)]
    in_campaigns = int(comments * share)
    chosen = rng.choices(range(campaigns), weights=weights, k=in_campaigns)
    for letter in range(campaigns):  # every letter has at least two senders
        chosen[letter * 2 : letter * 2 + 2] = [letter, letter]
    labels: list[int | None] = chosen + [None] * (comments - in_campaigns)
    rng.shuffle(labels)
    seen: set[str] = set()
    texts = []
    for label in labels:
        while True:
            text = _signed(rng, _edited(rng, vocab, letters[label])) if label is not None else _distinct(rng, vocab)
            if text not in seen:
                break
        seen.add(text)
        texts.append(text)
    return Docket(texts, labels)


def pair_scores(letters: list[int | None], groups: list[int | None]) -> tuple[float, float]:
    """Pairwise precision and recall of `groups` (the campaign each comment was put in, or None) against
    the true `letters`."""

    def pairs(counts) -> int:
        return sum(math.comb(n, 2) for n in counts)

    both = Counter(
        (letter, group)
        for letter, group in zip(letters, groups, strict=True)
        if letter is not None and group is not None
    )
    together = pairs(both.values())
    predicted = pairs(Counter(g for g in groups if g is not None).values())
    actual = pairs(Counter(letter for letter in letters if letter is not None).values())
    return (together / predicted if predicted else 1.0), (together / actual if actual else 1.0)


class MemoryGrouper:
    """comments.grouping.group_waiting with its bands and campaigns held in dicts instead of tables: the same
    fingerprints, candidates, exact check and gathering of the matched groups, for a docket too large to post."""

    def __init__(self, threshold: float):
        from comments import grouping

        self.c = grouping
        self.threshold = threshold
        self.bands: dict[int, list] = {}  # key -> [Band]
        self.texts: list[str] = []
        self.campaign_of: list[int | None] = []
        self.canonical: dict[int, tuple[int, frozenset]] = {}  # campaign -> (comment, shingles)
        self.members: dict[int, list[int]] = {}  # campaign -> comments
        self.keys_of: dict[tuple, set] = {}  # group -> its band keys, to re-label them when groups join

    def add(self, text: str) -> int | None:
        c = self.c
        comment_id = len(self.texts)
        self.texts.append(text)
        self.campaign_of.append(None)
        fingerprint = c.fingerprint_of(text, self.threshold)
        if not fingerprint.keys:
            return None
        stored = [band for key in fingerprint.keys for band in self.bands.get(key, ())]
        groups = c.candidates(stored)
        texts = {cid: frozenset(c.shingles(self.texts[cid])) for _g, members in groups for cid in members[:3]}
        found = c.matches(fingerprint, groups, texts, self.canonical, self.threshold) if groups else []
        if not found:
            self._store(fingerprint.keys, comment_id, None)
            return None
        campaign = self._gathered(found)
        self.members[campaign].append(comment_id)
        self.campaign_of[comment_id] = campaign
        gathered = {c._group_of(m) for m in found}
        known = {band.key for band in stored if c._group_of(band) in gathered}
        self._store([k for k in fingerprint.keys if k not in known], comment_id, campaign)
        return campaign

    def _gathered(self, found) -> int:
        campaign_ids = sorted({m.campaign_id for m in found if m.campaign_id}, key=lambda i: -len(self.members[i]))
        lone = sorted(m.comment_id for m in found if m.campaign_id is None)
        if campaign_ids:
            campaign, merged = campaign_ids[0], campaign_ids[1:]
        else:
            campaign, merged = len(self.canonical) + len(self.members) + 1, []
            self.canonical[campaign] = (lone[0], frozenset(self.c.shingles(self.texts[lone[0]])))
            self.members[campaign] = []
        for other in merged:
            for member in self.members.pop(other):
                self.campaign_of[member] = campaign
                self.members[campaign].append(member)
            self.canonical.pop(other)
            self._relabel(("campaign", other), campaign)
        for comment_id in lone:
            self.campaign_of[comment_id] = campaign
            self.members[campaign].append(comment_id)
            self._relabel(("comment", comment_id), campaign)
        return campaign

    def _relabel(self, group: tuple, campaign: int) -> None:
        keys = self.keys_of.pop(group, set())
        for key in keys:
            self.bands[key] = [
                self.c.Band(b.key, b.comment_id, campaign) if self.c._group_of(b) == group else b
                for b in self.bands[key]
            ]
        self.keys_of.setdefault(("campaign", campaign), set()).update(keys)

    def _store(self, keys, comment_id: int, campaign: int | None) -> None:
        group = ("campaign", campaign) if campaign else ("comment", comment_id)
        self.keys_of.setdefault(group, set()).update(keys)
        for key in keys:
            self.bands.setdefault(key, []).append(self.c.Band(key, comment_id, campaign))


def grouping_in_memory(docket: Docket, threshold: float) -> dict:
    grouper = MemoryGrouper(threshold)
    start = time.perf_counter()
    for text in docket.texts:
        grouper.add(text)
    elapsed = time.perf_counter() - start
    precision, recall = pair_scores(docket.letters, grouper.campaign_of)
    return {
        "seconds": elapsed,
        "per_second": len(docket.texts) / elapsed,
        "precision": precision,
        "recall": recall,
        "campaigns": len(grouper.members),
        "band_rows": sum(len(b) for b in grouper.bands.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--http", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("COMMENT_RATE_LIMIT", "1000000000/1")  # the throttle is not what is measured
    os.environ.setdefault("JOBS_BACKEND", "immediate")
    # One cache for gunicorn's workers and the db_worker, as production has: the mark that a draft's grouping
    # job is scheduled is set by the one and cleared by the other.
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
    from harness import configure

    configure("postgres://postgres@127.0.0.1:5432/legaldrafts_bench_campaigns")
    from django.conf import settings

    threshold = settings.CAMPAIGN_SIMILARITY
    start = time.perf_counter()
    docket = generate_docket(args.comments)
    print(f"docket: {args.comments:,} comments generated in {time.perf_counter() - start:.0f} s")
    memory = grouping_in_memory(docket, threshold)
    print(
        f"grouping function, in memory, {args.comments:,} comments, threshold {threshold}: "
        f"{memory['per_second']:,.0f} comments/s ({memory['seconds']:.0f} s), {memory['campaigns']} campaigns "
        f"(50 letters), pairwise precision {memory['precision']:.4f}, recall {memory['recall']:.4f}, "
        f"{memory['band_rows']:,} band rows"
    )
    if not args.skip_http:
        http_intake(args, threshold)


def http_intake(args, threshold: float) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from harness import fresh_database
    from served import cpu_text, db_worker, free_port, gunicorn, waiting_for_grouping, wrk

    from accounts.services import api_token_issue
    from comments.models import Campaign, Comment
    from kernel.roles import Role
    from workflow.demo.world import build_demo_world

    docket = generate_docket(args.http, seed=14)
    fresh_database()
    draft = build_demo_world().drafts["public_discussion"]
    group = Group.objects.get(name=Role.CITIZENS)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"signatory{i}") for i in range(len(docket.texts))], batch_size=1000
    )
    group.user_set.add(*users)
    tokens = [api_token_issue(user=user)[0] for user in users]
    path = f"/api/v1/drafts/{draft.pk}/comments/"
    port = free_port()

    def analysed() -> None:
        # What production's autovacuum does after a bulk change; this cluster runs without it, and a planner
        # left with the empty tables' statistics reads thousands of tokens and comments row by row.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # As production runs it: the campaigns are found after commit by a db_worker beside gunicorn.
    os.environ["JOBS_BACKEND"] = "database"
    print(
        f"intake through the API: {connection.vendor}, gunicorn (deploy/gunicorn.conf.py), a db_worker, "
        f"wrk with {args.concurrency} connections for {args.seconds} s, the docket's texts each sent once by its signatory"
    )
    for grouping in ("off", "on"):
        Comment.objects.filter(draft=draft).delete()
        Campaign.objects.filter(draft=draft).delete()
        os.environ["CAMPAIGN_GROUPING"] = "true" if grouping == "on" else "false"
        analysed()
        with gunicorn(port), db_worker():
            wrk(port, ["/api/v1/health/"], 2)
            health = wrk(port, ["/api/v1/health/"], args.seconds)
            sent = wrk(port, [path], args.seconds, args.concurrency, "POST", tokens, letters=docket.texts)
            left, waited = waiting_for_grouping(draft.pk)
        stored = Comment.objects.filter(draft=draft).count()
        if sent["requests"] > len(docket.texts):
            print(f"  (wrk sent {sent['requests']:,} requests for {len(docket.texts):,} texts: raise --http)")
        print(
            f"  grouping {grouping:3}: trivial endpoint {health['rate']:6.0f} req/s; comments accepted "
            f"{sent['rate']:5.0f}/s (ratio {sent['rate'] / health['rate']:.3f}), p95 {sent['p95']:.0f} ms; "
            f"{cpu_text(sent)}, the trivial endpoint's {health['cpu']['machine']:.2f} "
            f"(by CPU {health['cpu']['machine'] / sent['cpu']['machine']:.3f}x); "
            f"{sent['good']:,} accepted, {stored:,} stored, {max(sent['good'] - stored, 0)} lost; "
            + (f"all grouped {waited:.1f} s after the last" if not left else f"{left} NOT grouped after {waited:.0f} s")
        )
    # Scored over the texts that were sent: the signatory's number is the text's place in the docket.
    found = Comment.objects.filter(draft=draft).values_list("author__username", "campaign_id")
    sent_ids = {int(username.removeprefix("signatory")): campaign for username, campaign in found}
    order = sorted(sent_ids)
    precision, recall = pair_scores([docket.letters[i] for i in order], [sent_ids[i] for i in order])
    print(
        f"  campaigns formed: {Campaign.objects.filter(draft=draft).count()}, pairwise precision {precision:.4f}, "
        f"recall {recall:.4f} over the {len(order):,} comments sent (threshold {threshold})"
    )


if __name__ == "__main__":
    main()
