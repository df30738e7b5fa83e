"""Dry runs: checking a chain of layer calls before building any of them.

`repeat` and `stack` call one layer several times in a row, each call fed by
the previous one's output.  A bad argument of the third call would surface
only after the first two had created their variables.  So before building,
they call every step once more in a *dry run*: the layer is called for real
(through its arg_scope wrapper and any functools.partial, so arguments bind
and arg_scope defaults apply exactly as they will), with a `Spec` (static
shape and dtype) in place of its input tensor, and runs its own argument
checks; where it would open its scope it returns the `Spec` of its output
instead.  A check that fails raises what the real call would raise, before
anything exists.

Only layers that `register` for a dry run are called this way: a function
unknown to slimcompat would build for real.  A layer whose output cannot be
predicted (an activation or normalizer that may change the shape, an output
size TensorFlow would refuse) returns None, and the steps after it are left
to the real calls.  One order differs from building step by step: where an
earlier step passes its checks but TensorFlow refuses it while building
(something no check can foresee, e.g. a user initializer that fails only on
the real variable), a bad argument of a later step is reported instead.
"""

import collections
import contextlib
import functools
import threading

from slimcompat._compat import tf
from slimcompat._compat import tf2

__all__ = ['Spec', 'active', 'dry_running', 'input_spec', 'output',
           'register', 'supports']


class Spec(collections.namedtuple('Spec', 'shape dtype')):
  """What a dry run knows of a tensor: its static shape and base dtype."""


_STATE = threading.local()
_SUPPORTED = set()


def register(layer):
  """Marks the public function `layer` (as users call it) as one whose body
  returns `output(...)` when `active()`, before opening its scope."""
  _SUPPORTED.add(layer)
  return layer


def supports(layer):
  """Whether calling `layer` in a dry run only checks (never builds)."""
  while isinstance(layer, functools.partial):
    layer = layer.func
  try:
    return layer in _SUPPORTED
  except TypeError:  # an unhashable callable
    return False


def active():
  """True inside `dry_running()`: a supported layer must return its output's
  `Spec` (see `output`) instead of building."""
  return getattr(_STATE, 'active', False)


@contextlib.contextmanager
def dry_running():
  """Within it, calls of supported layers only check (see `active`)."""
  outer = active()
  _STATE.active = True
  try:
    yield
  finally:
    _STATE.active = outer


def input_spec(value):
  """The `Spec` of ``tf.convert_to_tensor(value)``, or None if it cannot be
  known without adding to the graph (a value that is not a tensor is
  converted in a scratch graph; one holding tensors of the user's graph
  cannot be)."""
  if isinstance(value, (tf2.Tensor, tf2.Variable)):
    return Spec(value.shape, value.dtype.base_dtype)
  with tf.Graph().as_default():
    try:
      tensor = tf.convert_to_tensor(value)
    except Exception:
      return None  # the real conversion, inside the scope, decides
  return Spec(tensor.shape, tensor.dtype.base_dtype)


def output(dims, dtype, activation_fn=None, normalizer_fn=None):
  """What a supported layer returns in a dry run.

  Args:
    dims: a function of no arguments returning the static output shape
      before normalizer and activation (a list or a TensorShape; None, or an
      exception, if the layer cannot tell).
    dtype: the output's dtype.
    activation_fn: the layer's activation, ...
    normalizer_fn: ... and normalizer; unless both keep the shape and dtype
      (see `_keeps_shape`), the output is unpredictable.

  Returns:
    A `Spec`, or None when the output cannot be predicted.
  """
  if not (_keeps_shape(activation_fn) and _keeps_shape(normalizer_fn)):
    return None
  try:
    dims = dims()
    if dims is None:
      return None
    shape = tf.TensorShape(dims)
  except Exception:
    return None  # e.g. a negative size: the real call fails in TensorFlow
  return Spec(shape, dtype)


# slim's own normalizers and activations that keep shape and dtype; each
# file adds its function with `keeps_shape` (so this module needs none of
# them).
_SLIM_SHAPE_KEEPERS = set()


def keeps_shape(fn):
  """Marks slim's public `fn` (an activation or normalizer) as one whose
  output has its input's shape and dtype."""
  _SLIM_SHAPE_KEEPERS.add(fn)
  return fn


@functools.lru_cache(maxsize=None)
def _tf_shape_keepers():
  """TensorFlow's activations known to keep shape and dtype."""
  keepers = {tf.identity}
  for module in (tf.nn, tf2.nn, tf.math, tf2.math, tf, tf2):
    for name in ('relu', 'relu6', 'elu', 'selu', 'leaky_relu', 'sigmoid',
                 'tanh', 'softplus', 'softsign', 'swish', 'silu', 'gelu',
                 'softmax', 'log_softmax', 'identity'):
      fn = getattr(module, name, None)
      if fn is not None:
        keepers.add(fn)
  return frozenset(keepers)


def _keeps_shape(fn):
  if fn is None:
    return True
  try:
    return fn in _SLIM_SHAPE_KEEPERS or fn in _tf_shape_keepers()
  except TypeError:  # an unhashable callable
    return False
