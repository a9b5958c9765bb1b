"""The specifications, as data: table sets (附件1–3), their rules, item sets (附件4–5) and
ledger sets (台账).

Nothing in the code names a category, a row label or a title: every label comes from a
TOML file shipped in ``tablesets/``, ``itemsets/`` or ``ledgersets/`` (or given as a path). A spec is
loaded and checked once, in the parent process; it pickles by its source text, so a
worker (or another program) rebuilds exactly the same object.
"""

from .items import DEFAULT_ITEM_SET, Form, ItemSet, load_item_set
from .ledgers import DEFAULT_LEDGER_SET, Column, Ledger, LedgerSet, load_ledger_set
from .tables import (DEFAULT_TABLE_SET, Key, Round, Row, SpecError, Sum, Table, TableSet,
                     load_table_set)

__all__ = ["DEFAULT_ITEM_SET", "DEFAULT_LEDGER_SET", "DEFAULT_TABLE_SET", "Column", "Form", "ItemSet", "Key",
           "Ledger", "LedgerSet", "Round", "Row", "SpecError", "Sum", "Table", "TableSet", "load_item_set",
           "load_ledger_set", "load_table_set"]
