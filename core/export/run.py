"""ExportRun: what one export needs beyond the project's export settings (core.config.ExportConfig).

Other fonts on this computer (merge into, fill from, metrics from) and the number of processes are per run:
they name files outside the project and this machine's cores, so they are not stored in project.json.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from core.errors import ExportError


@dataclass
class ExportRun:
    merge_into: str | None = None           # an existing font the glyphs are added to
    # Characters every font should type that the glyphs lack come from this companion font (the CLI and
    # the app default to the project's source font) when ExportConfig.fill_required.
    fill_from: str | None = None
    fill_from_index: int = 0                # face number inside a .ttc / .otc collection
    # Vertical metrics (OS/2 typo and win, hhea) from this font, scaled to the em; None: the em box.
    metrics_from: str | None = None
    metrics_from_index: int = 0
    workers: int = max(1, min(4, os.cpu_count() or 1))
    progress_every: int = 200               # a ProgressReport per this many glyphs

    def checked(self) -> ExportRun:
        """Raise ExportError naming a missing font or a bad worker count; returns self for chaining."""
        if self.workers < 1:
            raise ExportError(f"workers must be at least 1, got {self.workers}")
        for label, path in (("fill missing characters from", self.fill_from), ("take metrics from", self.metrics_from)):
            if path and not os.path.isfile(path):
                raise ExportError(f"the font to {label} was not found: {path}", hint="pick an existing font file")
        return self

    @property
    def metrics_font(self) -> tuple[str, int] | None:
        return (self.metrics_from, self.metrics_from_index) if self.metrics_from else None
