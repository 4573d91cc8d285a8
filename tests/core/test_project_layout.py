"""No path segment or file name of the project layout is spelled outside core/project/ (issue 18).

The rule, checked on every *.py under core/ and app/ except core/project/, on string literals (the pieces
of f-strings too; docstrings and comments may name files, they build no path):

1. A file name of the layout (project.json, review.json, wizard.json, legibility.json, ...) is never a
   string literal: it comes from core.project.layout.
2. A folder name of the layout ("glyphs", "generated", "edited", "handwriting", "checkpoints", ...) is
   never a path segment: not an operand of `/`, not an argument of a path call (Path, joinpath,
   os.path.join, ignore_patterns), not inside a literal with a "/" ("glyphs/generated"). The same
   words as labels (an origin in a report, a filter name, a style kind) are not paths and are allowed.
3. A glyph file name is never built by hand: no f-string with a `:04X` (or `:05X`) field followed by a
   file suffix (f"{cp:04X}.png"); layout.glyph_file_name / glyph_path build it.

A failure names file:line and what was spelled.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILE_NAMES = {"project.json", "review.json", "wizard.json", "legibility.json", "writer-metrics.json",
              "evaluation.json", "history.jsonl", ".training.lock", "contact-sheet.png", "spec.json",
              "template.pdf", "scores.json", "base.pt", "best.pt", "index.json"}
FOLDER_NAMES = {"glyphs", "generated", "edited", "handwriting", "checkpoints", "samples", "exports", "cache",
                "training", "scans", "template", "sources"}
PATH_CALLS = {"Path", "PurePath", "joinpath", "join", "ignore_patterns"}
SUFFIXES = (".png", ".json", ".pt")


def _sources() -> list[Path]:
    files = sorted((ROOT / "core").rglob("*.py")) + sorted((ROOT / "app").rglob("*.py"))
    return [f for f in files if (ROOT / "core" / "project") not in f.parents]


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _path_operands(tree: ast.AST) -> set[int]:
    """ids of the string constants used as path segments (rule 2)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            ids |= {id(side) for side in (node.left, node.right) if isinstance(side, ast.Constant)}
        elif isinstance(node, ast.Call) and _call_name(node) in PATH_CALLS:
            ids |= {id(arg) for arg in node.args if isinstance(arg, ast.Constant)}
    return ids


def _hand_built_names(tree: ast.AST) -> list[int]:
    """Lines of f-strings like f"{cp:04X}.png" (rule 3)."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for value, following in zip(node.values, node.values[1:]):
            spec = value.format_spec if isinstance(value, ast.FormattedValue) else None
            text = "".join(v.value for v in spec.values if isinstance(v, ast.Constant)) if spec else ""
            if text.upper() in ("04X", "05X") and isinstance(following, ast.Constant) \
                    and str(following.value).startswith(SUFFIXES):
                lines.append(node.lineno)
    return lines


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings, operands = _docstrings(tree), _path_operands(tree)
    where = path.relative_to(ROOT) if ROOT in path.parents else path.name
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str) or id(node) in docstrings:
            continue
        text = node.value
        if text in FILE_NAMES:
            found.append(f"{where}:{node.lineno}: file name {text!r}")
        elif text in FOLDER_NAMES and id(node) in operands:
            found.append(f"{where}:{node.lineno}: folder {text!r} as a path segment")
        elif "/" in text and any(part in FOLDER_NAMES for part in text.split("/")[:-1]):
            found.append(f"{where}:{node.lineno}: folder in the path {text!r}")
    found += [f"{where}:{line}: glyph file name built by hand" for line in _hand_built_names(tree)]
    return found


def test_no_project_path_is_spelled_outside_core_project():
    found = [v for path in _sources() for v in _violations(path)]
    assert not found, "spell these through core.project.layout:\n" + "\n".join(found)


def test_the_check_catches_each_kind_of_spelling(tmp_path):
    sample = tmp_path / "probe.py"
    text = ('"""Mentions project.json in a docstring, which is fine."""\n'
            'from pathlib import Path\n'
            'ORIGINS = {"generated": "the model"}\n'              # a label: fine
            'a = Path("p") / "generated" / "x"\n'                  # rule 2
            'b = Path("p") / "review.json"\n'                      # rule 1
            'c = f"{65:04X}.png"\n'                                # rule 3
            'd = "glyphs/edited"\n')                               # rule 2, inside one literal
    sample.write_text(text, encoding="utf-8")
    found = _violations(sample)
    assert sorted(v.split(": ", 1)[0].rsplit(":", 1)[1] for v in found) == ["4", "5", "6", "7"], found
