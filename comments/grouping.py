"""Form-letter campaigns (issue 13): near-identical public comments of a draft grouped after intake.

A text is folded (case, spacing, apostrophes as comments.text folds them for duplicates; Cyrillic read in
Latin; punctuation dropped), cut into word pairs (shingles) and summarised by a MinHash signature
(datasketch). The signature is cut into LSH bands; comments of one draft that share a band are
candidates, and a candidate joins only when the exact Jaccard similarity of the two shingle sets is at
least `settings.CAMPAIGN_SIMILARITY`. The bands live in the database (`CampaignBand`), so candidate
lookup is one indexed query that every process and both databases share.

The second near-duplicate of a comment creates a Campaign with the first as its canonical text; later
ones join it (compared with the canonical text and with the members whose bands they share, so a
campaign holds the small edits of its letter). A job after the intake's commit groups the draft's waiting
comments in batches (`group_waiting`), one batch of a draft at a time (PostgreSQL: a transaction-scoped
advisory lock per draft; SQLite serialises writers anyway), so near-duplicates arriving together end in one
campaign with the right size. Replies, expert remarks and
very short texts ("Roziman.") are never grouped.

The folding, signatures and the choice among candidates are plain functions (`fingerprint_of`,
`candidates`, `matches`), which bench/campaigns.py also runs over a million comments in memory.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np
from datasketch import MinHash
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from comments.models import Campaign, CampaignBand, Comment, Kind
from comments.text import normalise_comment_text
from drafts.transliteration import to_latin

# Signature length: 64 hash functions estimate a similarity within about ±0.06, and candidates are
# checked exactly anyway, so more would only cost time and band rows.
NUM_PERM = 64
# datasketch's permutation scheme, named so that an upgrade changing its default cannot change our bands.
SCHEME = "affine32"
# Shorter texts are not form letters ("Roziman.", "Qarshiman"): agreeing in few words is no campaign.
MIN_WORDS = 6
# How many candidate groups are checked exactly, those sharing most bands first.
MAX_CANDIDATES = 8
# A batch reads the texts of the stored comments its bands point to in one query, up to this many.
PREREAD_TEXTS = 2000
# How likely two texts exactly at the threshold share a band. A new member needs to share one with any of
# its campaign's members, not with one in particular, so 0.9 per pair loses next to nothing.
CANDIDATE_PROBABILITY = 0.9

_CYRILLIC = re.compile("[\u0400-\u04ff]")
# A word: letters and digits, with the Uzbek okina and tutuq inside it (normalize_apostrophes put them there).
_WORD = re.compile(r"[^\W_]+(?:[\u02bb\u02bc][^\W_]+)*")


def words(text: str) -> list[str]:
    """The text's words after folding: case, spacing, apostrophes and script; punctuation is dropped."""
    folded = normalise_comment_text(text)
    if _CYRILLIC.search(folded):
        folded = to_latin(folded).casefold()
    return _WORD.findall(folded)


def shingles(text: str) -> set[str]:
    """The text's word pairs: a substituted, inserted or deleted word changes two of them, a moved
    sentence only those at its edges."""
    w = words(text)
    if len(w) < 2:
        return set(w)
    return {f"{a} {b}" for a, b in zip(w, w[1:], strict=False)}


