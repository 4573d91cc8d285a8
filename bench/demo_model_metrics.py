"""Held-out figures of a model file on a project's held-out characters, beside copying the source (JSON).

The pixel metrics of core.quality.metrics (L1, RMSE, SSIM, ink IoU), per style and overall, without the
classifier suite `zi2zi eval` adds (which trains its judges first: minutes on a busy CPU). Each model is
measured at its own image size (the project's glyphs are rendered at that size), and each project style is
drawn with the model row of the same name (a fine-tuned base model has more rows than the project has
styles). Used for resources/demo-model/README.md:

    .venv/bin/python bench/demo_model_metrics.py PROJECT [MODEL.pt ...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(project, model_path: Path) -> dict:
    import numpy as np

    from core.dataset import load_pairs
    from core.inference import GlyphGenerator
    from core.quality.metrics import compare, rows_to_json

    model = GlyphGenerator.from_checkpoint(model_path, device="cpu")
    model.project_styles = [s.name for s in project.styles]   # style_row(i): the row named like style i
    data = load_pairs(project, model.image_size)
    held = np.asarray(data.held_out_indices)
    source_u8, target_u8, style = data.batch(held)  # uint8 (N, S, S), (N, S, S), (N,)
    started = time.perf_counter()
    generated = np.concatenate([model.generate_from_sources(source_u8[style == s], model.style_row(int(s)))
                                for s in sorted(set(style.tolist()))])
    seconds = time.perf_counter() - started
    order = np.concatenate([np.flatnonzero(style == s) for s in sorted(set(style.tolist()))])
    result = {"model": str(model_path), "bytes": model_path.stat().st_size, "image_size": model.image_size,
              "held_out_pairs": int(len(held)),
              "generate_seconds": round(seconds, 3),
              "all": rows_to_json(compare(generated, source_u8[order], target_u8[order]))}
    for s in sorted(set(style.tolist())):
        mask = style[order] == s
        result[project.styles[s].name] = rows_to_json(compare(generated[mask], source_u8[order][mask],
                                                            target_u8[order][mask]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("models", type=Path, nargs="*", help="default: the project's best checkpoint")
    args = parser.parse_args()
    import torch

    from core.project import Project
    from core.training.checkpoint import CheckpointStore

    torch.set_num_threads(1)
    project = Project.open(args.project)
    models = args.models or [CheckpointStore(project.checkpoints_dir).best()]
    print(json.dumps([measure(project, m) for m in models], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
