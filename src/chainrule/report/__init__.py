"""``chainrule report``: the lab rebuilt in one call, as Markdown, HTML and figures.

The report writes no mathematics of its own: each section assembles what a library
call computes (:func:`chainrule.graph.tracing.trace` for Task 3, and so on). Its names
load their modules on first use, so ``chainrule report --help`` needs neither
matplotlib nor SymPy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.lazy_exports import lazy_getattr

if TYPE_CHECKING:
    from chainrule.report.build import Report, build_report
    from chainrule.report.config import LabConfig, config_from_dict, load_config, to_toml
    from chainrule.report.output import FORMATS
    from chainrule.words import LANGUAGES

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "FORMATS": "chainrule.report.output",
    "LANGUAGES": "chainrule.words",
    "LabConfig": "chainrule.report.config",
    "Report": "chainrule.report.build",
    "build_report": "chainrule.report.build",
    "config_from_dict": "chainrule.report.config",
    "load_config": "chainrule.report.config",
    "to_toml": "chainrule.report.config",
}

__getattr__ = lazy_getattr(__name__, _LAZY)

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
