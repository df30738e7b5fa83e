"""Stand-in for ``tensorflow.contrib.framework`` and for TF 1.x's
``tensorflow.contrib.framework.python.ops``: the names slim provides there
(arg_scope, variables, global step and checkpoint helpers, graph lookups)."""

from slimcompat.ops.arg_scope import *
from slimcompat.ops.framework_ops import *
from slimcompat.ops.variables import *
from slimcompat.contrib._keep_names import keep_names
# TF 1.x's framework/python/ops package also had these modules as attributes.
from slimcompat.ops import framework_ops as ops
from slimcompat.ops import variables
from slimcompat.contrib._missing import missing_name_error

keep_names(__name__)
# A package to the import system, so that `from ... import x` of a refused
# TF 1.x submodule reaches the alias finder and gets its hinted error.
__path__ = []


def __getattr__(name):
  raise missing_name_error('tf.contrib.framework', name)
