"""The result of an evaluation in plain words: one verdict sentence, then each figure with its direction.

One function says it, so `zi2zi eval` and the app's Evaluate button always agree. The verdict rests on the
two judges a designer can read without a manual: "readable" is the share of unseen characters the content
classifier names correctly, "style recognised" the share the style classifier gives to the intended font.
"""

from __future__ import annotations

# key -> (plain name, True when higher is better)
FIGURES = (("content_accuracy", "readable (content judge)", True),
           ("style_accuracy", "style recognised (style judge)", True),
           ("l1", "pixel difference L1", False),
           ("ssim", "structural similarity SSIM", True),
           ("ink_iou", "ink overlap IoU", True),
           ("chamfer", "outline distance (Chamfer)", False),
           ("hausdorff95", "worst outline distance (HD95)", False),
           ("rmse", "pixel difference RMSE", False),
           ("frechet", "feature distance (FD)", False))


def _row(result: dict, name: str) -> dict | None:
    return next((r for r in result.get("overall", []) if r.get("name") == name), None)


def _in_ten(share: float) -> int:
    return max(0, min(10, round(share * 10)))


def plain_verdict(result: dict) -> str:
    """'About 9 in 10 unseen characters are readable; the style is recognised in 6 of 10.'"""
    model = _row(result, "model")
    if model is None:
        return "No figures for the model: evaluate it again."
    readable, style = _in_ten(model["content_accuracy"]), _in_ten(model["style_accuracy"])
    sentence = (f"About {readable} in 10 unseen characters are readable; "
                f"the style is recognised in {style} of 10.")
    real = _row(result, "target shifted 1px")
    if real is not None and min(real["content_accuracy"], real["style_accuracy"]) < 0.9:
        # The judges are small and trained on the project's own glyphs; when they miss real glyphs too,
        # the figures are relative, and the sentence says so instead of blaming the model alone.
        sentence = sentence[:-1] + (f" (the judges give the real target font {_in_ten(real['content_accuracy'])} "
                                    f"and {_in_ten(real['style_accuracy'])} of 10).")
    copy = _row(result, "copy source")
    if copy is not None and model["style_accuracy"] <= copy["style_accuracy"]:
        sentence += " The style is not learned yet: copying the source font scores as well; train longer."
    return sentence


def figure_lines(result: dict) -> list[str]:
    """Each figure with its direction and the copy-the-source floor beside it, for the lines under the verdict."""
    model, copy = _row(result, "model"), _row(result, "copy source")
    if model is None:
        return []
    lines = []
    for key, name, higher in FIGURES:
        if key not in model:
            continue
        direction = "higher is better" if higher else "lower is better"
        floor = f"; copying the source: {copy[key]:.3f}" if copy is not None and key in copy else ""
        lines.append(f"{name}: {model[key]:.3f} ({direction}{floor})")
    return lines
