"""dropout: `tf.nn.dropout` while training, the identity otherwise.

The graph matches tf-slim's, which builds the layer through a legacy layer
object: under the 'Dropout' variable scope that object re-enters the scope
once (reserving the name ``Dropout/Dropout``), so `tf.nn.dropout`'s own scope
becomes ``Dropout/dropout_1`` and the training output is
``Dropout/dropout_1/SelectV2`` on every supported TensorFlow.
"""

import numbers
import operator
import weakref

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _constant_folding
from slimcompat.layers import _dry_run
from slimcompat.layers import utils
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['dropout']

# graph -> the bool placeholder (default False) used when is_training=None.
_LEARNING_PHASES = weakref.WeakKeyDictionary()


def _learning_phase():
  """The graph-wide 'keras_learning_phase' placeholder tf-slim falls back to
  when `is_training` is None (it defaults to False, i.e. inference)."""
  graph = tf.get_default_graph()
  phase = _LEARNING_PHASES.get(graph)
  if phase is None:
    with graph.name_scope(''):
      phase = tf.placeholder_with_default(
          False, shape=(), name='keras_learning_phase')
    _LEARNING_PHASES[graph] = phase
  return phase


def _training_mode(is_training):
  """A Python bool when the mode is known at build time, else the tensor."""
  if is_training is None:
    is_training = _learning_phase()
  if isinstance(is_training, tf2.Variable):
    return is_training
  if isinstance(is_training, tf2.Tensor):
    known = _constant_folding.fold_constant(is_training)
    return is_training if known is None else bool(known)
  if isinstance(is_training, bool) or is_training in (0, 1):
    return bool(is_training)
  raise TypeError('is_training must be a Python bool, 0 or 1, or a bool '
                  'Tensor; got %r of type %s.' %
                  (is_training, type(is_training).__name__))


def _noise_shape(inputs, noise_shape):
  """`noise_shape` with every None replaced by the input's runtime size."""
  if noise_shape is None:
    return None
  runtime_shape = tf.shape(inputs)
  try:
    dims = [runtime_shape[i] if size is None else size
            for i, size in enumerate(noise_shape)]
  except TypeError as err:  # a graph Tensor cannot be iterated
    raise TypeError('noise_shape must be None or a list/tuple of sizes (None '
                    'for "as the input"), got %r.' % (noise_shape,)) from err
  return tf.convert_to_tensor(dims)


def _check_arguments(inputs, keep_prob, noise_shape, is_training,
                     outputs_collections, seed):
  """dropout's checks, made before its scope opens."""
  if inputs is None:
    raise ValueError('dropout: inputs is None: pass a floating point tensor. '
                     'None values not supported.')
  dtype = _layer_argcheck.static_dtype(inputs)
  if dtype is not None and not dtype.is_floating:
    raise ValueError('dropout: the inputs are %s, but dropout scales them, '
                     'so `x.dtype` must be a floating point tensor; cast them '
                     'to float first.' % dtype.name)
  expected = 'a probability in [0, 1] (a float or scalar tensor)'
  if keep_prob is None or isinstance(keep_prob, str):
    raise _argcheck.error(TypeError, 'dropout', 'keep_prob', keep_prob,
                          expected, 'Pass e.g. keep_prob=0.5.')
  if isinstance(keep_prob, (int, float)):
    trains = is_training is not False and is_training != 0
    if not 0 <= keep_prob <= 1 or (keep_prob == 0 and trains):
      raise _argcheck.error(ValueError, 'dropout', 'keep_prob', keep_prob,
                            expected + ', above 0 while training',
                            'Pass e.g. keep_prob=0.5.')
  if not (is_training is None or tf.is_tensor(is_training) or
          isinstance(is_training, (bool, tf2.Variable)) or
          is_training in (0, 1)):
    raise _argcheck.error(TypeError, 'dropout', 'is_training', is_training,
                          'a Python bool, 0 or 1, or a bool tensor',
                          'Pass e.g. is_training=True while training.')
  if noise_shape is not None and not _is_sequence(noise_shape):
    raise _argcheck.error(TypeError, 'dropout', 'noise_shape', noise_shape,
                          'None or a list of sizes (None for "as the input")',
                          'Pass e.g. noise_shape=[None, 1, 1, None].')
  _noise_shape_broadcasts(inputs, noise_shape)
  if seed is not None and (isinstance(seed, bool) or
                           not _is_index(seed)):
    raise _argcheck.error(TypeError, 'dropout', 'seed', seed,
                          'None or an int', 'Pass e.g. seed=1.')
  _argcheck.collections_argument('dropout', 'outputs_collections',
                                 outputs_collections)


