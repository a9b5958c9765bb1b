"""Rendering: the official layout (``layout``), templates and forms, the summary workbook,
summary.csv, return files, and the text a clerk reads on the console (``console``)."""
