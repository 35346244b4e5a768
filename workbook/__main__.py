"""python -m workbook → the CLI."""

from workbook.cli import main

main()
