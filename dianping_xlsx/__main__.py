"""python -m dianping_xlsx: the same as the dianping command."""

from .cli import run

run()
