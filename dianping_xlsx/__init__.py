"""dianping-xlsx: templates, checks and merging of the 领导点评 / 群众评议 statistics tables."""

__version__ = "0.1.0"
