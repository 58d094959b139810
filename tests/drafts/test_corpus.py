"""The parser against real published acts: tests/drafts/corpus/*.txt with hand-checked *.expected.json.

A unit is a section, chapter, article, point, sub-point, annex or table with what identifies it (kind,
key, printed number, label, annex) and, for a provision, the last line of its text, which shows that
nothing after it (a caption, page furniture, the next heading) was glued on. Units are matched in
order; a unit counts as correct when the parser produced exactly that unit. A missing unit and an
extra unit both count as wrong. See tests/drafts/corpus/SOURCES.md for where each text comes from.

`python -m tests.drafts.test_corpus NAME` prints the parser's units for one text as JSON, the
starting point of a new expected file (check every unit by hand before saving it).
"""

import difflib
import json
import sys
from collections import Counter
from pathlib import Path

from drafts.structure import parse

CORPUS = Path(__file__).parent / "corpus"
KINDS = ("section", "chapter", "article", "point", "subpoint", "annex", "table")
TARGET = 0.999


def units(structure) -> list[dict]:
    """The structural units of a parsed text, in order, as the expected files write them."""
    found, annex = [], 0
    for block in structure.blocks:
        if block.kind == "annex":
            annex = int(block.number or annex)
        if block.kind in ("section", "chapter", "annex"):
            found.append({"kind": block.kind, "number": block.number, "annex": annex})
        elif block.kind == "table":
            found.append({"kind": "table", "rows": len(block.rows), "annex": annex})
        elif block.key:
            p = structure.provision(block.key)
            lines = p.text.splitlines()
            found.append(
                {
                    "kind": p.kind,
                    "key": p.key,
                    "number": p.number,
                    "label": p.label,
                    "annex": p.annex,
                    "last_line": lines[-1] if lines else "",
                }
            )
    return found


def _frozen(unit: dict) -> str:
    return json.dumps(unit, ensure_ascii=False, sort_keys=True)


def score(expected: list[dict], actual: list[dict]) -> tuple[Counter, Counter, list[str]]:
    """Units right and units counted per kind (expected plus extra), and a line for each wrong unit."""
    a, b = [_frozen(u) for u in expected], [_frozen(u) for u in actual]
    right, total, wrong = Counter(), Counter(), []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for unit in expected[i1:i2]:
            total[unit["kind"]] += 1
            if op == "equal":
                right[unit["kind"]] += 1
            else:
                wrong.append(f"expected {_frozen(unit)}")
        if op != "equal":
            for unit in actual[j1:j2]:
                total[unit["kind"]] += 1
                wrong.append(f"got      {_frozen(unit)}")
    return right, total, wrong


MIN_UNITS = 1500  # below this one wrong unit costs more than the 0.1 % the target allows


def script(path: Path) -> str:
    """The script of a corpus text, from its file name: uz_latn_, uz_cyrl_ or ru_."""
    return "uz-Cyrl" if path.name.startswith("uz_cyrl") else "ru" if path.name.startswith("ru_") else "uz-Latn"


def corpus_report(parser=parse, by_script: Counter | None = None) -> tuple[Counter, Counter, list[str], int, int]:
    """Score `parser` on the whole corpus: per-kind counts, wrong units, documents fully right.

    `by_script`, when given, receives the number of expected units per script.
    """
    right, total, wrong, perfect, documents = Counter(), Counter(), [], 0, 0
    for path in sorted(CORPUS.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["units"]
        if by_script is not None:
            by_script[script(path)] += len(expected)
        r, t, w = score(expected, units(parser(path.read_text(encoding="utf-8"))))
        right, total, documents = right + r, total + t, documents + 1
        perfect += not w
        wrong += [f"{path.name}: {line}" for line in w]
    return right, total, wrong, perfect, documents


def format_report(right: Counter, total: Counter, perfect: int, documents: int) -> str:
    rows = [f"{kind:9} {right[kind]:4}/{total[kind]:<4}" for kind in KINDS]
    overall = sum(right.values()) / max(1, sum(total.values()))
    return "\n".join([*rows, f"overall   {sum(right.values())}/{sum(total.values())} = {overall:.2%}",
                      f"documents fully right: {perfect}/{documents}"])  # fmt: skip


def test_corpus_has_at_least_twenty_acts_each_with_an_expected_file():
    texts = sorted(CORPUS.glob("*.txt"))
    assert len(texts) >= 20
    assert all(path.with_suffix(".expected.json").exists() for path in texts)
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    assert all(path.name in sources for path in texts), "every text must have its source in SOURCES.md"


def test_corpus_is_large_enough_for_the_target():
    by_script = Counter()
    corpus_report(by_script=by_script)
    assert sum(by_script.values()) >= MIN_UNITS, by_script


def test_parser_gets_the_units_of_real_acts_right():
    by_script = Counter()
    right, total, wrong, perfect, documents = corpus_report(by_script=by_script)
    report = format_report(right, total, perfect, documents)
    report += "\nunits by script: " + ", ".join(f"{name} {count}" for name, count in sorted(by_script.items()))
    print(report)
    share = sum(right.values()) / sum(total.values())
    assert share >= TARGET, report + "\nwrong units:\n" + "\n".join(wrong)


if __name__ == "__main__":
    name = sys.argv[1]
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    print(json.dumps({"units": units(parse(text))}, ensure_ascii=False, indent=1))
