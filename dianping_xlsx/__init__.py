"""dianping-xlsx: templates, checks and merging of the 领导点评 / 群众评议 statistics tables.

The library's public face (see ``api``)::

    from dianping_xlsx import merge_inbox
    result = merge_inbox("收件箱", period="2011-H1")
    df = result.to_frame()          # pip install "dianping-xlsx[pandas]"
    df.groupby(["kind", "category"])["value"].sum()
"""

__version__ = "0.2.0"

from .api import *  # noqa: E402,F401,F403 - the public face
from .api import __all__  # noqa: E402,F401
