"""Keep a fine-tuned base model's demo rows only: the demo model has exactly the demo project's two styles.

The demo model is fine-tuned from the 128 px base model (resources/demo-model/README.md) in a project whose
styles are the base's own AR PL UKai row ("AR PL UKai CN Book", the same face as the bundled UKai subset) and
a new LXGW WenKai row. Its checkpoints carry all the base rows besides. This writes a checkpoint of the same
weights with only the style-embedding rows the demo uses, named as the demo project names its styles, and
the demo project's settings, ready for `zi2zi pack-model DEMO_PROJECT --checkpoint OUT`:

    .venv/bin/python bench/demo_model_rows.py CHECKPOINT DEMO_PROJECT OUT \
        --rows "AR PL UKai CN Book=AR PL UKai" "LXGW WenKai=LXGW WenKai"
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_STYLE = "embedding.weight"   # the generator's only per-style tensor (num_styles, embedding_dim)


def keep_rows(state: dict, rows: list[tuple[str, str]], config: dict) -> dict:
    """`state`'s generator (and its EMA) with the rows named rows[i][0] only, renamed rows[i][1]."""
    names = list(state["style_names"])
    missing = [old for old, _ in rows if old not in names]
    if missing:
        raise SystemExit(f"the checkpoint has no style named {', '.join(missing)} (it has: {', '.join(names)})")
    index = [names.index(old) for old, _ in rows]
    weights = {"generator": state["generator"]}
    if isinstance(state.get("generator_ema"), dict):
        weights["generator_ema"] = state["generator_ema"]["weights"]
    kept = {key: {n: (t[index].clone() if n == PER_STYLE else t) for n, t in w.items()} for key, w in weights.items()}
    config = dict(config, model=dict(state["config"]["model"], num_styles=len(rows)))
    out = {"config": config, "step": state["step"], "style_names": [new for _, new in rows],
           "best_held_out_l1": state.get("best_held_out_l1"), "generator": kept["generator"]}
    if "generator_ema" in kept:
        out["generator_ema"] = {"weights": kept["generator_ema"]}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("project", type=Path, help="the demo project: its settings go into the file")
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", nargs="+", required=True, help="MODEL ROW=DEMO STYLE, in the demo's order")
    args = parser.parse_args()
    from core.project import Project
    from core.training.checkpoint import load_checkpoint, save_checkpoint

    project = Project.open(args.project)
    rows = [tuple(r.split("=", 1)) for r in args.rows]
    if [new for _, new in rows] != [s.name for s in project.styles]:
        raise SystemExit(f"--rows must name the project's styles in order: {[s.name for s in project.styles]}")
    state = load_checkpoint(args.checkpoint)
    save_checkpoint(args.out, keep_rows(state, rows, project.config.to_dict()))
    print(f"wrote {args.out}: rows {', '.join(old for old, _ in rows)} of {len(state['style_names'])}, "
          f"as {', '.join(new for _, new in rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
