"""Export dialog: formats, names and metrics; runs core.export in a worker, then shows the validation report,
a live specimen set in the exported font (QFontDatabase.addApplicationFont) and an 'open folder' button."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.config_form import fill_choices, tr_setting
from app.errors import describe, show_error
from app.workers import Job
from core.config import (
    ExportConfig,
    choice_label,
    field_choices,
    field_help,
    field_label,
    field_limits,
    validate_export,
)
from core.export.run import ExportRun

log = logging.getLogger(__name__)


def _label(name: str) -> str:
    return tr_setting(field_label("export", name))


def collect_glyphs(project, style_name: str, only_accepted: bool) -> dict:
    """What the font gets for a style, by core's one rule: edits > handwriting > generated, minus rejected
    generated glyphs (or only accepted ones); edited outlines travel as drawn."""
    return collect_glyph_origins(project, style_name, only_accepted)[0]


def collect_glyph_origins(project, style_name: str, only_accepted: bool) -> tuple[dict, dict, object]:
    """collect_glyphs, with where each glyph came from and the model's legibility scores (or None)."""
    from core.export.project_glyphs import glyph_quality, project_glyph_origins
    style_id = next(i for i, s in enumerate(project.styles) if s.name == style_name)
    glyphs, origins = project_glyph_origins(project, style_id, only_accepted=only_accepted)
    return glyphs, origins, glyph_quality(project, style_id)


class FontPicker(QWidget):
    """A font path with a Browse button; empty means none."""

    def __init__(self, path: str, placeholder: str, parent=None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(path)
        self.edit.setPlaceholderText(placeholder)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)

    def path(self) -> str | None:
        return self.edit.text().strip() or None

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a font"), self.edit.text(),
                                                self.tr("Fonts (*.ttf *.otf *.ttc)"))
        if chosen:
            self.edit.setText(chosen)


