"""The New project dialog says what the fonts share (what the model learns from), and starts from the bundled model."""

from __future__ import annotations

from app.start_screen import NewProjectDialog


def _fill(dialog, tmp_path, charset="gb2312", size=64):
    from core.fonts import demo_font_paths
    fonts = demo_font_paths()
    dialog.location.setText(str(tmp_path))
    dialog.source.path.setText(str(fonts["microhei"]))
    dialog.source._describe()
    dialog.targets[0].path.setText(str(fonts["ukai"]))
    dialog.targets[0]._describe()
    dialog.image_size.setCurrentIndex(dialog.image_size.findData(size))
    dialog.charset.setCurrentText(charset)


def test_the_count_is_what_both_fonts_cover_with_a_warning(qtbot, tmp_path):
    from core.charsets import charset_codepoints
    from core.fonts import demo_font_paths, open_face
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, tmp_path)
    fonts = demo_font_paths()
    source, target = open_face(fonts["microhei"]).codepoints, open_face(fonts["ukai"]).codepoints
    shared = [c for c in charset_codepoints("gb2312") if c in source and c in target]
    text = dialog.coverage.text()
    assert f"share {len(shared):,} of these 6,763 characters" in text
    assert "cannot be made" in text          # the demo subsets lack most of GB 2312
    assert "15 minutes" in dialog.estimate.text()


def test_a_project_at_the_bundled_model_s_size_starts_from_it(qtbot, tmp_path):
    from core.recipes.demo import demo_model_size
    size = demo_model_size()                  # the tests' stand-in is 64 px; the shipped model 128 px
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    assert dialog.image_size.currentData() == size          # offered first: training starts from the model
    _fill(dialog, tmp_path, size=size)
    assert dialog.use_base.isEnabled() and dialog.use_base.isChecked()
    assert f"Only at {size} px" in dialog.use_base.toolTip()
    dialog._on_accepted()
    assert dialog.project is not None and dialog.project.config.data.image_size == size
    assert (dialog.project.checkpoints_dir / "base.pt").is_file()
    dialog.image_size.setCurrentIndex(dialog.image_size.findData(256))
    assert not dialog.use_base.isEnabled()   # the model cannot draw at another size
