"""Developer tool: fill the Simplified Chinese .ts from the table below and compile the .qm.

Run: .venv/bin/pyside6-lupdate app/*.py app/*/*.py -ts app/i18n/zi2zi_studio_zh_CN.ts && .venv/bin/python -m app.i18n.update_translations
Strings built at run time (config labels, error hints) are not seen by lupdate; EXTRA adds their contexts.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from app.guide import GUIDE
from core.quality import verdict

HERE = Path(__file__).resolve().parent
TS = HERE / "zi2zi_studio_zh_CN.ts"

ZH = {
    " (best so far)": "（目前最佳）", "&About zi2zi Studio": "关于 zi2zi Studio(&A)", "&Close project": "关闭项目(&C)",
    "&Export font…": "导出字体(&E)…", "&File": "文件(&F)", "&Help": "帮助(&H)", "&New project…": "新建项目(&N)…",
    "&Open project…": "打开项目(&O)…", "&Pause / resume": "暂停 / 继续(&P)", "&Preview": "预览(&P)", "&Quit": "退出(&Q)",
    "&Settings…": "设置(&S)…", "&Start": "开始(&S)", "&Train": "训练(&T)", "&Training": "训练(&T)", "&View": "视图(&V)",
    "(no binary font format was exported)": "（未导出二进制字体格式）", "(none)": "（无）",
    "A charset name, a path to a text file, or the characters themselves": "字符集名称、文本文件路径或字符本身",
    "A new language takes effect the next time zi2zi Studio starts.": "新语言将在下次启动 zi2zi Studio 时生效。",
    "A project folder (Ctrl+O)": "项目文件夹（Ctrl+O）", "A small bundled project to try everything": "自带的小项目，可体验全部功能",
    "About zi2zi Studio": "关于 zi2zi Studio", "Accept": "接受", "Accept (A)": "接受（A）",
    "Accept the selected glyphs (A)": "接受所选字形（A）", "Accepted": "已接受", "Add another target font": "再添加一个目标字体",
    "Advanced settings": "高级设置", "All": "全部", "Browse…": "浏览…", "Cannot create the project": "无法创建项目",
    "Cannot export": "无法导出", "Cannot open the demo": "无法打开示例", "Cannot open the project": "无法打开项目",
    "Cannot start training": "无法开始训练", "Characters": "字符集", "Checkpoint saved at step {step}{best}.": "已在第 {step} 步保存检查点{best}。",
    "Choose a font": "选择字体", "Choose a font file": "选择字体文件", "Clear mark": "清除标记", "Close": "关闭",
    "Columns: source · generated · target. Samples appear while training runs.": "列：源字体 · 生成 · 目标。训练时会显示样例。",
    "Create": "创建", "Description": "描述", "Designer": "设计师", "Device: {device}": "设备：{device}", "Difference": "差异",
    "Difference to source": "与源字体的差异", "Difference to target": "与目标字体的差异",
    "Difference: red = only in generated, blue = only in reference, grey = both": "差异：红色＝仅生成字形有，蓝色＝仅参考字形有，灰色＝两者皆有",
    "Export": "导出", "Export failed": "导出失败", "Export failed.": "导出失败。", "Export font": "导出字体",
    "Exported: {files}": "已导出：{files}", "Face number inside a .ttc / .otc collection": ".ttc / .otc 字体集中的字体序号",
    "Family name": "字族名", "Folder": "文件夹", "Formats": "格式", "Generate all": "全部生成",
    "Generate every glyph of the charset (Ctrl+G)": "生成字符集中的所有字形（Ctrl+G）",
    "Generate the selected glyphs again (Ctrl+R)": "重新生成所选字形（Ctrl+R）", "Generated": "生成",
    "Generated {n} glyphs": "已生成 {n} 个字形", "Generating glyphs": "生成字形", "Generating preview": "生成预览",
    "Generating {n} characters…": "正在生成 {n} 个字符…", "Generating… {done} / {total}": "正在生成… {done} / {total}",
    "Generation failed": "生成失败", "Generation running": "正在生成", "Glyph U+{hex}": "字形 U+{hex}",
    "Glyphs are being generated; wait for that to finish.": "正在生成字形，请等待完成。", "Glyphs of style": "风格字形",
    "Held-out L1 (lower is better)": "保留集 L1（越低越好）", "Image size": "图像尺寸", "Language": "语言",
    "Learning rate": "学习率", "Licence": "许可证", "Log scale": "对数坐标", "Losses": "损失", "My font": "我的字体",
    "Name": "名称", "New project": "新建项目", "New project…": "新建项目…", "Next ▶": "下一个 ▶",
    "No recent projects yet. Open the demo to look around.": "还没有最近的项目。打开示例看看吧。",
    "Not generated": "未生成", "Not reviewed": "未审阅", "Only accepted glyphs (otherwise all but rejected)": "仅导出已接受的字形（否则导出除已拒绝外的全部）",
    "Open &log folder": "打开日志文件夹(&L)", "Open &recent": "最近打开(&R)", "Open a project folder": "打开项目文件夹",
    "Open folder": "打开文件夹", "Open project…": "打开项目…", "Open the &demo": "打开示例(&D)", "Open the demo": "打开示例",
    "Opened {path}": "已打开 {path}", "Pause": "暂停", "Pause after the current step (F6)": "在当前步骤后暂停（F6）",
    "Paused.": "已暂停。", "Preparing data and model…": "正在准备数据和模型…", "Preview": "预览",
    "Qt could not load {file}": "Qt 无法加载 {file}", "Ready.": "就绪。",
    "Ready. Training continues from the latest checkpoint when there is one.": "就绪。如有检查点，训练将从最新检查点继续。",
    "Recent projects": "最近的项目", "Regenerate selection": "重新生成所选", "Reject": "拒绝", "Reject (R)": "拒绝（R）",
    "Reject the selected glyphs (R)": "拒绝所选字形（R）", "Rejected": "已拒绝", "Result": "结果", "Resume": "继续",
    "Resume (F6)": "继续（F6）", "S&top": "停止(&T)", "Samples": "样例", "Saving a checkpoint before closing…": "关闭前正在保存检查点…",
    "Settings": "设置", "Show": "显示", "Size": "字号", "Smoothing": "平滑", "Source": "源字体", "Source font": "源字体",
    "Source font, target style, charset (Ctrl+N)": "源字体、目标风格、字符集（Ctrl+N）", "Specimen text": "样张文字",
    "Specimen, set with the exported font": "用导出的字体排出的样张", "Spectral norm of each D layer": "判别器各层的谱范数",
    "Start training": "开始训练", "Start, or continue from the latest checkpoint (F5)": "开始，或从最新检查点继续（F5）",
    "Stop": "停止", "Stop and save a checkpoint (Shift+F5)": "停止并保存检查点（Shift+F5）",
    "Stop training? A checkpoint is saved and training resumes from it next time.": "停止训练？将保存检查点，下次从该处继续训练。",
    "Stopping training…": "正在停止训练…", "Stopping: saving a checkpoint…": "正在停止：保存检查点…", "Style": "风格",
    "Style name": "样式名", "System default": "跟随系统", "Target": "目标字体", "Target fonts (styles)": "目标字体（风格）",
    "Text": "文字", "Tracing and building {n} glyphs…": "正在描摹并构建 {n} 个字形…", "Train": "训练", "Training": "训练",
    "Training failed": "训练失败", "Training failed.": "训练失败。", "Training finished.": "训练完成。",
    "Training is running": "训练进行中", "Training paused": "训练已暂停", "Training settings": "训练设置",
    "Training stopped early: held-out error stopped improving.": "训练提前停止：保留集误差不再下降。",
    "Training stopped; checkpoint saved.": "训练已停止，检查点已保存。", "Training…": "训练中…",
    "Turn a few hundred characters of a style into a complete font.": "用几百个字的风格，生成一套完整的字体。",
    "Type text to preview it in the generated style": "输入文字，以生成的风格预览", "Units per em": "每 em 单位数",
    "Validation report": "校验报告", "Version": "版本", "Welcome.": "欢迎。", "Where projects are kept": "项目存放位置",
    "Zoom": "缩放", "add at least one target font": "请至少添加一个目标字体", "copy source": "直接复制源字体",
    "generated": "生成", "no generated glyphs to export: generate glyphs in the Preview tab first": "没有可导出的生成字形：请先在“预览”页生成字形",
    "not generated yet": "尚未生成", "not reviewed": "未审阅", "not started": "未开始", "off": "关", "step {step}": "第 {step} 步",
    "step {step} (latest)": "第 {step} 步（最新）", "step {step} / {total}": "第 {step} / {total} 步",
    "zi2zi Studio: train a zi2zi GAN on a style and export a complete font.\nLog file: {path}":
        "zi2zi Studio：用 zi2zi GAN 学习一种风格并导出完整字体。\n日志文件：{path}",
    "{ips:.1f} images/s · {left} left · G loss {g:.3f} · D loss {d:.3f}": "{ips:.1f} 张/秒 · 剩余 {left} · G 损失 {g:.3f} · D 损失 {d:.3f}",
    "{n} glyphs": "{n} 个字形", "{n} glyphs marked {status}": "已将 {n} 个字形标记为 {status}", "{n} points": "{n} 个点",
    "◀ Previous": "◀ 上一个", "step": "步数", "Skip them (listed in the report)": "跳过（在报告中列出）", "Keep them": "保留",
    "Ink touching the canvas edge usually means a cropped glyph": "笔画碰到画布边缘通常意味着字形被裁切",
    "Glyphs touching the edge": "碰到边缘的字形", "Not in the source font: {chars}": "源字体中没有：{chars}", "Side bearing (share of em)": "字侧空白（占 em 比例）",
    "The new language applies at once.": "新语言立即生效。", "Total losses (G includes L1 x100)": "总损失（G 含 L1 ×100）",
    "Adversarial losses and D scores": "对抗损失与判别器得分", "L1 per pixel (0-1): training and held-out": "每像素 L1（0-1）：训练集与保留集", "Edited by you": "你编辑过的", "edited": "已编辑",
    "Train on my &handwriting…": "用我的手写训练(&H)…", "Train on my handwriting…": "用我的手写训练…",
    "Print a template, write on it, scan it: a font in your hand (Ctrl+Shift+H)": "打印模板、书写、扫描：得到你手写的字体（Ctrl+Shift+H）",
    "Edit (E)": "编辑（E）", "&Edit glyph…": "编辑字形(&E)…", "Edit": "编辑",
    "Open the selected glyph in the glyph editor (E)": "在字形编辑器中打开所选字形（E）", "Edited glyphs": "已编辑的字形",
    "{n} of these glyphs were edited by you. Regenerating them would replace your edits.":
        "其中 {n} 个字形由你编辑过。重新生成会替换你的编辑。",
    "Keep my edits": "保留我的编辑", "Replace my edits": "替换我的编辑",
    "The last evaluation file cannot be read; evaluate the model again.": "无法读取上次的评估文件，请重新评估模型。",
    "No evaluation yet. After training, evaluate the model (zi2zi eval) to see held-out quality here.":
        "尚未评估。训练后评估模型（zi2zi eval），即可在此查看保留集质量。",
    "Held-out characters: {count} glyphs at {size} px. Copying the source is the floor; the target shifted by one pixel is a ceiling for pixel figures. Content and style: share of glyphs the project's own classifiers recognise.":
        "保留集字符：{count} 个字形，{size} 像素。直接复制源字体是下限；目标字形平移一个像素是像素指标的上限。内容与风格：项目自带分类器能识别的字形比例。",
    "Constant and category losses": "常量损失与类别损失", "Generating the glyphs of the bundled model…": "正在用自带模型生成字形…",
    "Left and right space of proportional glyphs, as a share of the em": "比例字形左右两侧的空白，按 em 的比例计", "accepted": "已接受", "rejected": "已拒绝", "Data": "数据", "Model": "模型", "✔ accepted": "✔ 已接受", "✘ rejected": "✘ 已拒绝",
    # Obsolete title kept so the vanished entry in the .ts stays translated.
    "L1: training and held-out (lower is better)": "L1：训练集与保留集（越低越好）",
    # Glyph editor (app/editor/)
    " px": " 像素", "Brush and eraser radius in bitmap pixels ([ and ])": "画笔与橡皮擦半径，以位图像素计（[ 和 ]）",
    "Tools": "工具", "Select": "选择", "Select and move points, handles and metrics": "选择并移动点、控制柄和度量线",
    "Pen": "钢笔", "Draw new contours: click for corners, drag for curves": "绘制新轮廓：单击得到角点，拖动得到曲线",
    "Brush": "画笔", "Paint ink on the bitmap": "在位图上涂墨", "Eraser": "橡皮擦", "Paint paper on the bitmap": "在位图上擦成纸色",
    "Smaller brush": "缩小画笔", "Bigger brush": "放大画笔", "Glyph": "字形", "Undo": "撤销", "Redo": "重做",
    "Thicken": "加粗", "Thin": "变细", "Smooth": "平滑", "Clear specks": "清除杂点", "Re-trace": "重新描摹",
    "Trace the bitmap into a new outline": "将位图描摹为新的轮廓", "Reverse contour": "反转轮廓方向",
    "Remove contour": "删除轮廓", "Delete points": "删除点", "Revert to generated": "恢复为生成的字形", "View": "视图",
    "Source glyph": "源字形", "Generated glyph": "生成的字形", "Fit": "适合窗口", "Zoom in": "放大", "Zoom out": "缩小",
    "Cannot open this glyph": "无法打开此字形", "Edit {char} U+{hex} — zi2zi Studio": "编辑 {char} U+{hex} — zi2zi Studio",
    "{n} specks removed": "已清除 {n} 个杂点", "as generated": "未改动的生成字形",
    "export uses this outline": "导出时使用此轮廓", "export traces the bitmap": "导出时描摹位图",
    "{points} points · {layer}": "{points} 个点 · {layer}",
    # Handwriting wizard (app/handwriting/)
    "Crop again": "重新裁剪",
    "Drag a square around the character. The square becomes the glyph's em box: outside the written box is blank paper.":
        "拖出一个方框框住这个字。方框即字形的 em 框：书写格以外视为空白纸面。",
    "Whole box": "整个格子", "Export the font…": "导出字体…", "Open the project in the main window": "在主窗口中打开项目",
    "7 · Export": "7 · 导出",
    "The font uses your own glyphs for every character you wrote and the generated ones for the rest. Generate all characters in the Preview step first.":
        "字体中你写过的字使用你自己的字形，其余使用生成的字形。请先在“预览”步骤中生成全部字符。",
    "Script and size": "文字与尺寸", "Print the template": "打印模板", "Import pages": "导入书写页", "Review glyphs": "检查字形",
    "4 · Review the glyphs": "4 · 检查字形", "Back": "上一步", "Next": "下一步", "Leave (everything is saved)": "离开（所有内容均已保存）",
    "Start from another trained model…": "从另一个已训练的模型开始…",
    "Also learn from glyphs I edited or accepted": "同时学习我编辑过或接受的字形",
    "Glyphs you corrected in the glyph editor, and generated ones you accepted in Preview, become extra examples of your hand":
        "你在字形编辑器中修改过的字形，以及在预览中接受的生成字形，会作为你手写风格的额外样例",
    "5 · Train": "5 · 训练",
    "Training learns your hand from the glyphs you kept. Starting from a model trained on fonts (fine-tuning) needs far fewer steps.":
        "训练会从你保留的字形中学习你的手写风格。从已用字体训练过的模型开始（微调）所需步数少得多。",
    "6 · Preview": "6 · 预览",
    "Your font: written characters as you wrote them, generated ones for the rest. Below, generate every character (Generate all) and check them.":
        "你的字体：写过的字保持你的写法，其余为生成的字形。请在下方生成全部字符（全部生成）并逐一检查。",
    "import at least one written page first": "请先导入至少一页书写页", "wait until the pages are read": "请等待书写页读取完成",
    "training is running: stop it, or wait until it finishes": "训练正在进行：请停止训练，或等待其完成",
    "Cannot go on": "无法继续", "Cannot open this step": "无法打开此步骤",
    "{path} was not made with “Train on my handwriting”": "{path} 不是用“用我的手写训练”创建的",
    "Cannot continue the handwriting project": "无法继续此手写项目", "Reading the pages": "正在读取书写页",
    "Import failed": "导入失败", "Some pages could not be read": "部分书写页无法读取",
    "{n} file(s) could not be read:\n{lines}": "{n} 个文件无法读取：\n{lines}",
    "The other pages were imported. Scan those pages again and add them.": "其他书写页已导入。请重新扫描这些页面并添加。",
    "No pages imported yet.": "尚未导入书写页。",
    "{n} glyphs of {c} characters from {p} scan(s); {f} to check in the next step.":
        "从 {p} 份扫描件中得到 {c} 个字符的 {n} 个字形；其中 {f} 个需在下一步检查。",
    "{e} boxes were left empty.": "有 {e} 个格子是空的。",
    "{n} written characters to learn from. Start training when ready.": "可供学习的手写字符共 {n} 个。准备好后即可开始训练。",
    "Training continues from its latest checkpoint (of {steps} steps).": "训练将从最新检查点继续（共 {steps} 步）。",
    "Fine-tuning the bundled base model: about {steps} steps": "微调自带的基础模型：约 {steps} 步",
    "Fine-tuning {model}: about {steps} steps": "微调 {model}：约 {steps} 步",
    "Training from scratch (no base model): {steps} steps, hours on a CPU": "从零开始训练（无基础模型）：{steps} 步，在 CPU 上需数小时",
    ", stops early when unseen characters stop improving": "，未见字符不再改善时提前停止",
    "; {fonts} keep being trained beside your hand": "；{fonts} 会与你的手写一起继续训练",
    "Cannot start from this model": "无法从此模型开始",
    "{w} written by you · {g} generated · {m} not generated yet": "{w} 个为你手写 · {g} 个已生成 · {m} 个尚未生成",
    "The font will have {h} of your glyphs and {g} generated ones.": "字体将包含 {h} 个你手写的字形和 {g} 个生成的字形。",
    "Add scans or photos…": "添加扫描件或照片…", "3 · Import the written pages": "3 · 导入书写页",
    "Scan at 300 dpi or take photos from straight above, in good light. Pages can be in any order and any way up; PNG, JPEG, TIFF or PDF.":
        "以 300 dpi 扫描，或在光线充足处从正上方拍照。页面顺序和方向不限；支持 PNG、JPEG、TIFF 或 PDF。",
    "Imported scans (kept in the project):": "已导入的扫描件（保存在项目中）：", "The first glyphs found:": "最先找到的字形：",
    "unusable": "不可用", "used": "已采用", "spare": "备用", "All samples": "全部样本", "Problems only": "仅有问题的",
    "Unusable": "不可用", "Characters with several samples": "有多个样本的字符",
    "Problem glyphs come first. Right-click a glyph, or use the keys: Del unusable / usable, Space use this sample, F2 another character, C crop again, E erase specks, A add a sample, Enter or double-click edit the glyph.":
        "有问题的字形排在最前。右键单击字形，或使用按键：Del 不可用 / 可用，Space 采用此样本，F2 改为其他字符，C 重新裁剪，E 擦除杂点，A 添加样本，Enter 或双击编辑字形。",
    "Unusable / usable": "不可用 / 可用", "Use this sample": "采用此样本", "Another character…": "改为其他字符…",
    "Crop again…": "重新裁剪…", "Erase specks…": "擦除杂点…", "Add another sample…": "再添加一个样本…",
    "Edit the glyph…": "编辑字形…", "Cannot change the glyph": "无法修改字形", "Cannot add the sample": "无法添加样本",
    "{path} is not an image that can be read.\n\nUse a PNG or JPEG picture of the character.":
        "{path} 不是可读取的图像。\n\n请使用该字符的 PNG 或 JPEG 图片。",
    "Cannot edit this sample": "无法编辑此样本",
    "The font uses another sample of “{char}”, and only that one is edited.\n\nPress Space to use this sample first, then edit it.":
        "字体采用的是“{char}”的另一个样本，只有该样本可以编辑。\n\n请先按 Space 采用此样本，再进行编辑。",
    "Undo {what} (Ctrl+Z)": "撤销{what}（Ctrl+Z）", "Redo {what}": "重做{what}",
    "{n} samples of {c} characters · {p} to check · {u} unusable · {k} characters used":
        "{c} 个字符的 {n} 个样本 · {p} 个待检查 · {u} 个不可用 · 已采用 {k} 个字符",
    "Another character": "改为其他字符", "Which character is this glyph?": "这个字形是哪个字符？", "Erase specks": "擦除杂点",
    "Erase ink spots smaller than (pixels):": "擦除小于此尺寸的墨点（像素）：", "A picture of {char}": "{char} 的图片",
    "page {page}, box {box}": "第 {page} 页，第 {box} 格", "added": "手动添加", "no problems found": "未发现问题",
    "spare sample": "备用样本", "My handwriting": "我的手写", "Chinese characters (hanzi)": "汉字",
    "Latin letters, digits and punctuation": "拉丁字母、数字和标点", " characters": " 个字",
    "How many characters you will write; 120 fit on a page": "你要书写的字数；每页可写 120 个",
    "The bundled base model (fine-tune it: fast)": "自带的基础模型（微调：快）",
    "No model: train from scratch (hours on a CPU)": "不用模型：从零开始训练（在 CPU 上需数小时）",
    "Bundled WenQuanYi Micro Hei (demo characters only)": "自带的文泉驿微米黑（仅含示例字符）",
    "Which characters the font gets: a charset name, a text file, or the characters themselves. Empty: the bundled demo characters":
        "字体包含哪些字符：字符集名称、文本文件或字符本身。留空：使用自带的示例字符",
    "The bundled demo characters": "自带的示例字符", "Folder for projects": "项目文件夹", "Script": "文字",
    "Characters to write": "书写字数", "Start from": "起点模型", "Glyph size": "字形尺寸", "Source font (optional)": "源字体（可选）",
    "Characters of the font": "字体字符", "Start a new handwriting font": "新建手写字体", "Open another folder…": "打开其他文件夹…",
    "Or continue where you stopped": "或从上次停下的地方继续", "1 · Script and size": "1 · 文字与尺寸",
    "You print a template, write one character in each box, scan or photograph the pages, check the glyphs, and zi2zi Studio learns your hand to draw the characters you did not write. Every step is saved: leave at any time and continue later.":
        "打印模板，在每个格子里写一个字，扫描或拍下这些页面，检查字形，zi2zi Studio 便会学习你的手写风格，画出你没写的字。每一步都会保存：可随时离开，稍后继续。",
    "{px} px: the size the bundled base model was trained at": "{px} 像素：自带基础模型训练时使用的尺寸",
    "Larger glyphs are finer but train about four times slower per step": "字形越大越精细，但每步训练约慢四倍",
    "No handwriting projects yet. Projects you start here are listed, with the step you stopped at.":
        "还没有手写项目。在这里新建的项目会列出，并显示你停在哪一步。",
    "Open the PDF to print": "打开 PDF 以打印", "Open the template folder": "打开模板文件夹",
    "Print at 100 % (no “fit to page”). Write one character in each box with a dark pen, inside the border; the small grey character shows which. Keep the corner squares and the code at the top clean.":
        "按 100% 打印（不要“适合页面”）。用深色笔在每个格子的边框内写一个字；格中灰色小字提示写哪个字。请保持四角方块和顶部编码干净。",
    "2 · Print the template": "2 · 打印模板",
    "{n} characters on {p} page(s), {paper}. Files: {folder}": "{n} 个字符，共 {p} 页，{paper}。文件：{folder}",
    "Scanned or photographed pages": "扫描或拍摄的书写页", "A handwriting project folder": "手写项目文件夹",
    "A trained model to start from": "作为起点的已训练模型",
}

ZH.update({  # issue 17: time before Start, honest progress, Evaluate, first impression
    "How far the glyphs are from the target font (lower is better): characters it trains on, and unseen ones":
        "字形与目标字体的差距（越低越好）：训练用的字，以及没见过的字",
    "characters it trains on": "训练用的字", "unseen characters": "没见过的字", "copying the source font": "直接照搬源字体",
    "Expert plots": "专家曲线", "Every loss, the discriminator's scores, learning rates and spectral norms":
        "全部损失、判别器评分、学习率和谱范数",
    "&User guide": "用户指南(&U)", "User guide": "用户指南",
    "The characters the finished font should have: a charset name, a path to a text file, or the characters themselves":
        "完成的字体应包含的字符：字符集名称、文本文件路径或字符本身",
    "How finely the model draws each glyph. Larger is sharper and trains several times slower.":
        "模型绘制每个字形的精细程度。越大越清晰，训练也慢好几倍。",
    "Start from the bundled model (it already writes Chinese characters)": "从自带模型开始（它已经会写汉字）",
    "Learning your style from a model that already writes characters takes minutes instead of hours. Only at {size} px.":
        "从已会写字的模型学习你的风格只需几分钟而不是几小时。仅限 {size} 像素。",
    "Training time": "训练时间", "{n} characters. Choose the fonts to see how many both have.":
        "{n} 个字符。选择字体后可看到两者共有多少。",
    "The fonts share {shared} of these {total} characters: the model learns the style from them.":
        "两个字体共有这 {total} 个字符中的 {shared} 个：模型从这些字学习风格。",
    "It writes the other {rest} after training.": "训练后它会写出其余 {rest} 个。",
    "{n} are missing from the source font and cannot be made.": "{n} 个字源字体中没有，无法生成。",
    "Fewer than {n} shared characters: the style will be learned poorly.": "共有字符少于 {n} 个：风格会学得不好。",
    "Evaluate": "评估", "Judge the model on characters it never trained on: are they readable, and is the style recognisable?":
        "用模型从未训练过的字来评判：能认出是什么字吗？风格能认出来吗？",
    "All figures": "全部数值",
    "Every figure, beside copying the source (the floor) and the target moved one pixel (a ceiling for pixel figures)":
        "全部数值，并列出直接照搬源字体（下限）和目标字形平移一像素（像素指标的上限）",
    "Evaluating the model": "正在评估模型", "starting…": "正在开始…",
    "Evaluating on characters the model never saw…": "正在用模型没见过的字评估…",
    "The evaluation did not finish.": "评估没有完成。", "Not evaluated yet.": "尚未评估。",
    "After some training, click Evaluate: the model writes characters it never trained on, and two judges say whether they are readable and in the right style.":
        "训练一段时间后点击“评估”：模型会写出从未训练过的字，两个评判器会说明它们是否可读、风格是否对。",
    "{count} unseen characters at {size} px. ": "{count} 个没见过的字，{size} 像素。",
    "This sample of “{char}” is not used in the font yet.\n\nPress Space to use it, then edit it.":
        "“{char}”的这个样本尚未用于字体。\n\n按空格键使用它，然后再编辑。",
    "{n} minutes": "{n} 分钟", "{n} h": "{n} 小时", "The steps set below": "按下方设定的步数",
    "How long to train. A time is turned into steps by measuring this computer's speed on this project's model.":
        "训练多久。时间会根据本机在此项目模型上的实测速度换算成步数。",
    "Open a project to see how long training takes.": "打开项目后可看到训练需要多久。", "Train for": "训练时长",
    "Measuring this computer's speed on this project's model…": "正在测量本机在此项目模型上的速度…",
    "Measuring speed": "正在测速", "The speed could not be measured: {reason}": "无法测量速度：{reason}",
    "Training has reached step {steps}; raise the steps or pick a time to continue.":
        "训练已到第 {steps} 步；请增加步数或选择时长以继续。",
    "{time} on this computer for {todo} steps (to step {steps}); measured {per:.2f} s a step on {where}.":
        "在本机上训练 {todo} 步（到第 {steps} 步）需 {time}；实测 {where} 每步 {per:.2f} 秒。",
    "Page ": "第 ", " of {n}": " 页，共 {n} 页",
    "Measuring this computer's speed; training starts right after…": "正在测量本机速度；测完立即开始训练…",
    "starting: step {step} of {total}": "正在开始：第 {step} 步，共 {total} 步",
    "{left} left · {ips:.1f} glyph images a second": "剩余 {left} · 每秒 {ips:.1f} 张字形图",
    " (best held-out score so far)": "（目前保留集最佳）", "Training finished at step {step}.": "训练在第 {step} 步完成。",
    "Training finished at step {step} of the {total} planned: the time budget was spent (this computer ran slower "
    "than measured).": "训练在第 {step} 步结束（计划 {total} 步）：时间预算已用完（这台电脑比测得的更慢）。",
    "Stopped at step {step}; the model is saved at step {saved}.": "已在第 {step} 步停止；模型已保存在第 {saved} 步。",
    "Training stopped early at step {step}: the held-out error stopped improving; the best model is kept.":
        "训练在第 {step} 步提前停止：保留集误差不再下降；已保留最佳模型。",
    "Took {took}": "用时 {took}", " (estimated {estimate}).": "（预计 {estimate}）。",
    "Opening the demo…": "正在打开示例…", "Opening the project…": "正在打开项目…", "Loading zi2zi Studio…": "正在加载 zi2zi Studio…",
})

ZH.update({  # strings left untranslated until now, and the wizard's rejected count
    "starting from the bundled model, ": "从自带模型开始，",
    "About 15 minutes for a first useful model ({start}about {steps} steps: this computer took {per:.1f} s a step at {size} px). Pick the time on the Train tab.":
        "约 15 分钟得到第一个可用模型（{start}约 {steps} 步：本机在 {size} 像素时每步 {per:.1f} 秒）。在“训练”页选择时长。",
    "About 15 minutes for a first useful model ({start}the Train tab measures this computer's speed and turns the time you pick into steps).":
        "约 15 分钟得到第一个可用模型（{start}“训练”页会测量本机速度，把你选的时长换算成步数）。",
    "no font: built-in punctuation only": "不用字体：仅用内置标点",
    "Latin letters, digits and punctuation your glyphs lack come from this font, scaled and weighted to sit with your glyphs":
        "你的字形缺少的拉丁字母、数字和标点取自此字体，并按你的字形调整大小和粗细",
    "none: a new font": "无：新建字体", "Add your glyphs to a copy of this TrueType font": "把你的字形加入此 TrueType 字体的副本",
    "Fill missing characters from": "缺少的字符取自", "Merge into an existing font": "合并到现有字体",
    "validation: {verdict}": "校验：{verdict}", "Fonts (*.ttf *.otf *.ttc)": "字体 (*.ttf *.otf *.ttc)",
    "readable: %1 %": "可读：%1 %", "Doubtful first": "可疑的优先",
    "Glyphs that may not read as their character, least readable first. Fix or regenerate these before you export.":
        "可能认不出是哪个字的字形，最难认的排在前面。导出前请修改或重新生成它们。",
    "{px} px: the size the bundled base model was trained at; written glyphs are kept at full resolution for the font":
        "{px} 像素：自带基础模型的训练尺寸；手写字形以完整分辨率放入字体",
    "Chosen so every common part of characters is written a few times: {summary}.":
        "所选的字让每个常见部件都写上几次：{summary}。",
    "{r} rejected and not in the font (regenerate after more training, or edit them)":
        "{r} 个已拒绝、不在字体中（多训练后重新生成，或编辑它们）",
})

GUIDE_ZH = """
<h2>zi2zi Studio 五步上手</h2>
<ol>
<li><b>看看示例</b>（文件 &gt; 打开示例）。它打开在<i>预览</i>页：在框里输入任意文字；
上面一行是源字体，下面一行是同样的文字、学到的风格。</li>
<li><b>开始你自己的项目</b>（文件 &gt; 新建项目）。选一个朴素的源字体，再选你想要其风格的字体。
对话框会告诉你两个字体共有多少字：模型从这些字学习，再写出其余的字。没有显卡的电脑上，
从自带模型开始（按它的尺寸：128 像素，即首先给出的那个）是最快的开始。</li>
<li><b>训练</b>（“训练”页）。选一个时长，例如 <i>15 分钟</i>；下面一行说明这在本机意味着什么。
进度条从第一步起就显示步数和剩余时间。随时可以停止：模型会保存，下次从那里继续训练。</li>
<li><b>评估</b>（曲线下方的按钮）。模型写出它从未训练过的字，两位评审用平实的话说出有多少能认出、
有多少像目标风格。</li>
<li><b>审阅并导出</b>（“预览”页，然后 文件 &gt; 导出字体）。在网格中接受、拒绝或编辑字形（双击打开编辑器），
然后导出 TTF、OTF 或 WOFF2。</li>
</ol>
<h3>你会遇到的词</h3>
<ul>
<li><b>步</b>：在几个字上的一小轮学习。</li>
<li><b>未见过的字</b>（保留集）：不参与训练，用来诚实地检验模型。</li>
<li><b>检查点</b>：保存下来的模型。“目前最佳”指在未见过的字上误差最低的那个。</li>
<li><b>专家曲线</b>（曲线上方的勾选框）：每一项损失、判别器的得分和学习率。</li>
</ul>
<p>安装文件夹中的 README 和 docs/ 说明了每个命令行选项。</p>
"""

EXTRA = {
    "GuideDialog": {GUIDE: GUIDE_ZH},   # tr(GUIDE): a variable, so lupdate cannot see it
    "Verdict": {  # app/quality_panel.translated(): core.quality.verdict's templates and words
        verdict.NO_FIGURES: "没有模型的评估数据：请重新评估。",
        verdict.READABLE: "未见过的字约有 {readable}/10 能认出；风格在 {style}/10 中被认出。",
        verdict.READABLE_RELATIVE: "未见过的字约有 {readable}/10 能认出；风格在 {style}/10 中被认出"
                                   "（评审对真正的目标字体给出 {real_content}/10 和 {real_style}/10）。",
        verdict.NOT_LEARNED: "风格还没学会：直接照搬源字体也一样得分；请再训练久一些。",
        verdict.HIGHER: "越高越好", verdict.LOWER: "越低越好",
        verdict.FIGURE: "{name}：{value}（{direction}）",
        verdict.FIGURE_WITH_FLOOR: "{name}：{value}（{direction}；照搬源字体：{floor}）",
        "readable (content judge)": "可读（内容评审）", "style recognised (style judge)": "风格被认出（风格评审）",
        "pixel difference L1": "像素差 L1", "structural similarity SSIM": "结构相似度 SSIM",
        "ink overlap IoU": "墨迹重合 IoU", "outline distance (Chamfer)": "轮廓距离（Chamfer）",
        "worst outline distance (HD95)": "最差轮廓距离（HD95）", "pixel difference RMSE": "像素差 RMSE",
        "feature distance (FD)": "特征距离（FD）",
    },
    "HandwritingWizard": {  # WizardDialogs calls parent.tr(...), so at run time these look up the wizard's context
        "Scanned or photographed pages": "扫描或拍摄的书写页", "A handwriting project folder": "手写项目文件夹",
        "A trained model to start from": "作为起点的已训练模型",
    },
    # core.config's field metadata (labels, value labels, help): fill() adds every such string to this
    # context, since tr_setting (app/config_form.py) translates them at run time where lupdate cannot see.
    "ConfigForm": {
        "Image size": "图像尺寸", "Characters": "字符集", "Held-out share": "保留集比例", "Held-out maximum": "保留集上限",
        "Held-out draw": "保留集抽取种子", "Generator width": "生成器宽度", "Discriminator width": "判别器宽度",
        "Kernel size": "卷积核大小", "Style embedding size": "风格嵌入维度", "Styles": "风格数",
        "Generator norm": "生成器归一化", "Discriminator norm": "判别器归一化",
        "Discriminator spectral norm": "判别器谱归一化", "Discriminator style input": "判别器的风格输入",
        "Dropout": "Dropout", "Batch size": "批大小", "Training steps": "训练步数", "Adversarial loss": "对抗损失",
        "L1 weight": "L1 权重", "Constant loss weight": "常量损失权重", "Category loss weight": "类别损失权重",
        "Total variation weight": "全变分权重", "Stroke emphasis": "笔画强调", "Gradient penalty weight": "梯度惩罚权重", "Weight clip value": "权重裁剪值",
        "Optimizer": "优化器", "Generator learning rate": "生成器学习率", "Discriminator learning rate": "判别器学习率",
        "Adam beta 1": "Adam beta 1", "Adam beta 2": "Adam beta 2", "Weight decay": "权重衰减",
        "Learning-rate schedule": "学习率调度", "Final rate share": "最终学习率比例", "G steps per D step": "每步 D 对应的 G 步数",
        "Generator averaging (EMA)": "生成器滑动平均（EMA）", "Discriminator augmentation": "判别器数据增强",
        "Device": "设备", "CPU threads": "CPU 线程数", "Mixed precision": "混合精度", "Random seed": "随机种子",
        "Log every (steps)": "记录间隔（步）", "Samples every (steps)": "样例间隔（步）", "Evaluate every (steps)": "评估间隔（步）",
        "Checkpoint every (steps)": "检查点间隔（步）", "Checkpoints kept": "保留检查点数", "Sample characters": "样例字符数",
        "Freeze encoder": "冻结编码器", "Frozen discriminator blocks": "冻结的判别器层块数", "Keep base styles": "保留基础风格",
        "Early-stopping patience": "提前停止的耐心次数", "Judge from (share of steps)": "开始评判的时机（占步数比例）", "Judge style": "评判风格", "Learn from my edits": "从我的编辑中学习",
        "Family name": "字族名", "Style name": "样式名", "Version": "版本", "Designer": "设计师", "Licence": "许可证",
        "Licence URL": "许可证网址", "Description": "描述", "Vendor ID": "厂商 ID", "Localised family names": "本地化字族名",
        "Units per em": "每 em 单位数", "Formats": "格式", "Generated glyphs over handwriting": "生成字形优先于手写",
        "Fill missing characters": "补全缺少的字符", "Replace the base font's glyphs": "替换基础字体的字形",
        "Tracer": "描摹器", "Upscaling before tracing": "描摹前的放大方式", "Upscaling factor": "放大倍数",
        "Curve merging": "曲线合并", "Clean up outlines": "清理轮廓", "Glyphs touching the edge": "碰到边缘的字形",
        "Side bearing (share of em)": "字侧空白（占 em 比例）", "Curve conversion tolerance": "曲线转换容差",
        "Compare the rendered font": "比对渲染结果", "WOFF2 compression": "WOFF2 压缩",
        # value labels
        "Automatic (a graphics card when there is one)": "自动（有显卡时用显卡）", "Processor (CPU)": "处理器（CPU）",
        "NVIDIA graphics card (CUDA)": "NVIDIA 显卡（CUDA）", "Apple graphics (MPS)": "Apple 图形处理器（MPS）",
        "32 px": "32 像素", "64 px": "64 像素", "128 px": "128 像素", "256 px": "256 像素",
        "3 x 3": "3 × 3", "4 x 4": "4 × 4", "5 x 5": "5 × 5",
        "Hinge": "铰链损失（Hinge）", "Non-saturating (BCE)": "非饱和（BCE）",
        "Wasserstein, gradient penalty": "Wasserstein（梯度惩罚）",
        "Wasserstein, weight clipping (comparison only)": "Wasserstein（权重裁剪，仅供对比）",
        "None (spectral norm alone)": "无（仅谱归一化）", "Batch norm (zi2zi)": "批归一化（zi2zi）",
        "Batch norm": "批归一化", "Instance norm": "实例归一化", "Spectral norm": "谱归一化",
        "Projection and category head": "投影加类别头", "Projection": "投影", "Category head (zi2zi)": "类别头（zi2zi）",
        "Adam": "Adam", "AdamW (with weight decay)": "AdamW（带权重衰减）",
        "Linear decay": "线性衰减", "Cosine decay": "余弦衰减", "Constant": "不变",
        "Shift and cut-out": "平移和挖空", "Shift": "平移", "Cut-out": "挖空", "None": "无",
        "TTF": "TTF", "OTF": "OTF", "WOFF": "WOFF", "WOFF2": "WOFF2", "UFO": "UFO",
        "Automatic": "自动", "potrace (fast)": "potrace（快）", "potrace in Python (slow)": "Python 版 potrace（慢）",
        "Smooth (bicubic)": "平滑（双三次）", "Bilinear": "双线性",
        "Skip them (listed in the report)": "跳过（在报告中列出）", "Keep them": "保留",
        "Smallest file (slow for big fonts)": "最小文件（大字体较慢）", "Fast (about 5% larger)": "快速（约大 5%）",
        # help of the settings in plain view and of the export dialog's
        "How long training runs, counted in small learning steps. Prefer 'Train for' above: it turns minutes into "
        "steps on this computer.": "训练持续多久，以一个个小的学习步数计。建议使用上方的“训练时长”：它会把分钟换算成本机上的步数。",
        "How often the panel on the right shows the model's current glyphs.": "右侧面板多久显示一次模型当前的字形。",
        "How often the model is saved; Stop always saves too.": "模型多久保存一次；点击“停止”时也总会保存。",
        "Share of characters kept aside: the model never trains on them, so they show how well it writes "
        "characters it has not seen.": "留出的字符比例：模型从不在这些字上训练，因此它们能显示模型写没见过的字写得如何。",
        "Faster training on a graphics card; no effect on a CPU.": "在显卡上训练更快；对 CPU 无影响。",
        "Where training runs: the processor or a graphics card.": "在哪里训练：处理器或显卡。",
        "The font's name in menus.": "字体在菜单中显示的名称。",
        "Regular, Bold, Italic…; Bold and Italic set the style bits too.": "Regular、Bold、Italic 等；Bold 和 Italic 也会设置相应的样式位。",
        "The font's version, e.g. 1.002.": "字体版本，例如 1.002。", "Your name, stored in the font.": "你的名字，会写入字体。",
        "The terms people may use the font under.": "他人使用此字体须遵守的条款。",
        "A sentence about the font, stored in it.": "一句关于此字体的说明，会写入字体。",
        "The grid outlines are drawn on; 1000 suits most fonts.": "绘制轮廓所用的网格；大多数字体用 1000 即可。",
        "Left and right space of proportional glyphs, as a share of the em.": "比例字形左右两侧的空白，按 em 的比例计。",
        "Ink touching the canvas edge usually means a cropped glyph; such glyphs are reported either way.":
            "笔画碰到画布边缘通常意味着字形被裁切；无论如何这些字形都会在报告中列出。",
        "Which font files are written.": "要写出哪些字体文件。",
        "How hard WOFF2 files are compressed. The smallest file takes about ten times longer for a file 5% smaller: "
        "23 s instead of 2.4 s for all 6,763 GB2312 characters. Automatic makes the smallest file when that takes "
        "a few seconds and the fast one for big fonts.":
            "WOFF2 文件压缩的力度。最小文件大约要多花十倍时间，文件小 5%：全部 6763 个 GB2312 字符要 23 秒而不是 2.4 秒。"
            "“自动”在只需几秒时生成最小文件，大字体则用快速压缩。",
        # help of the advanced settings
        "How finely the model draws each glyph; larger is sharper and trains several times slower.":
            "模型绘制每个字形的精细程度；越大越清晰，训练也慢好几倍。",
        "The characters the finished font should have: a charset name or a path to a text file.":
            "完成的字体应包含的字符：字符集名称或文本文件路径。",
        "At most this many characters are kept aside, so a big charset does not starve training.":
            "最多留出这么多字符，以免大字符集让训练用字不足。",
        "Which characters are kept aside depends only on this number and the characters.": "留出哪些字符只取决于这个数和字符本身。",
        "Width of the generator's first layer (it doubles down to 8x); wider learns more and runs slower.":
            "生成器第一层的宽度（逐层加倍到 8 倍）；越宽学得越多，运行越慢。",
        "Width of the discriminator's first layer.": "判别器第一层的宽度。",
        "Size of each convolution window (zi2zi-pytorch uses 4, the TensorFlow original 5).":
            "每个卷积窗口的大小（zi2zi-pytorch 用 4，TensorFlow 原版用 5）。",
        "Length of each style's vector, joined at the generator's narrowest point.": "每种风格向量的长度，在生成器最窄处接入。",
        "How many styles the model knows; grows when fine-tuning adds one.": "模型认识的风格数；微调新增风格时会增加。",
        "How the generator's layers are normalised.": "生成器各层的归一化方式。",
        "A norm layer in the discriminator (a norm after spectral norm undoes it).": "判别器中的归一化层（放在谱归一化之后会抵消其作用）。",
        "Keeps the discriminator from overpowering the generator; steadier training.": "防止判别器压倒生成器，训练更稳定。",
        "How the discriminator is told which style a glyph should have.": "告诉判别器字形应属于哪种风格的方式。",
        "Share of the deepest decoder layers' signals dropped while training, so the model does not learn by rote.":
            "训练时在最深的解码层中随机丢弃的信号比例，使模型不死记硬背。",
        "Glyphs learned from at once; lower it when memory runs out.": "一次学习的字形数；内存不足时调小。",
        "How the discriminator's verdict is scored; hinge suits spectral norm (Miyato et al. 2018).":
            "判别器判断结果的计分方式；铰链损失适合谱归一化（Miyato 等，2018）。",
        "How strongly glyphs are pulled towards the target pixels.": "把字形拉向目标像素的力度。",
        "How strongly a generated glyph must encode like its source character.": "生成字形的编码须与源字符一致的力度。",
        "How strongly the discriminator's style guess counts.": "判别器风格判断所占的分量。",
        "Smooths speckled glyphs; 0 turns it off.": "使有杂点的字形更平滑；0 为关闭。",
        "How much more the pixels on the target's strokes count in the L1 pull: fewer broken or missing strokes, "
        "but bolder glyphs a little less like the target's style; 0 counts every pixel alike.":
            "目标字形笔画上的像素在 L1 拉力中加重的倍数：断笔和缺笔更少，但字形更粗，风格稍不像目标；0 表示所有像素同等对待。",
        "Strength of the WGAN-GP gradient penalty.": "WGAN-GP 梯度惩罚的强度。",
        "Classic WGAN weight clipping (comparison only).": "经典 WGAN 的权重裁剪（仅供对比）。",
        "The rule that updates the weights.": "更新权重的规则。",
        "How big the generator's learning steps are.": "生成器每步学习的幅度。",
        "How big the discriminator's learning steps are (TTUR: it learns faster than the generator).":
            "判别器每步学习的幅度（TTUR：它比生成器学得快）。",
        "Adam's momentum.": "Adam 的动量。", "Adam's memory of past step sizes.": "Adam 对以往步长的记忆。",
        "Pulls weights towards zero (AdamW only).": "把权重拉向零（仅 AdamW）。",
        "How the learning rate falls over the steps.": "学习率随步数下降的方式。",
        "The schedule ends at this share of the starting rate.": "调度结束时的学习率占初始学习率的比例。",
        "Generator updates for each discriminator update.": "判别器每更新一次，生成器更新的次数。",
        "Samples, evaluation and export use a running average of the generator, which is steadier; 0 turns it off.":
            "样例、评估和导出使用生成器的滑动平均，更稳定；0 为关闭。",
        "Random shifts and cut-outs of what the discriminator sees, so it cannot learn the few training glyphs by heart.":
            "对判别器看到的图像随机平移和挖空，使它无法死记少量训练字形。",
        "Processor threads training may use; 0 lets the computer decide.": "训练可用的处理器线程数；0 由计算机决定。",
        "The same seed and settings train the same model again.": "相同的种子和设置会再次训练出相同的模型。",
        "Steps between loss reports.": "两次损失报告之间的步数。",
        "Steps between checks on the held-out characters.": "两次检查保留集字符之间的步数。",
        "The last few saved models are kept, plus the best on held-out characters.": "保留最近保存的几个模型，以及保留集上最好的那个。",
        "Held-out characters shown in the sample grid.": "样例网格中显示的保留集字符数。",
        "Fine-tuning: keep the encoder's weights as they are.": "微调：保持编码器的权重不变。",
        "Fine-tuning (FreezeD): keep the discriminator's first blocks as they are; 0 turns it off.":
            "微调（FreezeD）：保持判别器前几个层块不变；0 为关闭。",
        "Fine-tuning: keep training the base model's styles beside the new one.": "微调：在训练新风格的同时继续训练基础模型的风格。",
        "Stop after this many checks without better held-out glyphs; 0 turns it off.": "连续这么多次检查保留集字形都没有变好就停止；0 为关闭。",
        "Share of the planned steps before held-out checks may pick the best model or stop early.":
            "在计划步数的这一比例之前，保留集检查不会选出最佳模型，也不会提前停止训练。",
        "Fine-tuning: also judge held-out glyphs for style when picking the best model.": "微调：挑选最佳模型时也评判保留集字形的风格。",
        "Glyphs you edited or accepted replace a style's targets in training.": "你编辑过或接受的字形在训练中替换该风格的目标字形。",
        "Where the licence can be read.": "可阅读许可证的网址。",
        "Four letters naming the maker (OS/2 achVendID).": "标识制作者的四个字母（OS/2 achVendID）。",
        'The family name in other languages, e.g. {"zh": "我的楷体"}.': '其他语言的字族名，例如 {"zh": "我的楷体"}。',
        "Generated glyphs replace the written ones too.": "生成的字形也替换手写的字形。",
        "Latin letters, digits and punctuation your glyphs lack come from another font, scaled and weighted to match.":
            "你的字形缺少的拉丁字母、数字和标点取自另一个字体，并按比例和粗细调整以相配。",
        "When merging into an existing font, your glyph wins over the base font's for the same character.":
            "合并到现有字体时，同一字符以你的字形为准。",
        "Which potrace turns bitmaps into outlines.": "用哪个 potrace 把位图转为轮廓。",
        "How glyph bitmaps are enlarged before tracing.": "描摹前放大字形位图的方式。",
        "How many times glyph bitmaps are enlarged before tracing.": "描摹前把字形位图放大的倍数。",
        "How freely potrace merges curves; higher gives fewer points.": "potrace 合并曲线的宽松程度；越高点越少。",
        "Drop specks, put points at extremes and remove overlaps.": "去掉杂点、在极值处加点并去除重叠。",
        "How far TrueType's quadratic curves may stray from the traced ones, in units of a 1000-unit em.":
            "TrueType 二次曲线与描摹曲线的最大偏差，以 1000 单位 em 计。",
        "Render the built font back and compare it with the glyph bitmaps in the report.": "把生成的字体渲染回来，并在报告中与字形位图比对。",
    },
    "NewProjectDialog": {  # _estimate_text translates in this context at run time
        "starting from the bundled model, ": "从自带模型开始，",
        "About 15 minutes for a first useful model ({start}about {steps} steps: this computer took {per:.1f} s a step at {size} px). Pick the time on the Train tab.":
            "约 15 分钟得到第一个可用模型（{start}约 {steps} 步：本机在 {size} 像素时每步 {per:.1f} 秒）。在“训练”页选择时长。",
        "About 15 minutes for a first useful model ({start}the Train tab measures this computer's speed and turns the time you pick into steps).":
            "约 15 分钟得到第一个可用模型（{start}“训练”页会测量本机速度，把你选的时长换算成步数）。",
    },
    "Errors": {
        "the device ran out of memory.": "设备内存不足。",
        "Lower the batch size or the image size in the advanced settings, or pick another device.":
            "请在高级设置中调小批大小或图像尺寸，或换一个设备。",
        "Pick another device (for example CPU) in the advanced settings.": "请在高级设置中换一个设备（例如 CPU）。",
        "Check that the font file exists and opens in another program, or choose another font.":
            "请确认字体文件存在且能在其他程序中打开，或换一个字体。",
        "Check the project folder, or create a new project.": "请检查项目文件夹，或新建一个项目。",
        "Delete the damaged checkpoint from the project's checkpoints folder or start training afresh.":
            "请从项目的 checkpoints 文件夹中删除损坏的检查点，或重新开始训练。",
        "Correct the setting in the training form.": "请在训练设置中改正该项。",
        "Check the inputs and try again.": "请检查输入后重试。",
        "an unexpected error occurred ({kind}: {detail}).": "发生了意外错误（{kind}：{detail}）。",
        "Details were written to {path}. Try again; if it keeps happening, report it with that file.":
            "详情已写入 {path}。请重试；若反复出现，请附上该文件报告问题。",
    },
}


def setting_strings() -> list[str]:
    """Every label, help line and value label in core.config's field metadata."""
    import dataclasses

    from core.config import SECTIONS

    texts: list[str] = []
    for cls in SECTIONS.values():
        for f in dataclasses.fields(cls):
            texts += [f.metadata.get("label", ""), f.metadata.get("help", ""), *f.metadata.get("choices", {}).values()]
    return [t for t in dict.fromkeys(texts) if t]


def fill() -> int:
    tree = ET.parse(TS)
    root = tree.getroot()
    contexts = {c.findtext("name"): c for c in root.findall("context")}
    sources = {**EXTRA, "ConfigForm": {**dict.fromkeys(setting_strings(), ""), **EXTRA["ConfigForm"]}}
    for name, table in sources.items():
        ctx = contexts.get(name)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
            contexts[name] = ctx
        known = {m.findtext("source") for m in ctx.findall("message")}
        for source in table:
            if source not in known:
                message = ET.SubElement(ctx, "message")
                ET.SubElement(message, "source").text = source
                ET.SubElement(message, "translation")
    missing = 0
    for ctx in root.findall("context"):
        table = {**ZH, **EXTRA.get(ctx.findtext("name"), {})}
        for message in ctx.findall("message"):
            translation = message.find("translation")
            text = table.get(message.findtext("source"))
            if text is None:
                missing += 1
                continue
            translation.text = text
            translation.attrib.pop("type", None)
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    left = fill()
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    print(f"{TS.name}: compiled; {left} strings still untranslated")
