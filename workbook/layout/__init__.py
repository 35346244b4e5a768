"""Plan + content → the workbook's sections as flowables, in reading order."""
