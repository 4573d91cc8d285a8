"""export_font: trace glyph bitmaps in parallel, build every requested format, validate, write atomically."""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from fontTools.ttLib import TTFont

from core.atomic_io import atomic_path
from core.config import ExportConfig, validate_export
from core.control import JobControl
from core.errors import ConfigError, ExportError
from core.export import builder, ttglyph, validate, webfont
from core.export.run import ExportRun
from core.reports import FinishedReport, NoticeReport, ProgressReport
from core.vectorize import TraceOptions, check_bitmap, describe_codepoint, remove_specks, trace_bitmap, tracer_name

log = logging.getLogger(__name__)

CHUNK_SIZE = 64                 # glyphs per worker task: big enough to amortise pickling
INLINE_BELOW = 48               # fewer glyphs than this are traced in-process (a pool costs ~1 s)


@dataclass
class SkippedGlyph:
    codepoint: int
    reason: str


# --- loading -----------------------------------------------------------------------------------

def read_glyph(path: Path) -> np.ndarray:
    """One square grayscale glyph PNG; an unreadable or non-square file raises ExportError."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            bitmap = np.asarray(image.convert("L"), dtype=np.uint8).copy()
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise ExportError(f"cannot read glyph image {path}") from exc
    if bitmap.shape[0] != bitmap.shape[1]:
        raise ExportError(f"glyph image {path} is {bitmap.shape[1]}x{bitmap.shape[0]}, not square")
    return bitmap


def load_glyph_dir(directory: str | os.PathLike) -> dict[int, np.ndarray]:
    """Grayscale glyph PNGs named by code point; unreadable or duplicate files raise ExportError."""
    from core.project.layout import codepoint_of

    folder = Path(directory)
    if not folder.is_dir():
        raise ExportError(f"glyph folder not found: {folder}")
    glyphs: dict[int, np.ndarray] = {}
    sources: dict[int, Path] = {}
    for path in sorted(folder.iterdir()):
        codepoint = codepoint_of(path.name) if path.suffix.lower() == ".png" else None
        if codepoint is None:
            continue
        if codepoint in sources:
            raise ExportError(f"{describe_codepoint(codepoint)} appears twice in {folder}: "
                              f"{sources[codepoint].name} and {path.name}", hint="keep one of them")
        glyphs[codepoint], sources[codepoint] = read_glyph(path), path
    return glyphs


# --- tracing (runs in worker processes) ----------------------------------------------------------

@dataclass(frozen=True)
class _TraceSettings:
    upm: int
    tracer: str
    edge_policy: str
    side_bearing: float
    want_tt: bool
    want_cff: bool
    max_err: float
    trace: TraceOptions = TraceOptions()
    simplify: bool = True


def _prepare_glyph(codepoint: int, bitmap: np.ndarray, settings: _TraceSettings):
    from core.render import horizontal_placement

    if getattr(bitmap, "outline", None) is not None:  # an edited outline (core.editing): used as drawn
        return _prepare_outline(codepoint, bitmap, settings)
    check = check_bitmap(bitmap)
    if check.empty:
        return SkippedGlyph(codepoint, "empty, skipped")
    if check.touches_edge and settings.edge_policy == "skip":
        return SkippedGlyph(codepoint, "touches the canvas edge, skipped")
    notes = []
    if check.touches_edge:
        notes.append("touches the canvas edge, kept (clipped ink)")
    if check.speckled:
        notes.append(f"speckled: {check.specks} specks removed")
        bitmap = remove_specks(bitmap)
    outline = trace_bitmap(bitmap, settings.upm, settings.tracer, settings.trace)
    if settings.simplify:
        from core.export.simplify import finish_outline

        outline = finish_outline(outline)
    if outline.is_empty:
        return SkippedGlyph(codepoint, "nothing left to trace after removing specks, skipped")
    place = horizontal_placement(codepoint, outline.bounds(), settings.upm, settings.side_bearing)
    if place.shift_x:
        outline = outline.translated(place.shift_x)
    glyph = builder.PreparedGlyph(codepoint, outline, place.advance, place.shift_x, notes=notes)
    if settings.want_cff:           # TrueType forms are compiled for the whole chunk (_prepare_chunk)
        glyph.charstring = builder.make_charstring(outline, place.advance)
    return glyph


def _prepare_outline(codepoint: int, glyph, settings: _TraceSettings):
    """A designer's outline (core.editing.exchange.OutlinedBitmap): no tracing, their advance and position."""
    outline, advance, shift_x = glyph.for_upm(settings.upm)
    if settings.simplify:           # the designer's contours as drawn, only without overlaps
        from core.export.outline_ops import remove_overlaps

        outline = remove_overlaps(outline)
    if outline.is_empty:
        return SkippedGlyph(codepoint, "the edited outline is empty, skipped")
    prepared = builder.PreparedGlyph(codepoint, outline, advance, shift_x)
    if settings.want_tt:
        prepared.tt_glyph = builder.make_tt_glyph(outline, settings.max_err)
    if settings.want_cff:
        prepared.charstring = builder.make_charstring(outline, advance)
    return prepared


