"""``chainrule report``: the lab rebuilt in one call, as Markdown, HTML and figures.

The report writes no mathematics of its own: each section assembles what a library
call computes (:func:`chainrule.tracing.trace` for Task 3, and so on).
"""

from chainrule.report.build import FORMATS, Report, build_report
from chainrule.report.config import LabConfig, config_from_dict, load_config, to_toml
from chainrule.report.i18n import LANGUAGES

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "LabConfig",
    "Report",
    "build_report",
    "config_from_dict",
    "load_config",
    "to_toml",
]
