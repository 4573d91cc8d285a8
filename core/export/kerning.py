"""Kerning pairs a companion font gives its own glyphs (GPOS 'kern', pair adjustments), by character.

Filled Latin and punctuation keep the companion's spacing between each other ("AV", "To"); pairs with
any glyph that came from elsewhere are left out, since those glyphs have other shapes.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

PAIR_POS, EXTENSION = 2, 9


def companion_kerning(path: str, index: int, codepoints: set[int], scale: float) -> dict[tuple[int, int], int]:
    """{(left, right): x advance change in export units} among `codepoints`, first lookup wins."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        if "GPOS" not in font:
            return {}
        by_name = {name: cp for cp, name in (font.getBestCmap() or {}).items() if cp in codepoints}
        table = font["GPOS"].table
        if not table.FeatureList or not table.LookupList:
            return {}
        lookups = sorted({i for record in table.FeatureList.FeatureRecord if record.FeatureTag == "kern"
                          for i in record.Feature.LookupListIndex})
        pairs: dict[tuple[int, int], int] = {}
        for i in lookups:
            for subtable in _pair_subtables(table.LookupList.Lookup[i]):
                for (left, right), value in _subtable_pairs(subtable, by_name):
                    pairs.setdefault((by_name[left], by_name[right]), round(value * scale))
    return {pair: value for pair, value in pairs.items() if value}


def _pair_subtables(lookup):
    for subtable in lookup.SubTable:
        if lookup.LookupType == EXTENSION:
            subtable = subtable.ExtSubTable
        if getattr(subtable, "LookupType", PAIR_POS) == PAIR_POS and hasattr(subtable, "Format"):
            yield subtable


def _advance(value_record) -> int:
    if value_record is None:
        return 0
    return getattr(value_record, "XAdvance", 0) or 0


def _subtable_pairs(subtable, wanted: dict):
    """((left name, right name), x advance change) for the wanted glyphs of one PairPos subtable."""
    firsts = [g for g in subtable.Coverage.glyphs if g in wanted]
    if subtable.Format == 1:
        position = {g: k for k, g in enumerate(subtable.Coverage.glyphs)}
        for left in firsts:
            for record in subtable.PairSet[position[left]].PairValueRecord:
                if record.SecondGlyph in wanted:
                    yield (left, record.SecondGlyph), _advance(record.Value1)
    elif subtable.Format == 2:
        left_class, right_class = subtable.ClassDef1.classDefs, subtable.ClassDef2.classDefs
        seconds = [(g, right_class.get(g, 0)) for g in wanted]
        for left in firsts:
            row = subtable.Class1Record[left_class.get(left, 0)].Class2Record
            for right, c2 in seconds:
                yield (left, right), _advance(row[c2].Value1)