def _is_sequence(value):
  """A list, tuple, TensorShape or NumPy array: what the reference iterates
  (a string or a tensor is not)."""
  if isinstance(value, (str, bytes)) or tf.is_tensor(value):
    return False
  try:
    iter(value)
  except TypeError:
    return False
  return True


def _is_index(value):
  """An int, a NumPy integer or a 0-d integer array (not a bool)."""
  try:
    operator.index(value)
  except TypeError:
    return False
  return True


def _noise_shape_broadcasts(inputs, noise_shape):
  """Raises ValueError for a static `noise_shape` that does not broadcast
  against the input's static shape (TensorFlow would find it only after
  the layer had made its ops)."""
  shape = _layer_argcheck.static_shape(inputs)
  if noise_shape is None or shape is None or shape.rank is None:
    return
  noise_shape = [tf.dimension_value(size) if isinstance(size, tf.Dimension)
                 else size for size in noise_shape]
  if not all(size is None or isinstance(size, numbers.Integral)
             for size in noise_shape):
    return  # tensors in it: TensorFlow judges it when it runs
  dims = shape.as_list()
  sizes = [dims[i] if size is None and i < len(dims) else size
           for i, size in enumerate(noise_shape)]
  try:
    tf.broadcast_static_shape(shape, tf.TensorShape(sizes))
  except ValueError:
    raise _argcheck.error(
        ValueError, 'dropout', 'noise_shape', noise_shape,
        'sizes that broadcast against the input shape %s (each 1, None or '
        'the input\'s size)' % shape,
        'Pass e.g. noise_shape=[None, 1, 1, None].') from None


@add_arg_scope
def dropout(inputs,
            keep_prob=0.5,
            noise_shape=None,
            is_training=True,
            outputs_collections=None,
            scope=None,
            seed=None):
  """Keeps each element with probability `keep_prob`, scaled by 1/keep_prob.

  Args:
    inputs: a floating point tensor.
    keep_prob: the probability of keeping an element (a float or a scalar
      tensor).
    noise_shape: the shape of the random keep/drop mask, broadcast against
      `inputs`; None entries take the input's size.
    is_training: Python bool or bool tensor; when false the input passes
      through unchanged (as an Identity op). None uses a graph-wide
      placeholder that defaults to False.
    outputs_collections: collections to add the output to.
    scope: variable scope (default 'Dropout').
    seed: Python int seed for the random mask.

  Returns:
    A tensor of the input's shape and dtype.

  Raises:
    ValueError: if `keep_prob` is a number outside [0, 1] or the input is not
      floating point.
    TypeError: if `is_training` is not a bool, 0/1 or a tensor.
  """
  _check_arguments(inputs, keep_prob, noise_shape, is_training,
                   outputs_collections, seed)
  if _dry_run.active():
    # The input's shape, unless a mask shape or a tensor keep_prob could
    # still be refused by TensorFlow.
    return _dry_run.output(
        lambda: (_layer_argcheck.static_shape(inputs) if noise_shape is None and
                 isinstance(keep_prob, (int, float)) else None),
        _layer_argcheck.static_dtype(inputs))
  with tf.variable_scope(scope, 'Dropout', [inputs]) as sc:
    inputs = tf.convert_to_tensor(inputs)
    rate = 1 - keep_prob
    # Re-entering the scope reserves the same inner name tf-slim's layer
    # object reserves, so the ops below get the reference's names.
    with tf.variable_scope(sc):
      pass
    if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
      raise ValueError('keep_prob must be in [0, 1], got %r.' % (keep_prob,))
    training = _training_mode(is_training)

    def dropped():
      return tf.nn.dropout(inputs, noise_shape=_noise_shape(inputs,
                                                            noise_shape),
                           seed=seed, rate=rate)

    def kept():
      return tf.identity(inputs)

    if isinstance(training, bool):
      outputs = dropped() if training else kept()
    else:
      outputs = tf.cond(training, dropped, kept)
    return utils.collect_named_outputs(outputs_collections, sc.name, outputs)


_dry_run.register(dropout)
