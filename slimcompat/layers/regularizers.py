"""tf_slim.layers.regularizers: weight penalties for layers and their sum.

A regularizer is a function of a weight tensor returning a scalar loss tensor
(or None).  Layers call it on their weights and add the result to the
REGULARIZATION_LOSSES collection.
"""

import numbers

from slimcompat._compat import tf as _tf

__all__ = ['l1_regularizer',
           'l2_regularizer',
           'l1_l2_regularizer',
           'sum_regularizer',
           'apply_regularization']


def _reject_integer(scale, what):
  """Raises ValueError for a Python integer scale (tf-slim wants floats)."""
  if isinstance(scale, numbers.Integral):
    raise ValueError('%s cannot be an integer: %s; pass a float such as %s.0.'
                     % (what, scale, scale))


def _check_scale(scale, what):
  """Returns False when `scale` is a number equal to 0 (regularizer off).

  Raises:
    ValueError: if `scale` is a Python integer or a negative number.
  """
  _reject_integer(scale, what)
  if isinstance(scale, numbers.Real):
    if scale < 0.:
      raise ValueError('Setting a scale less than 0 on a regularizer: %g; use '
                       'a scale >= 0.' % scale)
    if scale == 0.:
      _tf.logging.info('Scale of 0 disables regularizer.')
      return False
  return True


def _scaled_penalty(scale, scope, default_name, penalty):
  """A regularizer computing ``scale * penalty(weights)`` under a name scope
  whose name is also the name of the result."""

  def regularizer(weights):
    with _tf.name_scope(scope, default_name, [weights]) as name:
      scale_tensor = _tf.convert_to_tensor(
          scale, dtype=weights.dtype.base_dtype, name='scale')
      return _tf.multiply(scale_tensor, penalty(weights), name=name)

  return regularizer


def l1_regularizer(scale, scope=None):
  """Returns ``fn(weights) = scale * sum(|weights|)``; it favours sparsity.

  Args:
    scale: a float or scalar tensor; 0.0 disables the regularizer.
    scope: optional name scope (default 'l1_regularizer').

  Returns:
    The regularizer function (one that returns None when scale is 0.0).

  Raises:
    ValueError: if `scale` is negative or a Python integer.
  """
  if not _check_scale(scale, 'scale'):
    return lambda _: None
  penalty = _scaled_penalty(scale, scope, 'l1_regularizer',
                            lambda w: _tf.reduce_sum(_tf.abs(w)))

  def l1(weights, name=None):
    return penalty(weights)

  return l1


def l2_regularizer(scale, scope=None):
  """Returns ``fn(weights) = scale * sum(weights ** 2) / 2`` (`tf.nn.l2_loss`).

  Arguments, result and errors as in `l1_regularizer`; the default scope is
  'l2_regularizer'.
  """
  if not _check_scale(scale, 'scale'):
    return lambda _: None
  penalty = _scaled_penalty(scale, scope, 'l2_regularizer', _tf.nn.l2_loss)

  def l2(weights):
    return penalty(weights)

  return l2


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
  """Returns the sum of an L1 and an L2 regularizer.

  Args:
    scale_l1: float scale of the L1 term; 0.0 leaves only the L2 term.
    scale_l2: float scale of the L2 term; 0.0 leaves only the L1 term.
    scope: optional name scope (default 'l1_l2_regularizer').

  Returns:
    The regularizer function.

  Raises:
    ValueError: if a scale is negative or a Python integer.
  """
  _reject_integer(scale_l1, 'scale_l1')
  _reject_integer(scale_l2, 'scale_l2')
  name = scope or 'l1_l2_regularizer'
  # A zero scale drops its term; the term left is named like the combination.
  if scale_l1 == 0.:
    lone_term, lone_scale = l2_regularizer, scale_l2
  elif scale_l2 == 0.:
    lone_term, lone_scale = l1_regularizer, scale_l1
  else:
    terms = [l1_regularizer(scale_l1), l2_regularizer(scale_l2)]
    return sum_regularizer(terms, scope=name)
  return lone_term(lone_scale, name)


def sum_regularizer(regularizer_list, scope=None):
  """Returns a regularizer adding up the losses of `regularizer_list`.

  Args:
    regularizer_list: regularizer functions; None entries are skipped.
    scope: optional name scope (default 'sum_regularizer').

  Returns:
    The regularizer function (it returns None when every term is None), or
    None when the list holds no regularizer.
  """
  regularizer_list = [reg for reg in regularizer_list if reg is not None]
  if not regularizer_list:
    return None

  def sum_reg(weights):
    with _tf.name_scope(scope, 'sum_regularizer', [weights]) as name:
      losses = [reg(weights) for reg in regularizer_list]
      losses = [loss for loss in losses if loss is not None]
      return _tf.add_n(losses, name=name) if losses else None

  return sum_reg


def apply_regularization(regularizer, weights_list=None):
  """Sums `regularizer` over `weights_list` and adds the sum to
  REGULARIZATION_LOSSES.

  Args:
    regularizer: a function of one tensor returning a scalar tensor or None
      (counted as 0).
    weights_list: tensors or variables; the WEIGHTS collection when empty.

  Returns:
    The summed penalty, a scalar tensor named 'get_regularization_penalty'.

  Raises:
    ValueError: if there are no weights, or the regularizer returns a tensor
      that is not a scalar.
  """
  weights = weights_list or _tf.get_collection(_tf.GraphKeys.WEIGHTS)
  if not weights:
    raise ValueError('No weights to regularize: pass weights_list or add the '
                     'weights to the tf.GraphKeys.WEIGHTS collection.')
  with _tf.name_scope('get_regularization_penalty', values=weights) as scope:
    total = _tf.add_n(_scalar_penalties(regularizer, weights), name=scope)
  _tf.add_to_collection(_tf.GraphKeys.REGULARIZATION_LOSSES, total)
  return total


def _scalar_penalties(regularizer, weights):
  """`regularizer` of every tensor in `weights`, a None result read as 0.0.

  Raises:
    ValueError: if a penalty is not a scalar.
  """
  # parity: every penalty is built before the zeros that stand for None.
  penalties = [regularizer(tensor) for tensor in weights]
  penalties = [_tf.constant(0.0) if p is None else p for p in penalties]
  ranks = [p.get_shape().ndims for p in penalties]
  for rank in ranks:
    if rank != 0:
      raise ValueError('regularizer must return a scalar Tensor instead of a '
                       'Tensor with rank %s; reduce its penalty to one '
                       'number (e.g. with tf.reduce_sum).' % rank)
  return penalties
