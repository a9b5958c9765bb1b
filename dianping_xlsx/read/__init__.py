"""Reading: a pre-scan of every file before parsing (``prescan``), its sheets as grids
(``grids``), the statistics tables found by their labels (``locate``) and the mass
evaluations (``evaluations``)."""
