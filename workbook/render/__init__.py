"""Plan + content → PDF bytes: fonts, theme, page templates, document assembly."""

from reportlab import rl_config

# Pinned whatever RL_* variables or settings files say: nothing is ever fetched or opened for an
# image or link, and colour names are parsed, never evaluated (CVE-2023-33733 ran code that way).
rl_config.trustedHosts = None
rl_config.trustedSchemes = []
rl_config.toColorCanUse = None
