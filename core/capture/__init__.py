"""Handwriting capture: printable writing templates and glyph extraction from their scans (no Qt)."""

from __future__ import annotations

from core.errors import CoreError


class CaptureError(CoreError):
    """A template cannot be made, or a scan cannot be read, located or matched to its template."""