def _prepare_chunk(items: list[tuple[int, np.ndarray]], settings: _TraceSettings) -> list:
    results = [_prepare_glyph(cp, bitmap, settings) for cp, bitmap in items]
    if settings.want_tt:            # one numpy pass over the chunk's points, not one per glyph
        builder.add_tt_glyphs([r for r in results if isinstance(r, builder.PreparedGlyph)], settings.max_err)
    return results


def _compare_chunk(font_path: str, items: list[tuple[int, np.ndarray, float]]) -> dict[int, float]:
    sources = {cp: bitmap for cp, bitmap, _ in items}
    return validate.compare_rasters(font_path, sources, {cp: shift for cp, _, shift in items})


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@contextlib.contextmanager
def _worker_pool(workers: int, jobs: int):
    """A process pool when it pays off, else None (work runs inline)."""
    if workers <= 1 or jobs < INLINE_BELOW:
        yield None
        return
    # spawn, not fork: the GUI calls this from a thread, and forking a threaded process can deadlock.
    pool = futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- the job -----------------------------------------------------------------------------------

def output_paths(out_path: str | os.PathLike, formats: list[str]) -> dict[str, Path]:
    """One file per format beside out_path, same stem (font.ttf, font.woff2, font.ufo)."""
    base = Path(out_path)
    stem = base.with_suffix("") if base.suffix.lower().lstrip(".") in ("ttf", "otf", "woff", "woff2", "ufo") else base
    return {fmt: stem.with_name(f"{stem.name}.{fmt}") for fmt in dict.fromkeys(formats)}


def _check_writable(paths: dict[str, Path]) -> None:
    """Fail before any tracing when an output folder cannot be written."""
    for path in paths.values():
        if path.is_dir() and path.suffix != ".ufo":
            raise ExportError(f"cannot write the font to {path}: it is a folder")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".zi2zi-write-test-"):
                pass
        except OSError as exc:
            raise ExportError(f"cannot write to {path.parent}", hint=exc.strerror or str(exc)) from exc


