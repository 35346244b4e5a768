"""workbook: career-pathway content + a person's profile → a personalized study workbook PDF."""

import sys
import types

__version__ = "0.1.0"

# On import ReportLab runs `reportlab_mods` and `reportlab_settings` from the module path, or else
# ~/.reportlab_mods and ~/.reportlab_settings. Empty stand-ins leave it nothing to run.
for _name in ("reportlab_mods", "reportlab_settings"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
