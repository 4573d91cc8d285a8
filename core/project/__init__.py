"""The project folder's one owner: the Project model, its layout, which glyph wins, and review marks."""

from core.project.layout import FOLDERS, LOCK_FILE, PROJECT_FILE
from core.project.model import (
    PROJECT_FORMAT,
    RESOURCE_PREFIX,
    FontRef,
    Project,
    Style,
    TrainingLock,
    busy_message,
    handwriting_codepoints,
    pick_held_out_styles,
    training_holder,
)

__all__ = [
    "FOLDERS",
    "LOCK_FILE",
    "PROJECT_FILE",
    "PROJECT_FORMAT",
    "RESOURCE_PREFIX",
    "FontRef",
    "Project",
    "Style",
    "TrainingLock",
    "busy_message",
    "handwriting_codepoints",
    "pick_held_out_styles",
    "training_holder",
]