def export_font(glyphs: dict[int, np.ndarray], out_path: str | os.PathLike,
                settings: ExportConfig | None = None, run: ExportRun | None = None,
                control: JobControl | None = None, origins: dict[int, str] | None = None,
                quality: validate.GlyphQuality | None = None
                ) -> Iterator[ProgressReport | NoticeReport | FinishedReport]:
    """Trace, build, validate and write; yields progress, a notice per skipped or cleaned glyph,
    and a FinishedReport whose outputs map each format (and "report") to its path.

    `origins` names where each glyph came from (core.export.coverage.ORIGINS keys, for the report);
    characters every font needs that the glyphs lack are filled first (ExportConfig.fill_required).
    `quality` carries per-glyph legibility scores, when the model wrote them, for the report."""
    settings, run = _checked(settings or ExportConfig(), run or ExportRun())
    control = control or JobControl()
    paths = output_paths(out_path, settings.formats)
    _check_writable(paths)
    if not glyphs:
        raise ExportError("there are no glyphs to export")
    upm = _merge_upm(run) or settings.units_per_em
    glyphs, fill = _fill_required(glyphs, origins or {}, settings, run, upm)
    for cp in fill.missing:
        yield NoticeReport(step=0, message=f"{describe_codepoint(cp)}: no glyph and no font to fill it from")
    trace = _TraceSettings(upm, settings.tracer, settings.edge_policy, settings.side_bearing,
                           want_tt=any(f in paths for f in ("ttf", "woff", "woff2")),
                           want_cff="otf" in paths, max_err=settings.cu2qu_max_err * upm / 1000,
                           trace=TraceOptions(settings.upscale, settings.upscale_factor,
                                              opttolerance=settings.opttolerance),
                           simplify=settings.simplify)
    prepared: list[builder.PreparedGlyph] = []
    skipped: list[SkippedGlyph] = []
    items = sorted(glyphs.items())
    with _worker_pool(run.workers, len(items)) as pool:
        yield from _trace_all(items, trace, pool, control, run.progress_every, prepared, skipped)
        if control.is_cancelled:
            yield FinishedReport(step=len(prepared), reason="cancelled")
            return
        if not any(fill.origins.get(g.codepoint) not in ("companion", "built-in") for g in prepared):
            raise ExportError("every glyph was skipped (empty, speckled or touching the edge); nothing to export")
        yield ProgressReport(len(items), len(items), "building font files")
        try:
            outputs, built = _build_and_write(prepared, skipped, glyphs, paths, _Build(settings, run),
                                              pool, control, fill, quality)
        except _Cancelled:
            yield FinishedReport(step=len(prepared), reason="cancelled")
            return
        for message in built["notices"]:
            yield NoticeReport(step=len(items), message=message)
    yield FinishedReport(step=len(prepared), reason="completed", outputs=outputs)


def _checked(settings: ExportConfig, run: ExportRun) -> tuple[ExportConfig, ExportRun]:
    """Refuse bad settings before any tracing, as an ExportError (the export is what failed)."""
    try:
        validate_export(settings)
    except ConfigError as exc:
        raise ExportError(str(exc), hint="correct the export settings") from exc
    return settings, run.checked()


@dataclass(frozen=True)
class _Build:
    """What building the font files reads: the settings and this run's fonts."""
    settings: ExportConfig
    run: ExportRun


def _fill_required(glyphs, origins, settings: ExportConfig, run: ExportRun, upm: int):
    """Glyphs plus the required characters they lack (core.export.coverage), and where each came from."""
    from core.export import coverage

    if not settings.fill_required:
        return glyphs, coverage.FillResult(origins={cp: origins.get(cp, "generated") for cp in glyphs})
    skip: set[int] = set()
    if run.merge_into and not settings.replace_existing:
        with TTFont(run.merge_into, lazy=True) as base:
            skip = set(base.getBestCmap() or {})
    # merging without a companion: the base font's own Latin is the natural source for ？（） and the like
    companion, index = (run.fill_from, run.fill_from_index) if run.fill_from else (run.merge_into, 0)
    return coverage.fill_required(glyphs, origins, upm, companion, index, skip=skip)


def _merge_upm(run: ExportRun) -> int | None:
    if not run.merge_into:
        return None
    from fontTools.ttLib import TTFont

    try:
        with TTFont(run.merge_into, lazy=True) as font:
            return font["head"].unitsPerEm
    except Exception as exc:
        raise ExportError(f"cannot open the font to merge into: {run.merge_into}") from exc


def _trace_all(items, settings, pool, control, progress_every, prepared, skipped):
    """Trace every glyph (chunked over the pool); yields progress and a notice per problem glyph."""
    chunks = _chunks(items, CHUNK_SIZE)
    if pool is None:
        results = (_prepare_chunk(chunk, settings) for chunk in chunks)
    else:
        results = pool.map(_prepare_chunk, chunks, [settings] * len(chunks))
    done, last_reported = 0, 0
    for chunk_result in results:
        for result in chunk_result:
            if isinstance(result, SkippedGlyph):
                skipped.append(result)
                yield NoticeReport(step=done, message=f"{describe_codepoint(result.codepoint)}: {result.reason}")
                continue
            prepared.append(result)
            for note in result.notes:
                yield NoticeReport(step=done, message=f"{describe_codepoint(result.codepoint)}: {note}")
        done += len(chunk_result)
        if done - last_reported >= progress_every or done == len(items):
            last_reported = done
            yield ProgressReport(done, len(items), "tracing")
        if not control.wait_while_paused():
            return