def similarity(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@cache
def bands_for(threshold: float) -> tuple[int, int]:
    """(bands, rows per band): the fewest bands that still make two texts exactly at the threshold share
    one with CANDIDATE_PROBABILITY (1 - (1 - t^r)^b); fewer bands mean fewer rows and fewer false candidates."""
    for rows in range(NUM_PERM, 0, -1):
        bands = NUM_PERM // rows
        if 1 - (1 - threshold**rows) ** bands >= CANDIDATE_PROBABILITY:
            return bands, rows
    return NUM_PERM, 1


@cache
def _permutations():
    # datasketch draws its permutations from a fixed seed: every process signs texts alike.
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations


# Odd 64-bit multipliers that fold a band's rows into one key (arithmetic wraps at 2^64).
_MIX = np.random.RandomState(20261128).randint(1, 2**62, size=NUM_PERM, dtype=np.int64).astype(np.uint64) * np.uint64(
    2
) + np.uint64(1)


@dataclass(frozen=True)
class Fingerprint:
    """What grouping knows of one text: its shingles, and its band keys (empty when it is never grouped)."""

    shingles: frozenset[str]
    keys: tuple[int, ...]


def fingerprint_of(text: str, threshold: float) -> Fingerprint:
    """The text's shingles and LSH band keys for this similarity threshold."""
    found = frozenset(shingles(text))
    if len(found) + 1 < MIN_WORDS:
        return Fingerprint(found, ())
    minhash = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in found])
    bands, rows = bands_for(threshold)
    values = minhash.hashvalues[: bands * rows].astype(np.uint64).reshape(bands, rows)
    with np.errstate(over="ignore"):
        mixed = (values * _MIX[: bands * rows].reshape(bands, rows)).sum(axis=1, dtype=np.uint64)
        mixed ^= np.arange(bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return Fingerprint(found, tuple(int(k) for k in mixed.view(np.int64)))


class Band(NamedTuple):
    """A stored band: its key, the comment that brought it in, and that comment's campaign (or None)."""

    key: int
    comment_id: int
    campaign_id: int | None


@dataclass(frozen=True)
class Match:
    """The group a new text joins: a campaign, or a lone comment that becomes a campaign with it."""

    comment_id: int
    campaign_id: int | None
    similarity: float


def _group_of(item: "Band | Match") -> tuple[str, int]:
    """The group a band or a match stands for: its campaign, or its lone comment."""
    return ("campaign", item.campaign_id) if item.campaign_id else ("comment", item.comment_id)


def candidates(bands: list[Band]) -> list[tuple[int | None, list[int]]]:
    """The groups the stored bands point to — (campaign_id, [comment ids]) or (None, [a lone comment]) —
    those sharing most bands first, at most MAX_CANDIDATES."""
    shared: dict[tuple, list[int]] = defaultdict(list)
    for band in bands:
        shared[_group_of(band)].append(band.comment_id)
    ranked = sorted(shared.items(), key=lambda item: -len(item[1]))[:MAX_CANDIDATES]
    return [(campaign if kind == "campaign" else None, list(dict.fromkeys(ids))) for (kind, campaign), ids in ranked]


def matches(
    fingerprint: Fingerprint,
    groups: list[tuple[int | None, list[int]]],
    texts: dict[int, frozenset[str]],
    canonical: dict[int, tuple[int, frozenset[str]]],
    threshold: float,
) -> list[Match]:
    """Every group similar enough, the most similar first: compared exactly with the group's canonical text
    (a campaign's) and with the members whose bands matched. A text close to two groups joins them into one
    (single linkage), so a letter's variants that reached the draft before their common ground did end up
    in one campaign."""
    found = []
    for campaign_id, comment_ids in groups:
        compared = [(cid, texts[cid]) for cid in comment_ids[:3] if cid in texts]
        if campaign_id is not None and campaign_id in canonical:
            compared.append(canonical[campaign_id])
        scored = [(similarity(fingerprint.shingles, other), cid) for cid, other in compared]
        score, comment_id = max(scored, default=(0.0, 0))
        if score >= threshold:
            found.append(Match(comment_id, campaign_id, score))
    return sorted(found, key=lambda m: -m.similarity)


def _one_grouping_at_a_time(draft_id: int) -> None:
    """Until this transaction ends, no other process groups comments of this draft."""
    if connection.vendor == "postgresql":
        # One advisory lock per draft, in a key space of its own ("CAMP" in the high 32 bits).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [(0x43414D50 << 32) | (draft_id & 0xFFFFFFFF)])
    # SQLite: the IMMEDIATE transaction already holds the database's one write lock.


def is_grouped(comment: Comment) -> bool:
    """Whether a new comment is compared with the others: public comments only, never replies or expert remarks."""
    return settings.CAMPAIGN_GROUPING and comment.kind == Kind.PUBLIC and not comment.parent_id


# Comments grouped in one transaction: enough to share the reads, few enough to hold the draft's lock briefly.
BATCH = 200


def group_waiting(draft_id: int, limit: int = BATCH) -> int:
    """Groups the draft's comments waiting for it (`campaign_pending`), oldest first, at most `limit`, in one
    transaction holding the draft's grouping lock; returns how many were grouped. Each joins the campaign of
    its near-duplicates (creating it with the first of them when they were alone), or leaves its bands for
    those to come, exactly as if they had come one by one: a comment sees the bands of those before it in the
    same batch."""
    with transaction.atomic():
        _one_grouping_at_a_time(draft_id)
        waiting = list(
            Comment.objects.filter(draft_id=draft_id, campaign_pending=True)
            .order_by("pk")
            .values_list("pk", "text")[:limit]
        )
        if not waiting:
            return 0
        if settings.CAMPAIGN_GROUPING:
            batch = _Batch(draft_id, settings.CAMPAIGN_SIMILARITY, waiting)
            for comment_id, _text in waiting:
                batch.group(comment_id)
            batch.flush()
        Comment.objects.filter(pk__in=[pk for pk, _text in waiting]).update(campaign_pending=False)
    return len(waiting)


def drafts_waiting() -> list[int]:
    """The drafts with comments waiting to be grouped (the catch-up's work after a process died)."""
    return list(Comment.objects.filter(campaign_pending=True).order_by().values_list("draft_id", flat=True).distinct())


class _Batch:
    """The comments of one batch, grouped one after another against the stored bands (read once) and those
    the batch adds. Joins are written at the end (`flush`); a new campaign or a merge writes at once, after
    what is pending, so `_gathered` works on the tables as they are."""

    def __init__(self, draft_id: int, threshold: float, waiting: list[tuple[int, str]]):
        self.draft_id, self.threshold = draft_id, threshold
        self.prints = {pk: fingerprint_of(text, threshold) for pk, text in waiting}
        self.texts = {pk: fp.shingles for pk, fp in self.prints.items()}
        keys = {key for fp in self.prints.values() for key in fp.keys}
        self.index: dict[int, list[Band]] = defaultdict(list)
        for row in _stored_bands(draft_id, keys):
            self.index[row[0]].append(Band(*row))
        # The stored comments these bands point to, read at once rather than one comment's candidates at a time.
        pointed = {band.comment_id for key in keys for band in self.index.get(key, ())}
        if len(pointed) <= PREREAD_TEXTS:
            self._read_texts(pointed)
        # What happened since the bands were read: lone comments gathered, campaigns merged into others.
        self.campaign_of_comment: dict[int, int] = {}
        self.merged_into: dict[int, int] = {}
        self.canonical: dict[int, tuple[int, frozenset[str]]] = {}
        self.joined: dict[int, list[int]] = defaultdict(list)
        self.bands: list[tuple[int, int, int, int | None]] = []

    def _campaign(self, campaign_id: int | None, comment_id: int) -> int | None:
        campaign_id = campaign_id or self.campaign_of_comment.get(comment_id)
        while campaign_id in self.merged_into:
            campaign_id = self.merged_into[campaign_id]
        return campaign_id

    def group(self, comment_id: int) -> None:
        fingerprint = self.prints[comment_id]
        if not fingerprint.keys:
            return
        stored = [
            Band(band.key, band.comment_id, self._campaign(band.campaign_id, band.comment_id))
            for key in fingerprint.keys
            for band in self.index.get(key, ())
        ]
        groups = candidates(stored)
        found = []
        if groups:
            self._read_texts({cid for _campaign, members in groups for cid in members[:3]})
            self._read_canonical({c for c, _members in groups if c is not None})
            found = matches(fingerprint, groups, self.texts, self.canonical, self.threshold)
        if not found:
            self._store(comment_id, fingerprint.keys, None)
            return
        if len(found) == 1 and found[0].campaign_id is not None:
            campaign_id = found[0].campaign_id  # the usual case: one more signatory of a known letter
        else:
            self.flush()
            campaign = _gathered(self.draft_id, found)
            campaign.save(update_fields=["size"])
            campaign_id = campaign.pk
            self.canonical.setdefault(campaign_id, (campaign.canonical_id, frozenset(shingles(campaign.text))))
            for match in found:
                if match.campaign_id is None:
                    self.campaign_of_comment[match.comment_id] = campaign_id
                elif match.campaign_id != campaign_id:
                    self.merged_into[match.campaign_id] = campaign_id
        self.joined[campaign_id].append(comment_id)
        # A campaign keeps each distinct band of its members once: the next variant may resemble any of them.
        gathered = {_group_of(m) for m in found}
        known = {band.key for band in stored if _group_of(band) in gathered}
        self._store(comment_id, [key for key in fingerprint.keys if key not in known], campaign_id)

    def _store(self, comment_id: int, keys, campaign_id: int | None) -> None:
        for key in keys:
            self.index[key].append(Band(key, comment_id, campaign_id))
            self.bands.append((self.draft_id, key, comment_id, campaign_id))

    def _read_texts(self, ids: set[int]) -> None:
        missing = ids - self.texts.keys()
        if missing:
            for pk, text in Comment.objects.filter(pk__in=missing).order_by().values_list("pk", "text"):
                self.texts[pk] = frozenset(shingles(text))

    def _read_canonical(self, ids: set[int]) -> None:
        missing = ids - self.canonical.keys()
        if missing:
            for pk, canonical_id, text in (
                Campaign.objects.filter(pk__in=missing).order_by().values_list("pk", "canonical_id", "text")
            ):
                self.canonical[pk] = (canonical_id, frozenset(shingles(text)))

    def flush(self) -> None:
        """Writes the joins and bands held so far."""
        if self.bands:
            _insert_bands(self.bands)
        for campaign_id, members in self.joined.items():
            Comment.objects.filter(pk__in=members).update(campaign_id=campaign_id)
            Campaign.objects.filter(pk=campaign_id).update(size=F("size") + len(members))
        self.bands, self.joined = [], defaultdict(list)


def _stored_bands(draft_id: int, keys: set[int]) -> list[tuple[int, int, int | None]]:
    """(key, comment_id, campaign_id) of the draft's stored bands among `keys`. A batch asks for thousands of
    keys: they travel as one array (PostgreSQL) or one JSON list (SQLite), not as thousands of parameters that
    the ORM would compile one by one."""
    if not keys:
        return []
    if connection.vendor == "postgresql":
        among, values = "= ANY(%s::bigint[])", list(keys)
    else:
        among, values = "IN (SELECT value FROM json_each(%s))", json.dumps(list(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT key, comment_id, campaign_id FROM "{CampaignBand._meta.db_table}" '
            f"WHERE draft_id = %s AND key {among}",
            [draft_id, values],
        )
        return cursor.fetchall()


def _insert_bands(bands: list[tuple[int, int, int, int | None]]) -> None:
    """Plain rows: a batch writes thousands of bands, and a model instance each cost more than the insert. On
    PostgreSQL the columns travel as arrays in one statement (one row per statement cost about 20 µs of Python
    and as much of the server each); SQLite's executemany loops in C."""
    table = f'"{CampaignBand._meta.db_table}" (draft_id, key, comment_id, campaign_id)'
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            draft_ids, keys, comment_ids, campaign_ids = (list(column) for column in zip(*bands, strict=True))
            cursor.execute(
                f"INSERT INTO {table} SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[])",
                [draft_ids, keys, comment_ids, campaign_ids],
            )
        else:
            cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s, %s, %s)", bands)


def _gathered(draft_id: int, found: list[Match]) -> Campaign:
    """The one campaign of the matched groups: the largest matched campaign, or a new one whose canonical
    text is the earliest matched lone comment; the other campaigns and lone comments join it."""
    campaign_ids = [m.campaign_id for m in found if m.campaign_id is not None]
    lone = sorted(m.comment_id for m in found if m.campaign_id is None)
    if campaign_ids:
        campaigns = list(Campaign.objects.select_for_update().filter(pk__in=campaign_ids).order_by("-size", "pk"))
        campaign, merged = campaigns[0], campaigns[1:]
    else:
        first = lone[0]
        campaign = Campaign.objects.create(
            draft_id=draft_id,
            canonical_id=first,
            text=Comment.objects.values_list("text", flat=True).get(pk=first),
            size=0,
            created_at=timezone.now(),
        )
        merged = []
    for other in merged:
        Comment.objects.filter(campaign=other).update(campaign=campaign)
        CampaignBand.objects.filter(campaign=other).update(campaign=campaign)
        campaign.size += other.size
        other.delete()
    if lone:
        Comment.objects.filter(pk__in=lone).update(campaign=campaign)
        CampaignBand.objects.filter(draft_id=draft_id, comment_id__in=lone).update(campaign=campaign)
        campaign.size += len(lone)
    return campaign
