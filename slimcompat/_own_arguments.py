"""A function's own arguments, read from its `locals()` on entry.

Public functions whose signature tf_slim fixes and whose body only hands its
arguments on pass them as ``own_arguments(locals())`` instead of re-listing
every parameter.  When such a function is called inside a `tf.function`,
TensorFlow's autograph converts it, and the converted function's `locals()`
also holds autograph's own bookkeeping names; those are dropped here, so the
result is the parameters (in their order) whether the function was converted
or not.  `tests/test_own_arguments.py` calls every such function inside a
`tf.function` and checks that each `locals()` in the package goes through
here.
"""

from typing import Any, Dict, Mapping

# What autograph adds to the locals of a function it converts (TF 2.12 to
# 2.21); none of them can be a slim parameter name.
_AUTOGRAPH_NAMES = frozenset(('ag__', 'do_return', 'fscope', 'retval_'))


def own_arguments(values: Mapping[str, Any]) -> Dict[str, Any]:
  """`values` (a function's `locals()` read first thing) without autograph's
  names: {parameter: argument}, in parameter order."""
  return {name: value for name, value in values.items()
          if name not in _AUTOGRAPH_NAMES}