def _build_and_write(prepared, skipped, sources, paths, build: _Build, pool, control, fill=None, quality=None):
    """Stage every format in temp files, validate them, then move them all into place together."""
    started = time.perf_counter()
    report = validate.ValidationReport(family=build.settings.family_name, glyphs_exported=len(prepared),
                                       tracer=tracer_name(build.settings.tracer))
    exported = {g.codepoint for g in prepared}
    if fill is not None:
        validate.describe_sources(report, fill, exported)
    validate.describe_quality(report, quality, {cp for cp in exported
                                                if fill is None or fill.origins.get(cp) == "generated"})
    report.skipped = [validate.describe_skip(s.codepoint, s.reason) for s in skipped]
    report.skipped += [validate.describe_skip(g.codepoint, n) for g in prepared for n in g.notes]
    notices: list[str] = []
    with contextlib.ExitStack() as stack:
        staged = {fmt: stack.enter_context(atomic_path(path)) for fmt, path in paths.items() if fmt != "ufo"}
        kerning = fill.kerning if fill is not None else {}
        fonts, pending = _build_binaries(prepared, build, staged, notices, pool, kerning)
        if "ufo" in paths:
            staged["ufo"] = _stage_ufo(prepared, build.settings, paths["ufo"], stack)
        # Formats still compressing in the pool (brotli) are checked after the raster comparison,
        # so the compression overlaps every other check.
        for fmt in [f for f in staged if f not in pending]:
            _check_format(report, fmt, staged, paths)
        if build.settings.compare_rendering:
            raster_font = _raster_source(staged, fonts, stack)
            validate.summarize_ious(_compare_all(raster_font, prepared, sources, pool), report)
        for fmt in pending:
            pending[fmt].result()
            _check_format(report, fmt, staged, paths)
        _raise_if_invalid(report)
        if control.is_cancelled:
            raise _Cancelled()
        if "ufo" in staged:
            _replace_dir(staged["ufo"], paths["ufo"])
    main_path = paths.get("ttf") or paths.get("otf") or next(iter(paths.values()))
    _add_specimen(report, paths, main_path)
    saved = report.save(main_path)
    log.info("built and validated %d glyphs in %.1f s", len(prepared), time.perf_counter() - started)
    outputs = {fmt: str(path) for fmt, path in paths.items()}
    outputs["report"] = saved["json"]
    return outputs, {"notices": notices, "report": report}


def _add_specimen(report, paths: dict, main_path: Path) -> None:
    """The specimen PNG beside the font (TTF or OTF only: Pillow reads those directly)."""
    from core.export.specimen import write_specimen

    font = paths.get("ttf") or paths.get("otf")
    if font is None:
        return
    suspects = [int(row["codepoint"][2:], 16) for row in report.suspect]
    try:
        report.specimen = write_specimen(font, f"{main_path}.specimen.png", suspects)
    except OSError as exc:      # a missing specimen never fails an export that validated
        log.warning("could not write the specimen for %s: %s", font, exc)


class _Cancelled(Exception):
    pass


def _check_format(report, fmt: str, staged: dict, paths: dict) -> None:
    report.formats.append(validate.check_file(fmt, str(staged[fmt])))
    report.formats[-1].path = str(paths[fmt])


def _convert_flavor(ttf_path: str, out_path: str, flavor: str, glyf_streams=None, compression: str = "auto") -> None:
    """WOFF or WOFF2 from a compiled TTF file (runs in a worker process: brotli is slow)."""
    if flavor == "woff2":
        webfont.write_woff2(ttf_path, out_path, glyf_streams, compression)
        return
    with TTFont(ttf_path, lazy=True) as compiled:
        compiled.flavor = flavor
        compiled.save(out_path)


