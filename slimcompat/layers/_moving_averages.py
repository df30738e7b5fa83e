"""Moving-average updates, with and without zero-debiasing.

Both build the ops, under the names, that TensorFlow's own (private)
`assign_moving_average` builds in graph mode outside a distribution strategy,
so a batch-norm graph matches the reference node for node.
"""

from slimcompat._colocation import colocated_with
from slimcompat._compat import tf


def _rate(variable, decay):
  """``1 - decay`` as a tensor named 'decay', in the variable's dtype."""
  rate = tf.convert_to_tensor(1.0 - decay, name='decay')
  if rate.dtype != variable.dtype.base_dtype:
    rate = tf.cast(rate, variable.dtype.base_dtype)
  return rate


def assign_moving_average(variable, value, decay):
  """Moves `variable` a step towards `value`.

  The step is ``(variable - value) * (1 - decay)``, subtracted in place.

  Args:
    variable: the variable holding the average.
    value: a tensor of the variable's shape.
    decay: a float or float scalar tensor.

  Returns:
    The updated value (reading it runs the update).
  """
  with tf.name_scope(None, 'AssignMovingAvg',
                     [variable, value, decay]) as scope:
    rate = _rate(variable, decay)
    return tf.assign_sub(variable, (variable - value) * rate, name=scope)


def zero_debiased_moving_average(variable, value, decay, make_variable):
  """`assign_moving_average` corrected for its start at zero (Adam's trick).

  An average that starts at 0 leans towards 0 for its first updates.  Here the
  plain average lives in a shadow variable ``biased`` and the number of
  updates in ``local_step`` (both made by `make_variable`, in a variable scope
  named after `variable`: ``BatchNorm/BatchNorm/moving_mean/biased`` for a
  `batch_norm` in scope 'BatchNorm'); `variable` receives
  ``biased / (1 - decay ** local_step)``.

  Args:
    variable: the variable holding the corrected average.
    value: a tensor of the variable's shape.
    decay: a float or float scalar tensor.
    make_variable: called as ``make_variable(name, shape=, dtype=,
      initializer=, trainable=False)`` to create (or, in a reusing scope, get)
      each shadow variable.

  Returns:
    The updated value of `variable` (reading it runs the update).
  """
  graph = tf.get_default_graph()
  with tf.name_scope(None, 'AssignMovingAvg', [variable, value, decay]):
    rate = _rate(variable, decay)
    dtype = variable.dtype.base_dtype
    # The variable's name without ':0' (an eager variable has no .op).
    with tf.variable_scope(variable.name.split(':')[0],
                           values=[variable, value, rate]), \
        colocated_with(variable):
      biased = make_variable(
          _free_shadow_name('biased'), shape=variable.get_shape(),
          dtype=dtype, initializer=tf.zeros_initializer(), trainable=False)
      local_step = make_variable(
          _free_shadow_name('local_step'), shape=[], dtype=dtype,
          initializer=tf.zeros_initializer(), trainable=False)
    new_biased = tf.assign_sub(biased, (biased - value) * rate)
    steps = local_step.assign_add(1)
    correction = 1 - tf.pow(1.0 - rate, steps)
    return tf.assign(variable, new_biased / correction,
                     name=graph.get_name_scope() + '/')


def _free_shadow_name(name):
  """`name`, or `name_1`, `name_2`... when the current scope already has it.

  A second debiased average of one variable (outside a reusing scope) then
  gets fresh shadows instead of failing on the existing ones.
  """
  scope = tf.get_variable_scope()
  if scope.reuse:
    return name
  prefix = scope.name + '/'
  taken = set(v.op.name for v in scope.global_variables())
  candidate, index = name, 0
  while prefix + candidate in taken:
    index += 1
    candidate = '%s_%d' % (name, index)
  return candidate
