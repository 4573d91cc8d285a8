"""The few-shot curve's judges: which evaluation character (content) and which face (style), fitted on every face of a base project.

The project's own classifiers (core.quality.classifiers) learn from the fonts of one project, and a past
note found three fonts per character too few for the content judge to read a new hand. Here both judges
learn from all the base project's faces (trained and held out) plus the source font:

* content: one class per evaluation character (the base project's held-out characters), learned from
  those characters as every face and the source draw them. The judge is a metric, never a training signal,
  so seeing the real glyphs of the faces it will judge (held-out faces included) is allowed: it answers
  "is this readable as that character in a face like these", which is what content accuracy asks.
* style: class 0 is the source font (so copying the source scores zero style), then one class per face in
  the base project's style order; learned only from characters that are NOT evaluation characters, so it
  names a face from glyphs it never saw.

Network and fitting are core.model.classifier's (the project's judges' own: small CNN, random shift and
scale while fitting, inputs area-averaged to 64 px). Glyphs are area-averaged to 64 px before fitting (the
network does the same to its inputs), so jitter runs at 64 px. Cached as plain tensors (torch.save of
state dicts, read back with weights_only=True; never pickled objects).
"""
from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw

from core.dataset import to_tensor
from core.model.classifier import INPUT_MAX, GlyphClassifier, fit
from core.project import Project
from core.render import render_glyphs

JUDGE_VERSION = 2          # 2: the style judge fits with varied edge texture (core.model.classifier)
STYLE_CHARACTERS = 1000     # non-evaluation characters each face shows the style judge (with 300, real glyphs of
                            # unseen characters read as their face 0.54 of the time over the 20 base faces)


@dataclass
class Judges:
    content: GlyphClassifier
    style: GlyphClassifier
    eval_chars: list[int]          # content class i = eval_chars[i]
    style_names: list[str]         # style class 0 = "(source)", then the faces
    fit_accuracy: dict[str, float]

    def content_accuracy(self, glyphs: np.ndarray, codepoints: list[int]) -> float:
        index = {cp: i for i, cp in enumerate(self.eval_chars)}
        labels = np.array([index[cp] for cp in codepoints])
        return _accuracy(self.content, glyphs, labels)

    def style_accuracy(self, glyphs: np.ndarray, face: str) -> float:
        return _accuracy(self.style, glyphs, np.full(len(glyphs), self.style_names.index(face)))


@torch.no_grad()
def predict(model: GlyphClassifier, glyphs: np.ndarray) -> np.ndarray:
    out = [model(to_tensor(glyphs[s:s + 256]))[1].argmax(1).numpy() for s in range(0, len(glyphs), 256)]
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def _accuracy(model: GlyphClassifier, glyphs: np.ndarray, labels: np.ndarray) -> float:
    return float((predict(model, glyphs) == labels).mean()) if len(glyphs) else float("nan")


def pooled(glyphs: np.ndarray) -> np.ndarray:
    """uint8 glyphs area-averaged to the judges' input size (what the network does to larger inputs)."""
    if glyphs.shape[-1] <= INPUT_MAX:
        return glyphs
    x = F.adaptive_avg_pool2d(torch.from_numpy(glyphs).float()[:, None], INPUT_MAX)[:, 0]
    return x.round().clamp(0, 255).to(torch.uint8).numpy()


def shifted(glyphs: np.ndarray, dx: int = 1, dy: int = 1) -> np.ndarray:
    """Glyphs moved dx px right and dy px down, paper filling the edge (the calibration's 'nearly real')."""
    out = np.full_like(glyphs, 255)
    h, w = glyphs.shape[1:]
    out[:, dy:, dx:] = glyphs[:, :h - dy, :w - dx]
    return out


def style_characters(base: Project, eval_chars: list[int], seed: int, count: int = STYLE_CHARACTERS) -> list[int]:
    """`count` characters of the base charset the source draws, none an evaluation character."""
    source = base.source_face().codepoints
    pool = [cp for cp in base.charset() if cp in source and cp not in set(eval_chars)]
    return sorted(random.Random(seed).sample(pool, min(count, len(pool))))


def _faces(base: Project) -> list[tuple[str, object]]:
    return [(s.name, base.style_face(i)) for i, s in enumerate(base.styles) if s.kind == "font"]


