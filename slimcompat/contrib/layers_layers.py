"""Stand-in for TF 1.x's ``tensorflow.contrib.layers.python.layers.layers``:
slim's layers module plus the two private helpers code of that era reached
into it for (``_build_variable_getter``, ``_add_variable_to_collections``)."""

from slimcompat.layers.layers import *
from slimcompat.contrib._variable_getter import _add_variable_to_collections
from slimcompat.contrib._variable_getter import _build_variable_getter
