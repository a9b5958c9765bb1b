"""Checking: each workbook read and checked in a worker process (``pool``), its values
checked and kept compact (``workbook``, ``compact``); ``files`` is a unit's self-check."""
