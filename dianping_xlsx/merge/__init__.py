"""Merging: who stands for which unit (``inbox``, ``roster``), the previous period
(``previous``), and the result with everything the outputs show (``result``, ``summary``)."""
