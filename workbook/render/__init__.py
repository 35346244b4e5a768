"""Plan + content → PDF bytes: fonts, theme, page templates, document assembly."""
