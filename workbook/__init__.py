"""workbook: career-pathway content + a person's profile → a personalized study workbook PDF."""

__version__ = "0.1.0"