class ExportDialog(QDialog):
    """Fill in names, pick formats, Export; the result tab shows what was written and how it validated."""

    finished_export = Signal(dict)  # outputs: {format: path, "report": path}

    def __init__(self, project, style_index: int = 0, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export font"))
        self.project, self.style_index = project, style_index
        self.job: Job | None = None
        self.outputs: dict[str, str] = {}
        self.font_families: list[str] = []
        cfg = project.config.export
        self.family = QLineEdit(cfg.family_name or project.name)
        self.style = QLineEdit(cfg.style_name)
        self.version = QLineEdit(cfg.version)
        self.designer = QLineEdit(cfg.designer)
        self.licence = QLineEdit(cfg.license)
        self.description = QLineEdit(cfg.description)
        self.upm = QSpinBox()
        self.upm.setRange(*(int(end) for end in field_limits("export", "units_per_em")[:2]))
        self.upm.setValue(cfg.units_per_em)
        self.side_bearing = QDoubleSpinBox()
        self.side_bearing.setRange(*field_limits("export", "side_bearing")[:2])
        self.side_bearing.setSingleStep(0.01)
        self.side_bearing.setValue(cfg.side_bearing)
        self.edge_policy = fill_choices(QComboBox(), "export", "edge_policy")
        self.edge_policy.setCurrentIndex(max(0, self.edge_policy.findData(cfg.edge_policy)))
        self.woff2_compression = fill_choices(QComboBox(), "export", "woff2_compression")
        self.woff2_compression.setCurrentIndex(max(0, self.woff2_compression.findData(cfg.woff2_compression)))
        # The editors of ExportConfig fields, by field name: labels and tooltips come from its metadata.
        named = {"family_name": self.family, "style_name": self.style, "version": self.version,
                 "designer": self.designer, "license": self.licence, "description": self.description,
                 "units_per_em": self.upm, "side_bearing": self.side_bearing, "edge_policy": self.edge_policy,
                 "woff2_compression": self.woff2_compression}
        for name, editor in named.items():
            editor.setToolTip(tr_setting(field_help("export", name)))
        self.style_box = QComboBox()
        for style in project.styles:
            self.style_box.addItem(style.name)
        self.style_box.setCurrentIndex(style_index)
        self.only_accepted = QCheckBox(self.tr("Only accepted glyphs (otherwise all but rejected)"))
        source = str(project.resolve(project.source.path))
        self.fill_from = FontPicker(source, self.tr("no font: built-in punctuation only"))
        self.fill_from.setObjectName("fillFrom")
        self.fill_from.setToolTip(self.tr("Latin letters, digits and punctuation your glyphs lack come from this "
                                          "font, scaled and weighted to sit with your glyphs"))
        self.merge_into = FontPicker("", self.tr("none: a new font"))
        self.merge_into.setObjectName("mergeInto")
        self.merge_into.setToolTip(self.tr("Add your glyphs to a copy of this TrueType font"))
        self.format_boxes = {}
        formats_row = QHBoxLayout()
        for fmt in field_choices("export", "formats"):
            box = QCheckBox(tr_setting(choice_label("export", "formats", fmt)))
            box.setObjectName(f"format_{fmt}")
            box.setChecked(fmt in cfg.formats)
            self.format_boxes[fmt] = box
            formats_row.addWidget(box)
        formats_row.addStretch(1)
        form = QFormLayout()
        for name, editor in named.items():
            if name not in ("edge_policy", "woff2_compression"):
                form.addRow(_label(name), editor)
        form.addRow(self.tr("Glyphs of style"), self.style_box)
        form.addRow(_label("edge_policy"), self.edge_policy)
        form.addRow("", self.only_accepted)
        form.addRow(self.tr("Fill missing characters from"), self.fill_from)
        form.addRow(self.tr("Merge into an existing font"), self.merge_into)
        form.addRow(_label("formats"), formats_row)
        form.addRow(_label("woff2_compression"), self.woff2_compression)
        settings = QWidget()
        settings.setLayout(form)

        self.report = QPlainTextEdit()
        self.report.setObjectName("validationReport")
        self.report.setReadOnly(True)
        self.specimen = QLabel()
        self.specimen.setObjectName("specimen")
        self.specimen.setWordWrap(True)
        self.specimen.setMinimumHeight(120)
        self.specimen.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.specimen.setStyleSheet("background: white; padding: 8px; border: 1px solid #ddd;")
        self.specimen_text = QLineEdit()
        self.specimen_text.setPlaceholderText(self.tr("Specimen text"))
        self.specimen_text.textChanged.connect(self._on_specimen_text_changed)
        result = QWidget()
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(QLabel(self.tr("Specimen, set with the exported font")))
        result_layout.addWidget(self.specimen_text)
        result_layout.addWidget(self.specimen, 1)
        # the report's specimen PNG: the test sentence, and the glyphs the legibility score flags boxed in red
        self.checked_specimen = QLabel()
        self.checked_specimen.setObjectName("checkedSpecimen")
        self.checked_specimen.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        result_layout.addWidget(self.checked_specimen)
        result_layout.addWidget(QLabel(self.tr("Validation report")))
        result_layout.addWidget(self.report, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(settings, self.tr("Settings"))
        self.tabs.addTab(result, self.tr("Result"))

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.setEnabled(False)
        self.open_folder_button.clicked.connect(self._on_open_folder_clicked)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(640, 520)

    def settings(self) -> ExportConfig:
        """The project's export settings with what the dialog shows."""
        return dataclasses.replace(
            self.project.config.export, family_name=self.family.text().strip(),
            style_name=self.style.text().strip() or "Regular", version=self.version.text().strip() or "1.000",
            designer=self.designer.text().strip(), license=self.licence.text().strip(),
            description=self.description.text().strip(), units_per_em=self.upm.value(),
            side_bearing=self.side_bearing.value(), edge_policy=self.edge_policy.currentData(),
            woff2_compression=self.woff2_compression.currentData(),
            formats=[f for f, box in self.format_boxes.items() if box.isChecked()])

    def export_run(self) -> ExportRun:
        """The fonts this export reads: line spacing from the source font, fill and merge as picked."""
        source = str(self.project.resolve(self.project.source.path))
        fill = self.fill_from.path()
        return ExportRun(merge_into=self.merge_into.path(), fill_from=fill,
                         fill_from_index=self.project.source.index if fill == source else 0,
                         metrics_from=source, metrics_from_index=self.project.source.index)

    def output_path(self, settings: ExportConfig) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in f"{settings.family_name}-{settings.style_name}")
        return Path(self.project.exports_dir) / safe

    def start_export(self) -> Job | None:
        try:
            settings, run = self.settings(), self.export_run().checked()
            validate_export(settings)
            glyphs, origins, quality = collect_glyph_origins(self.project, self.style_box.currentText(),
                                                             self.only_accepted.isChecked())
            if not glyphs:
                raise ValueError(self.tr("no generated glyphs to export: generate glyphs in the Preview tab first"))
        except Exception as exc:  # noqa: BLE001 - bad input stays in the dialog
            show_error(self, self.tr("Cannot export"), describe(exc).text())
            return None
        from core.export.pipeline import export_font

        self._keep_settings(settings)
        out = self.output_path(settings)
        self.job = Job(lambda control: export_font(glyphs, out, settings, run, control=control, origins=origins,
                                                   quality=quality), self.tr("Export"), self)
        self.job.progressed.connect(self._on_progressed)
        self.job.notice_posted.connect(self._on_notice_posted)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.job.ended.connect(self._on_job_ended)
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Tracing and building {n} glyphs…").format(n=len(glyphs)))
        # CJK first: the specimen should show the style, not the punctuation that sorts first.
        ordered = sorted(glyphs, key=lambda cp: (cp < 0x2E80, cp))
        self._glyph_text = "".join(chr(cp) for cp in ordered[:24]) + "，「」。Hi 2024"
        self.job.start()
        return self.job

    def _keep_settings(self, settings: ExportConfig) -> None:
        """The settings an export used travel with the project: the next export starts from them."""
        self.project.config.export = settings
        saver = getattr(self.project, "save", None)
        if callable(saver):
            try:
                saver()
            except Exception:  # noqa: BLE001 - the export goes on; only the remembered names are lost
                log.warning("could not save the export settings", exc_info=True)

    def _on_export_clicked(self) -> None:
        self.start_export()

    def _on_progressed(self, report) -> None:
        self.progress.setRange(0, max(1, report.total))
        self.progress.setValue(report.done)
        if report.message:
            self.status.setText(report.message)

    def _on_notice_posted(self, report) -> None:
        self.report.appendPlainText(report.message)

    def _on_finished(self, report) -> None:
        self.outputs = dict(getattr(report, "outputs", {}) or {})
        self.status.setText(self.tr("Exported: {files}").format(
            files=", ".join(Path(p).name for k, p in self.outputs.items() if k != "report")))
        self.report.appendPlainText(self._report_text())
        self._load_checked_specimen()
        self.open_folder_button.setEnabled(bool(self.outputs))
        self._load_specimen()
        self.tabs.setCurrentIndex(1)
        self.finished_export.emit(self.outputs)

    def _report_text(self) -> str:
        path = self.outputs.get("report")
        if not path or not Path(path).exists():
            return ""
        text = Path(path).read_text(encoding="utf-8")
        if path.endswith(".json"):  # a text report beside it reads better than raw JSON
            sibling = Path(path).with_suffix(".txt")
            if sibling.exists():
                return sibling.read_text(encoding="utf-8")
            try:
                return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
            except ValueError:
                pass
        return text

    def _load_checked_specimen(self) -> None:
        from PySide6.QtGui import QPixmap

        try:
            data = json.loads(Path(self.outputs["report"]).read_text(encoding="utf-8"))
        except (KeyError, OSError, ValueError):
            return
        path = data.get("specimen")
        pixmap = QPixmap(path) if path and Path(path).exists() else QPixmap()
        if not pixmap.isNull():
            self.checked_specimen.setPixmap(pixmap.scaledToWidth(min(pixmap.width(), 600),
                                                                 Qt.TransformationMode.SmoothTransformation))
        verdict = data.get("verdict")
        if verdict:
            self.status.setText(self.status.text() + " — " + self.tr("validation: {verdict}").format(verdict=verdict))

    def _load_specimen(self) -> None:
        font_file = next((self.outputs[f] for f in ("otf", "ttf", "woff2", "woff") if f in self.outputs), None)
        if font_file is None:
            self.specimen.setText(self.tr("(no binary font format was exported)"))
            return
        font_id = QFontDatabase.addApplicationFont(font_file)
        self.font_families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not self.font_families:
            self.specimen.setText(self.tr("Qt could not load {file}").format(file=Path(font_file).name))
            return
        font = QFont(self.font_families[0])
        font.setPixelSize(48)
        self.specimen.setFont(font)
        if not self.specimen_text.text():
            self.specimen_text.setText(self._glyph_text)
        self.specimen.setText(self.specimen_text.text())

    def _on_specimen_text_changed(self, text: str) -> None:
        if self.font_families:
            self.specimen.setText(text)

    def _on_failed(self, message: str) -> None:
        self.status.setText(self.tr("Export failed."))
        show_error(self, self.tr("Export failed"), message)

    def _on_job_ended(self) -> None:
        self.job = None
        self.export_button.setEnabled(True)
        self.progress.setVisible(False)

    def _on_open_folder_clicked(self) -> None:
        first = next(iter(p for k, p in self.outputs.items() if k != "report"), None)
        folder = Path(first).parent if first else Path(self.project.exports_dir)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reject(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()  # the dialog closes once the worker has stopped; never leave a thread behind
            self.job.ended.connect(super().reject)
            return
        super().reject()
