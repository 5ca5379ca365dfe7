"""Template engine: compile a .docx template once, render contexts to document bytes.

`documents/` speaks to this package only through `DocxTemplate`, `Image` and `Properties`;
zip files and WordprocessingML stay in here.
"""

from .engine import DocxTemplate, Properties
from .errors import TemplateProblem
from .images import Image

__all__ = ["DocxTemplate", "Image", "Properties", "TemplateProblem"]
