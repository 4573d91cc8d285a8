"""Glyph generation: the generator alone, eval mode, spectral norm folded away, batched; style interpolation."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch

from core.atomic_io import write_png_atomic
from core.dataset import to_tensor, to_uint8
from core.errors import CheckpointError, CoreError
from core.fonts import FontFace
from core.model.factory import build_generator, prepare_for_inference
from core.project import Project
from core.render import render_glyphs
from core.training.checkpoint import CheckpointStore, checkpoint_config, inference_weights, load_checkpoint
from core.training.device import inference_autocast_dtype, pick_device

log = logging.getLogger(__name__)


class GlyphGenerator:
    """A trained generator ready for inference, with the style names of its embedding rows."""

    def __init__(self, generator: torch.nn.Module, style_names: list[str], image_size: int,
                 device: torch.device, mixed_precision: bool = True, bf16_on_cpu: bool = False):
        self.generator = generator
        self.style_names = list(style_names)
        self.image_size = image_size
        self.device = device
        self._autocast = inference_autocast_dtype(device, mixed_precision, bf16_on_cpu)
        self._channels_last = device.type != "mps"
        self.project_styles: list[str] = []   # from_project: style i of the project, by name

    @classmethod
    def from_checkpoint(cls, path: str | Path, device: str = "auto", bf16_on_cpu: bool = False) -> GlyphGenerator:
        """bf16_on_cpu: draw in bf16 on a CPU that has it natively (about 3x faster); for glyphs a designer
        sees (Generate, the preview), not for evaluation, whose figures stay fp32 on every machine."""
        state = load_checkpoint(path)
        config = checkpoint_config(state)
        generator = build_generator(config)
        try:
            generator.load_state_dict(inference_weights(state))
        except (KeyError, RuntimeError) as exc:
            raise CheckpointError(f"checkpoint {path} does not hold a generator that fits its own settings") from exc
        torch_device = pick_device(device)
        generator = prepare_for_inference(generator).to(torch_device)
        names = state.get("style_names") or [f"style {i}" for i in range(config.model.num_styles)]
        return cls(generator, names, config.data.image_size, torch_device, bf16_on_cpu=bf16_on_cpu)

    @classmethod
    def from_project(cls, project: Project, checkpoint: str | Path | None = None,
                     device: str = "auto", bf16_on_cpu: bool = False) -> GlyphGenerator:
        """The project's best checkpoint by held-out L1 (or the latest) unless one is named."""
        path = checkpoint or CheckpointStore(project.checkpoints_dir).best()
        if path is None:
            raise CheckpointError(f"project {project.root} has no trained model yet", hint="train it first")
        model = cls.from_checkpoint(path, device, bf16_on_cpu)
        model.project_styles = [s.name for s in project.styles]
        return model

    def style_row(self, style: int | str) -> int:
        if isinstance(style, str):
            if style not in self.style_names:
                raise CoreError(f"the model knows no style named {style!r} "
                                f"(it knows: {', '.join(self.style_names)})")
            return self.style_names.index(style)
        if 0 <= style < len(self.project_styles) and self.project_styles[style] in self.style_names:
            # A fine-tuned base model whose fonts were not all on this machine has rows the project lacks.
            return self.style_names.index(self.project_styles[style])
        if not 0 <= style < len(self.style_names):
            raise CoreError(f"style {style} does not exist (the model has {len(self.style_names)})")
        return style

    @torch.inference_mode()
    def generate_from_sources(self, sources: np.ndarray, style: int | str | None = None, *,
                              embedding: torch.Tensor | None = None, batch_size: int = 64) -> np.ndarray:
        """uint8 source glyphs (N, S, S) -> uint8 generated glyphs (N, S, S) in one style or embedding."""
        check_batch_size(batch_size)
        row = None if embedding is not None else self.style_row(style if style is not None else 0)
        out = []
        for start in range(0, len(sources), batch_size):
            batch = to_tensor(sources[start:start + batch_size]).to(self.device)      # (B, 1, S, S)
            if self._channels_last:
                batch = batch.contiguous(memory_format=torch.channels_last)
            autocast = (torch.autocast(self.device.type, dtype=self._autocast) if self._autocast
                        else nullcontext())
            with autocast:
                if embedding is not None:
                    fake = self.generator.forward_with_embedding(batch, embedding.expand(len(batch), -1))
                else:
                    rows = torch.full((len(batch),), row, dtype=torch.long, device=self.device)
                    fake, _ = self.generator(batch, rows)                             # (B, 1, S, S)
            out.append(to_uint8(fake))
        return np.concatenate(out) if out else np.zeros((0, self.image_size, self.image_size), np.uint8)

    def style_embedding(self, style: int | str) -> torch.Tensor:
        return self.generator.embedding.weight[self.style_row(style)].detach()

    def interpolate(self, sources: np.ndarray, style_a: int | str, style_b: int | str, t: float) -> np.ndarray:
        """Glyphs in a blend of two styles: (1 - t) * a + t * b of their embedding rows."""
        blended = (1 - t) * self.style_embedding(style_a) + t * self.style_embedding(style_b)
        return self.generate_from_sources(sources, embedding=blended[None])

    def generate(self, source_face: FontFace, codepoints: list[int], style: int | str,
                 batch_size: int = 64) -> tuple[np.ndarray, list[int], list[int]]:
        """Render the source glyphs and generate them: (glyphs, code points done, code points missing)."""
        rendered = render_glyphs(source_face, codepoints, self.image_size)
        glyphs = self.generate_from_sources(rendered.bitmaps, style, batch_size=batch_size)
        return glyphs, list(rendered.codepoints), list(rendered.missing)


def check_batch_size(batch_size: int) -> None:
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise CoreError(f"batch size must be a whole number of at least 1, not {batch_size!r}")


def write_contact_sheet(glyphs: np.ndarray, path: Path, columns: int = 20) -> Path:
    """A grid of glyphs (N, S, S) with a 1 px gap, for a quick look at a whole run."""
    n, size = len(glyphs), glyphs.shape[1]
    rows = (n + columns - 1) // columns
    sheet = np.full((rows * (size + 1), min(n, columns) * (size + 1)), 255, np.uint8)
    for i, glyph in enumerate(glyphs):
        r, c = divmod(i, columns)
        sheet[r * (size + 1):r * (size + 1) + size, c * (size + 1):c * (size + 1) + size] = glyph
    write_png_atomic(path, sheet)
    return path
