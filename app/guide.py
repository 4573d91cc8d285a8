"""Help > User guide: the first hour in a page, in a designer's words, inside the app (no browser needed)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

GUIDE = """
<h2>zi2zi Studio in five steps</h2>
<ol>
<li><b>Look at the demo</b> (File &gt; Open the demo). It opens on <i>Preview</i>: type any text in the box;
the top row is the source font, the bottom row the same text in the learned style.</li>
<li><b>Start your own project</b> (File &gt; New project). Choose a plain source font and the font whose
style you want. The dialog says how many characters both fonts have: the model learns from those and
writes the rest. Starting from the bundled model, at its size (128 px, the one offered first), is the quick
start on a computer without a graphics card.</li>
<li><b>Train</b> (Train tab). Pick a time, for example <i>15 minutes</i>; the line under it says what that
means on this computer. The bar shows the step and the time left from the first step. Stop whenever you
like: the model is saved and training continues from there next time.</li>
<li><b>Evaluate</b> (button under the curves). The model writes characters it never trained on, and two
judges say in plain words how many are readable and how many look like the target style.</li>
<li><b>Review and export</b> (Preview tab, then File &gt; Export font). Accept, reject or edit glyphs in the
grid (double-click opens the editor), then export a TTF, OTF or WOFF2.</li>
</ol>
<h3>Words you will meet</h3>
<ul>
<li><b>Step</b>: one small round of learning on a handful of characters.</li>
<li><b>Unseen characters</b> (held out): kept away from training to check the model honestly.</li>
<li><b>Checkpoint</b>: a saved model. "Best so far" means the lowest error on unseen characters yet.</li>
<li><b>Expert plots</b> (tick box above the curves): every loss, the discriminator's scores and rates.</li>
</ul>
<p>The README and docs/ in the installation folder describe every command-line option.</p>
"""


class GuideDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        self.setObjectName("guide")
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(self.tr(GUIDE))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 560)
