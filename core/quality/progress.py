"""`zi2zi eval` and the app's Evaluate action as one job: progress while it runs, then the verdict and figures.

The judges' training (minutes on a CPU the first time, cached after) is the slow part; it reports each
epoch, so neither the terminal nor the app sits silent. The figures come from core.quality.evaluate.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from core.project.layout import evaluation_file
from core.reports import FinishedReport, ProgressReport, QualityReport


def evaluate_with_progress(project, checkpoint: str | Path | None = None, device: str = "auto",
                           classifier_epochs: int = 30, shots: int | None = None,
                           fit_steps: int | None = None, write: bool = True,
                           control=None) -> Iterator[ProgressReport | QualityReport | FinishedReport]:
    """Yield ProgressReport while working, then a QualityReport (verdict first) and a FinishedReport."""
    from core.atomic_io import write_json_atomic
    from core.dataset import load_pairs
    from core.inference import GlyphGenerator
    from core.quality.classifiers import ensure_classifiers_steps
    from core.quality.evaluate import evaluate_project
    from core.quality.verdict import plain_verdict

    total = 3 + 2 * classifier_epochs
    yield ProgressReport(0, total, "loading the model and the held-out characters")
    model = GlyphGenerator.from_project(project, checkpoint, device)
    data = load_pairs(project, model.image_size)
    del model
    yield ProgressReport(1, total, "preparing the judges (cached after the first evaluation)")
    judges = ensure_classifiers_steps(project.cache_dir, data, epochs=classifier_epochs)
    while True:
        if control is not None and control.is_cancelled:
            yield FinishedReport(0, "cancelled")
            return
        try:
            done, epochs = next(judges)
        except StopIteration as finished:
            classifiers = finished.value
            break
        yield ProgressReport(1 + done, total, f"training the judges: epoch {done} of {epochs}")
    yield ProgressReport(total - 1, total, "scoring the unseen characters")
    result = evaluate_project(project, checkpoint, device, classifiers=classifiers, shots=shots,
                              fit_steps=fit_steps)
    path = None
    if write:
        path = evaluation_file(project.root)
        write_json_atomic(path, {k: v for k, v in result.items() if k != "table"})
    yield ProgressReport(total, total, "done")
    yield QualityReport(verdict=plain_verdict(result), result=result, path=str(path) if path else None)
    yield FinishedReport(0, "completed", outputs={"evaluation": str(path)} if path else {})
