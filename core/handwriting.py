"""The "Train on my handwriting" journey without a screen: project, template, scan import job, wizard state.

The wizard's state (step and choices) is <project>/handwriting/wizard.json, so leaving the app and opening
the project again resumes where the writer stopped; the scans are copied into the project and every
review decision is in handwriting/<style>/review.json (core.capture.review).
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.atomic_io import write_json_atomic, write_png_atomic
from core.capture import CaptureError
from core.capture.review import SOURCE_SIZE, HandwritingReview, Sample, glyph_flags, review_folder
from core.control import JobControl
from core.project.layout import (
    TEMPLATE_PDF_FILE,
    TEMPLATE_SPEC_FILE,
    capture_source_name,
    scans_dir,
    template_dir,
    wizard_file,
)
from core.recipes.handwriting import DEFAULT_STYLE
from core.reports import FinishedReport, NoticeReport, ProgressReport

log = logging.getLogger(__name__)

STEPS = ("setup", "template", "import", "review", "train", "preview", "export")
MIN_CHARACTERS = 8   # fewer written characters than this cannot teach a style (nor leave any held out)


@dataclass
class WizardState:
    """Where the writer is in the wizard, and what they chose; human-readable JSON in the project."""

    step: str = "setup"
    style: str = DEFAULT_STYLE
    script: str = "hanzi"
    count: int = 300
    paper: str = "A4"
    spec: str | None = None                       # template spec.json, relative to the project
    scans: list[str] = field(default_factory=list)  # imported scan copies, relative to the project
    base_checkpoint: str | None = None            # a trained model to fine-tune from, if chosen

    @staticmethod
    def path(project_root: Path) -> Path:
        return wizard_file(project_root)

    def save(self, project_root: Path) -> None:
        write_json_atomic(self.path(project_root), asdict(self))

    @classmethod
    def load(cls, project_root: Path) -> WizardState | None:
        path = cls.path(project_root)
        if not path.is_file():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
            state = cls(**known)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            raise CaptureError(f"the wizard state {path} is damaged ({exc}); delete it to start the steps "
                               f"again (scans and review decisions are kept)") from exc
        if state.step not in STEPS:
            state.step = "setup"
        return state


def new_handwriting_project(root: str | Path, *, script: str = "hanzi", style_name: str = DEFAULT_STYLE,
                            base_model=None, **options):
    """The wizard's project (core.recipes.handwriting.handwriting_project, same arguments) and its state at
    the first step; held-out characters are chosen when written glyphs arrive (`prepare_training`)."""
    from core.recipes.handwriting import handwriting_project

    project = handwriting_project(root, script=script, style_name=style_name, base_model=base_model, **options)
    state = WizardState(style=style_name, script=script,
                        base_checkpoint=base_model.stored if base_model is not None else None)
    state.save(project.root)
    return project


def use_base_model(project, state: WizardState, model) -> None:
    """Fine-tune `model` (a core.recipes.base_model.BaseModel), or train from scratch (None), from now on;
    only before training has begun (core.recipes.handwriting.set_base_model). Saves project and state."""
    from core.recipes.handwriting import set_base_model

    set_base_model(project, state.style, model)
    state.base_checkpoint = model.stored if model is not None else None
    state.save(project.root)


def make_template_files(project, state: WizardState):
    """Template pages for the state's script and count, in handwriting/<style>/template/; returns the spec."""
    from core.capture.template import (
        default_characters,
        make_template,
        render_pages,
        write_template_pdf,
        write_template_pngs,
    )
    folder = template_dir(project.root, state.style)
    spec = make_template(default_characters(state.script, state.count, template_candidates(project)),
                         paper=state.paper)
    pages = render_pages(spec)
    spec.save(folder / TEMPLATE_SPEC_FILE)
    write_template_pdf(spec, folder / TEMPLATE_PDF_FILE, pages)
    write_template_pngs(spec, folder, pages)
    state.spec = str((folder / TEMPLATE_SPEC_FILE).relative_to(project.root))
    state.save(project.root)
    return spec


def template_candidates(project) -> list[int]:
    """Characters worth writing for this project: in its charset and drawable by its source font."""
    source = project.source_face().codepoints
    return [cp for cp in project.charset() if cp in source]


def template_files(project, state: WizardState) -> dict[str, Path]:
    folder = template_dir(project.root, state.style)
    return {"folder": folder, "spec": folder / TEMPLATE_SPEC_FILE, "pdf": folder / TEMPLATE_PDF_FILE,
            "pages": sorted(folder.glob("page-*.png"))}


@dataclass
class ScansExtracted:
    """The import job's result: new samples (review.json dicts) and the scans that failed, each with why."""
    samples: list[dict] = field(default_factory=list)
    scans: list[str] = field(default_factory=list)      # copies kept in the project, relative to it
    failed: list[str] = field(default_factory=list)     # one readable line per bad file
    empty_boxes: int = 0