def _build_binaries(prepared, build: _Build, staged, notices, pool=None, kerning=None) -> tuple[dict, dict]:
    """TTF (and WOFF/WOFF2 from it) and OTF into their staged paths.

    Returns the TTFont objects and {format: future} for web formats still being compressed in the pool."""
    fonts: dict = {}
    pending: dict = {}
    if any(f in staged for f in ("ttf", "woff", "woff2")):
        fonts["tt"] = _truetype_font(prepared, build, notices, kerning)
        # Compiling glyf is the slow part of saving; the web formats are made from the compiled TTF's
        # bytes (read back lazily), so the outlines are compiled once, not once per format.
        plain = staged.get("ttf") or Path(tempfile.mkdtemp(prefix="zi2zi-export-")) / "font.ttf"
        fonts["tt"].save(str(plain))
        web = [fmt for fmt in ("woff", "woff2") if fmt in staged]
        streams = ttglyph.woff2_glyf_streams(fonts["tt"]) if "woff2" in web else None
        compression = build.settings.woff2_compression
        if pool is not None and "ttf" in staged:
            pending = {fmt: pool.submit(_convert_flavor, str(plain), str(staged[fmt]), fmt, streams, compression)
                       for fmt in web}
        else:
            for fmt in web:
                _convert_flavor(str(plain), str(staged[fmt]), fmt, streams, compression)
            if "ttf" not in staged:
                shutil.rmtree(plain.parent, ignore_errors=True)
    if "otf" in staged:
        if build.run.merge_into:
            raise ExportError("merge mode writes TrueType-flavoured fonts only; drop otf from the formats")
        fonts["cff"] = builder.build_font(prepared, build.settings, cff=True, kerning=kerning,
                                         metrics_font=build.run.metrics_font)
        fonts["cff"].save(str(staged["otf"]))
    return fonts, pending


def _truetype_font(prepared, build: _Build, notices, kerning=None):
    if not build.run.merge_into:
        return builder.build_font(prepared, build.settings, cff=False, kerning=kerning,
                                  metrics_font=build.run.metrics_font)
    merged = builder.merge_glyphs(build.run.merge_into, prepared, build.settings)
    for cp in merged.kept_base:
        notices.append(f"{describe_codepoint(cp)}: already in {Path(build.run.merge_into).name}, "
                       f"kept the base font's glyph")
    for cp in merged.replaced:
        notices.append(f"{describe_codepoint(cp)}: replaced the base font's glyph")
    return merged.font


def _stage_ufo(prepared, settings: ExportConfig, target: Path, stack) -> Path:
    from core.export.ufo import write_ufo

    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    stack.callback(shutil.rmtree, tmp_dir, True)
    staged = tmp_dir / target.name
    write_ufo(prepared, settings, staged)
    return staged


def _replace_dir(staged: Path, target: Path) -> None:
    """A UFO is a folder: move the old one aside, move the new one in, then drop the old one."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(staged, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _raster_source(staged: dict, fonts: dict, stack) -> str:
    """A sfnt file FreeType can read (TTF or OTF; WOFF2-only exports get a temporary TTF)."""
    for fmt in ("ttf", "otf"):
        if fmt in staged:
            return str(staged[fmt])
    if "tt" not in fonts:
        raise ExportError("nothing to render for validation (UFO-only export); set compare_rendering=False")
    tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="zi2zi-validate-"))
    path = os.path.join(tmp, "render.ttf")
    fonts["tt"].save(path)
    return path


def _compare_all(font_path, prepared, sources, pool) -> dict[int, float]:
    """Threads, not the process pool: shipping every bitmap to another process costs more than the
    rendering, and FreeType (through ctypes) and numpy release the GIL for the heavy parts."""
    items = [(g.codepoint, sources[g.codepoint], float(g.shift_x)) for g in prepared]
    if pool is None:
        return _compare_chunk(font_path, items)
    ious: dict[int, float] = {}
    chunks = _chunks(items, max(1, len(items) // (2 * pool._max_workers) + 1))
    with futures.ThreadPoolExecutor(pool._max_workers) as threads:
        for part in threads.map(_compare_chunk, [font_path] * len(chunks), chunks):
            ious.update(part)
    return ious


def _raise_if_invalid(report: validate.ValidationReport) -> None:
    for check in report.formats:
        if not check.reopened:
            raise ExportError(f"the exported {check.format} could not be reopened; nothing was written")
        if check.ots_passed is False:
            raise ExportError(f"the exported {check.format} failed OTS: {check.ots_message[:300]}",
                              hint="nothing was written; please report this glyph set")
