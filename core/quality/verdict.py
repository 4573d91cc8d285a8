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


# The sentences, as templates: plain_verdict fills them in English, the app translates each template first.
NO_FIGURES = "No figures for the model: evaluate it again."
READABLE = "About {readable} in 10 unseen characters are readable; the style is recognised in {style} of 10."
READABLE_RELATIVE = ("About {readable} in 10 unseen characters are readable; the style is recognised in {style} "
                     "of 10 (the judges give the real target font {real_content} and {real_style} of 10).")
NOT_LEARNED = "The style is not learned yet: copying the source font scores as well; train longer."
HIGHER, LOWER = "higher is better", "lower is better"
FIGURE = "{name}: {value} ({direction})"
FIGURE_WITH_FLOOR = "{name}: {value} ({direction}; copying the source: {floor})"


def verdict_parts(result: dict) -> list[tuple[str, dict]]:
    """The verdict as (template, values) sentences, so each can be translated before it is filled in."""
    model = _row(result, "model")
    if model is None:
        return [(NO_FIGURES, {})]
    values = {"readable": _in_ten(model["content_accuracy"]), "style": _in_ten(model["style_accuracy"])}
    real = _row(result, "target shifted 1px")
    if real is not None and min(real["content_accuracy"], real["style_accuracy"]) < 0.9:
        # The judges are small and trained on the project's own glyphs; when they miss real glyphs too,
        # the figures are relative, and the sentence says so instead of blaming the model alone.
        parts = [(READABLE_RELATIVE, {**values, "real_content": _in_ten(real["content_accuracy"]),
                                      "real_style": _in_ten(real["style_accuracy"])})]
    else:
        parts = [(READABLE, values)]
    copy = _row(result, "copy source")
    if copy is not None and model["style_accuracy"] <= copy["style_accuracy"]:
        parts.append((NOT_LEARNED, {}))
    return parts


def plain_verdict(result: dict) -> str:
    """'About 9 in 10 unseen characters are readable; the style is recognised in 6 of 10.'"""
    return " ".join(template.format(**values) for template, values in verdict_parts(result))


def figure_parts(result: dict) -> list[tuple[str, dict]]:
    """Each figure as (template, values) with its direction and the copy-the-source floor when there is one;
    values["name"] and values["direction"] are English words the app translates too."""
    model, copy = _row(result, "model"), _row(result, "copy source")
    if model is None:
        return []
    parts = []
    for key, name, higher in FIGURES:
        if key not in model:
            continue
        values = {"name": name, "value": f"{model[key]:.3f}", "direction": HIGHER if higher else LOWER}
        if copy is not None and key in copy:
            parts.append((FIGURE_WITH_FLOOR, {**values, "floor": f"{copy[key]:.3f}"}))
        else:
            parts.append((FIGURE, values))
    return parts


def figure_lines(result: dict) -> list[str]:
    """Each figure with its direction and the copy-the-source floor beside it, for the lines under the verdict."""
    return [template.format(**values) for template, values in figure_parts(result)]