def _fingerprint(base: Project, eval_chars: list[int], style_chars: list[int], size: int, epochs: int) -> str:
    raw = json.dumps([JUDGE_VERSION, size, epochs, base.source.path, base.source.index,
                      [(s.name, s.font.path, s.font.index) for s in base.styles if s.kind == "font"],
                      eval_chars, style_chars])
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def build_judges(base: Project, eval_chars: list[int], size: int, cache: Path, *, epochs: int = 20,
                 seed: int = 0, style_count: int = STYLE_CHARACTERS, log=print) -> Judges:
    """The judges for this base project's faces, read from `cache` when fitted on exactly these inputs."""
    style_chars = style_characters(base, eval_chars, seed, style_count)
    faces = _faces(base)
    names = ["(source)"] + [name for name, _ in faces]
    key = _fingerprint(base, eval_chars, style_chars, size, epochs)
    if cache.is_file():
        state = torch.load(cache, map_location="cpu", weights_only=True)
        if state.get("fingerprint") == key:
            content, style = GlyphClassifier(len(eval_chars)), GlyphClassifier(len(names))
            content.load_state_dict(state["content"])
            style.load_state_dict(state["style"])
            log(f"judges read from {cache}")
            return Judges(content.eval(), style.eval(), eval_chars, names, dict(state["fit_accuracy"]))
    index = {cp: i for i, cp in enumerate(eval_chars)}
    c_images, c_labels, s_images, s_labels = [], [], [], []
    for label, face in enumerate([base.source_face()] + [f for _, f in faces]):
        drawn = render_glyphs(face, eval_chars, size)
        c_images.append(pooled(drawn.bitmaps))
        c_labels += [index[cp] for cp in drawn.codepoints]
        drawn = render_glyphs(face, style_chars, size)
        s_images.append(pooled(drawn.bitmaps))
        s_labels += [label] * len(drawn.codepoints)
    log(f"fitting the content judge: {len(c_labels)} glyphs, {len(eval_chars)} characters, {epochs} epochs")
    content, c_acc = fit(np.concatenate(c_images), np.array(c_labels), len(eval_chars), epochs, seed)
    log(f"fitting the style judge: {len(s_labels)} glyphs, {len(names)} classes, {epochs} epochs")
    style, s_acc = fit(np.concatenate(s_images), np.array(s_labels), len(names), epochs, seed + 1,
                       edge_texture=True)
    accuracy = {"content": c_acc, "style": s_acc}
    cache.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"fingerprint": key, "content": content.state_dict(), "style": style.state_dict(),
                "fit_accuracy": accuracy, "style_names": names, "eval_chars": eval_chars}, cache)
    return Judges(content.eval(), style.eval(), eval_chars, names, accuracy)


def blurred(glyphs: np.ndarray, sigma: float) -> np.ndarray:
    """Glyphs under a Gaussian blur of `sigma` px: a stand-in for a generator's soft, uncertain strokes."""
    import cv2
    return np.stack([cv2.GaussianBlur(g, (0, 0), sigma) for g in glyphs]) if len(glyphs) else glyphs


def calibrate(judges: Judges, base: Project, size: int) -> dict:
    """The judges on real glyphs moved 1 px (should score high on both), on real glyphs blurred (how much a
    judge forgives softness) or thresholded (should not matter: a face is not its anti-aliasing), on the copied source (low style), and which faces the style judge confuses."""
    faces = _faces(base)
    source = render_glyphs(base.source_face(), judges.eval_chars, size)
    rows, read_as = {}, {}
    sigma = 1.5 * size / 64
    for name, face in faces:
        real = render_glyphs(face, judges.eval_chars, size)
        moved, soft = shifted(real.bitmaps), blurred(real.bitmaps, sigma)
        hard = np.where(moved < 128, 0, 255).astype(np.uint8)   # no anti-aliasing: edges as crisp as a GAN's
        read_as[name] = predict(judges.style, moved)
        rows[name] = {"real_shifted_content": judges.content_accuracy(moved, real.codepoints),
                      "real_shifted_style": judges.style_accuracy(moved, name),
                      "real_blurred_content": judges.content_accuracy(soft, real.codepoints),
                      "real_blurred_style": judges.style_accuracy(soft, name),
                      "real_thresholded_style": judges.style_accuracy(hard, name),
                      "copy_source_style": judges.style_accuracy(source.bitmaps, name),
                      "count": len(real.codepoints)}
    for name in rows:   # the other faces' real glyphs the style judge reads as this face
        label = judges.style_names.index(name)
        others = np.concatenate([p for n, p in read_as.items() if n != name]) if len(read_as) > 1 else np.zeros(0)
        rows[name]["others_read_as_face"] = float((others == label).mean()) if len(others) else 0.0
        wrong = read_as[name][read_as[name] != label]   # where this face's own glyphs go when misread
        if len(wrong):
            top = int(np.bincount(wrong).argmax())
            rows[name]["misread_as"] = f"{judges.style_names[top]} {np.mean(read_as[name] == top):.2f}"
    mean = {k: float(np.mean([r[k] for r in rows.values()])) for k in
            ("real_shifted_content", "real_shifted_style", "real_blurred_content", "real_blurred_style",
             "real_thresholded_style", "copy_source_style", "others_read_as_face")}
    return {"faces": rows, "mean": mean, "blur_sigma_px": sigma,
            "copy_source_content": judges.content_accuracy(source.bitmaps, source.codepoints),
            "fit_accuracy": judges.fit_accuracy}


# ----- strips -------------------------------------------------------------------------------------------
LABEL_W, TITLE_H, GAP = 92, 22, 2


def write_strip(path: Path, title: str, rows: list[tuple[str, np.ndarray]]) -> Path:
    """A labelled PNG: one row of glyphs per (label, (N, S, S) uint8) pair, a title on top."""
    n, size = rows[0][1].shape[:2]
    sheet = Image.new("L", (LABEL_W + n * (size + GAP), TITLE_H + len(rows) * (size + GAP)), 255)
    draw = ImageDraw.Draw(sheet)
    draw.text((4, 4), title, fill=0)
    for r, (label, glyphs) in enumerate(rows):
        y = TITLE_H + r * (size + GAP)
        draw.text((4, y + size // 2 - 6), label, fill=0)
        for c, glyph in enumerate(glyphs):
            sheet.paste(Image.fromarray(glyph), (LABEL_W + c * (size + GAP), y))
        draw.line([(LABEL_W, y + size), (sheet.width, y + size)], fill=200)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)
    return path