def extract_scans(project_root: Path, style: str, paths, spec, control: JobControl | None = None,
                  size: int = SOURCE_SIZE):
    """Job: copy each scan into the project and cut its boxes into sample box images.

    Yields ProgressReport per file, NoticeReport per bad file (the others go on), then ScansExtracted and
    FinishedReport. Nothing in memory is changed: the caller adds the samples to its review (undoable).
    """
    from core.capture.extract import extract_pages

    control = control or JobControl()
    folder = review_folder(project_root, style)
    paths = [Path(p) for p in paths]
    result = ScansExtracted()
    for k, path in enumerate(paths):
        if not control.wait_while_paused():
            break
        yield ProgressReport(k, len(paths), f"reading {path.name}")
        try:
            pages = extract_pages([path], spec, size=max(size, 16))
        except CaptureError as exc:
            result.failed.append(str(exc))
            yield NoticeReport(0, str(exc))
            continue
        copy = _keep_scan(path, scans_dir(project_root, style))
        result.scans.append(str(copy.relative_to(project_root)))
        for page in pages:
            for box in page.boxes:
                if box.status == "missing":
                    result.empty_boxes += 1
                    continue
                result.samples.append(_box_sample(folder, copy, page.page, box))
    yield ProgressReport(len(paths), len(paths), f"{len(result.samples)} glyphs")
    yield result
    yield FinishedReport(0, "cancelled" if control.is_cancelled else "completed")


def _keep_scan(path: Path, scans: Path) -> Path:
    scans.mkdir(parents=True, exist_ok=True)
    target, n = scans / path.name, 1
    while target.exists() and not _same_file(target, path):
        n += 1
        target = scans / f"{path.stem}-{n}{path.suffix}"
    if not target.exists():
        shutil.copy2(path, target)
    return target


def _same_file(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _box_sample(folder: Path, scan: Path, page: int, box) -> dict:
    sample_id = f"p{page + 1}-b{box.index + 1:03d}"
    n, rel = 1, capture_source_name(sample_id)
    while (folder / rel).exists():  # a page scanned again keeps its first box images
        n += 1
        rel = capture_source_name(sample_id, n)
    write_png_atomic(folder / rel, box.glyph)
    side = box.glyph.shape[0]
    sample = Sample(sample_id, box.codepoint, rel, (0, 0, side, side), extract_status=box.status,
                    page=page + 1, box=box.index + 1, scan=str(scan.relative_to(folder)))
    return sample.to_dict()


def add_extracted(review: HandwritingReview, found: ScansExtracted) -> set[str]:
    """Add the job's samples to a review as one undoable step, with flags computed at the review's size."""
    probe = HandwritingReview(review.folder, review.glyph_folder, review.size)
    for item in found.samples:
        sample = Sample.from_dict(item)
        probe.samples[sample.id] = sample
        item["flags"] = glyph_flags(probe.glyph(sample.id))
    pages = len(found.scans)
    return review.add_extracted(found.samples, f"import {pages} scan{'s' if pages != 1 else ''}")


def import_scans(review: HandwritingReview, project_root: Path, paths, spec) -> ScansExtracted:
    """extract_scans run to the end, then add_extracted: the CLI's and the tests' one call."""
    found = ScansExtracted()
    for report in extract_scans(project_root, review.style, paths, spec):
        if isinstance(report, ScansExtracted):
            found = report
    add_extracted(review, found)
    return found


def prepare_training(project) -> int:
    """Check there are enough usable written characters, then core.recipes.handwriting.prepare_handwriting:
    held-out characters by the one policy and, when fine-tuning, the preset config for this many characters.

    Returns how many characters the hand supplies. Nothing changes once training has written a
    checkpoint, so evaluation stays comparable across sessions.
    """
    from core.recipes.handwriting import hand_style, prepare_handwriting
    from core.recipes.held_out import written_characters

    usable = written_characters(project, hand_style(project))
    if len(usable) < MIN_CHARACTERS:
        raise CaptureError(f"only {len(usable)} written characters are usable and in the project's characters; "
                           f"at least {MIN_CHARACTERS} are needed: import more pages or mark fewer unusable")
    return prepare_handwriting(project)


@dataclass
class TrainingPlan:
    """What pressing Start will do, for the Train step's one line."""
    base: str | None          # "bundled", the chosen model's file name, or None: from scratch
    steps: int
    early_stopping: bool
    fonts: list[str]          # font styles trained beside the hand
    resumes: bool             # training has checkpoints already and continues from the latest


def training_plan(project, state: WizardState) -> TrainingPlan:
    from core.recipes.base_model import has_trained
    from core.training.checkpoint import BASE_NAME

    base = None
    if (project.checkpoints_dir / BASE_NAME).is_file():
        stored = state.base_checkpoint or ""
        base = "bundled" if stored.startswith("resource:") else Path(stored).name or BASE_NAME
    t = project.config.train
    fonts = [s.name for s in project.styles if s.kind == "font" and s.name not in project.held_out_styles]
    return TrainingPlan(base, t.steps, t.early_stopping_patience > 0, fonts, has_trained(project))
