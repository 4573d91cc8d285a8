"""Font naming: the name table strings, localized family names and a safe ASCII PostScript name."""

from __future__ import annotations

import hashlib
import re

from core.config import ExportConfig

_PS_UNSAFE = re.compile(r"[^A-Za-z0-9]")
PS_NAME_LIMIT = 63


def postscript_name(family: str, style: str) -> str:
    """'Family-Style' from ASCII letters and digits only, <= 63 chars.

    A family with no ASCII letters (all CJK) becomes 'zi2zi-' plus a short hash of its name,
    so two different Chinese names never collide and the name stays stable across exports."""
    family_part = _PS_UNSAFE.sub("", family)
    if not family_part:
        digest = hashlib.sha1(family.encode("utf-8")).hexdigest()[:10]
        family_part = f"zi2zi-{digest}"
    style_part = _PS_UNSAFE.sub("", style) or "Regular"
    family_part = family_part[:PS_NAME_LIMIT - len(style_part) - 1]
    return f"{family_part}-{style_part}"


def version_string(version: str) -> str:
    """'Version 1.000' as name ID 5 wants it."""
    text = version.strip() or "1.000"
    return text if text.lower().startswith("version") else f"Version {text}"


def font_revision(version: str) -> float:
    """head.fontRevision from the version's leading number (1.000 when there is none)."""
    match = re.search(r"\d+(\.\d+)?", version)
    return round(float(match.group(0)), 3) if match else 1.0


def name_strings(settings: ExportConfig) -> dict:
    """The mapping FontBuilder.setupNameTable takes: plain strings or {language: string} dicts."""
    family, style = settings.family_name.strip(), settings.style_name.strip() or "Regular"
    ps_name = postscript_name(family, style)
    names = {
        "familyName": _localized(family, settings.localized_family),
        "styleName": style,
        "uniqueFontIdentifier": f"{font_revision(settings.version):.3f};{settings.vendor_id};{ps_name}",
        "fullName": _localized_full(family, style, settings.localized_family),
        "psName": ps_name,
        "version": version_string(settings.version),
    }
    optional = {"designer": settings.designer, "licenseDescription": settings.license,
                "licenseInfoURL": settings.license_url, "description": settings.description}
    names.update({key: value for key, value in optional.items() if value})
    return names


def _localized(default: str, localized: dict[str, str]) -> str | dict[str, str]:
    if not localized:
        return default
    return {"en": default, **localized}


def _localized_full(family: str, style: str, localized: dict[str, str]) -> str | dict[str, str]:
    def full(name: str) -> str:
        return name if style == "Regular" else f"{name} {style}"
    if not localized:
        return full(family)
    return {"en": full(family), **{tag: full(name) for tag, name in localized.items()}}
