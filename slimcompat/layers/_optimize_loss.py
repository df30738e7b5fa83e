"""optimize_loss: one call from a loss to a training op (tf.contrib.layers)."""

from slimcompat._colocation import identity_after
from slimcompat._compat import tf

__all__ = ['OPTIMIZER_CLS_NAMES', 'OPTIMIZER_SUMMARIES', 'optimize_loss']


def _momentum_optimizer(learning_rate):
  """MomentumOptimizer with momentum 0.9 (the table's "Momentum" entry)."""
  return tf.train.MomentumOptimizer(learning_rate, momentum=0.9)


OPTIMIZER_CLS_NAMES = {
    'Adagrad': tf.train.AdagradOptimizer,
    'Adam': tf.train.AdamOptimizer,
    'Ftrl': tf.train.FtrlOptimizer,
    'Momentum': _momentum_optimizer,
    'RMSProp': tf.train.RMSPropOptimizer,
    'SGD': tf.train.GradientDescentOptimizer,
}

OPTIMIZER_SUMMARIES = [
    'learning_rate',
    'loss',
    'gradients',
    'gradient_norm',
    'global_gradient_norm',
]

_DEFAULT_SUMMARIES = ['loss', 'learning_rate', 'global_gradient_norm']


def _check_arguments(learning_rate, optimizer, summaries, clip_gradients,
                     learning_rate_decay_fn, global_step):
  """Raises ValueError for the bad arguments that are known before building."""
  if learning_rate is not None:
    if isinstance(learning_rate, tf.Tensor):
      if learning_rate.get_shape().ndims != 0:
        raise ValueError(
            'learning_rate must be a scalar (0-d) Tensor or a Python float, '
            'got a Tensor of shape %s.' % learning_rate.get_shape())
    elif isinstance(learning_rate, float):
      if learning_rate < 0.0:
        raise ValueError('learning_rate must not be negative, got %s.' %
                         learning_rate)
    else:
      raise ValueError(
          'learning_rate must be a scalar (0-d) Tensor or a Python float, '
          'got %r of type %s.' % (learning_rate, type(learning_rate)))
  for summary in summaries or ():
    if summary not in OPTIMIZER_SUMMARIES:
      raise ValueError('Unknown summary %r; each entry of summaries must be '
                       'one of [%s].' % (summary, ', '.join(OPTIMIZER_SUMMARIES)))
  if learning_rate is not None and learning_rate_decay_fn is not None:
    if global_step is None:
      raise ValueError(
          'global_step is required for learning_rate_decay_fn: pass one, or '
          'create it first with tf.train.get_or_create_global_step().')
  if isinstance(optimizer, str):
    if learning_rate is None:
      raise ValueError('optimizer %r is a name, so learning_rate must be given '
                       '(it is None).' % optimizer)
    if optimizer not in OPTIMIZER_CLS_NAMES:
      raise ValueError('Unknown optimizer name %r; use one of [%s].' %
                       (optimizer, ', '.join(OPTIMIZER_CLS_NAMES)))
  elif isinstance(optimizer, type) and issubclass(optimizer, tf.train.Optimizer):
    if learning_rate is None:
      raise ValueError('optimizer %s is a class, so learning_rate must be given '
                       '(it is None).' % optimizer)
  elif not (isinstance(optimizer, tf.train.Optimizer) or callable(optimizer)):
    raise ValueError(
        'Unrecognized optimizer %r: pass a name from OPTIMIZER_CLS_NAMES, a '
        'tf.compat.v1.train.Optimizer subclass or instance, or a function '
        'returning an Optimizer.' % (optimizer,))
  if not (clip_gradients is None or isinstance(clip_gradients, float) or
          callable(clip_gradients)):
    raise ValueError('clip_gradients must be a float, a function of the '
                     '(gradient, variable) list, or None; got %s.' %
                     type(clip_gradients))


def _learning_rate_tensor(learning_rate):
  if learning_rate is None or isinstance(learning_rate, tf.Tensor):
    return learning_rate
  return tf.get_variable(
      'learning_rate', [], trainable=False,
      initializer=tf.constant_initializer(learning_rate))


def _make_optimizer(optimizer, learning_rate, lr):
  if isinstance(optimizer, str):
    return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
  if isinstance(optimizer, type) and issubclass(optimizer, tf.train.Optimizer):
    return optimizer(learning_rate=lr)
  if isinstance(optimizer, tf.train.Optimizer):
    return optimizer
  made = optimizer(lr) if learning_rate is not None else optimizer()
  if not isinstance(made, tf.train.Optimizer):
    raise ValueError('The optimizer function must return a '
                     'tf.compat.v1.train.Optimizer, but it returned %r.' %
                     (made,))
  return made


def _with_noise(grads_and_vars, scale):
  """Adds zero-mean truncated normal noise times `scale` to every gradient."""
  noisy = []
  for grad, var in grads_and_vars:
    if grad is not None:
      shape = (grad.dense_shape if isinstance(grad, tf.IndexedSlices)
               else grad.get_shape())
      grad = grad + tf.truncated_normal(shape) * scale
    noisy.append((grad, var))
  return noisy


def _with_multipliers(grads_and_vars, multipliers):
  """Scales the gradients of the variables (or variable names) in the dict."""
  scaled = []
  for grad, var in grads_and_vars:
    if grad is not None and (var in multipliers or var.name in multipliers):
      factor = multipliers[var if var in multipliers else var.name]
      if isinstance(grad, tf.IndexedSlices):
        grad = tf.IndexedSlices(grad.values * factor, grad.indices,
                                grad.dense_shape)
      else:
        grad *= tf.cast(factor, grad.dtype)
    scaled.append((grad, var))
  return scaled


def _clipped_by_global_norm(grads_and_vars, clip_norm):
  grads, variables = zip(*grads_and_vars)
  clipped, _ = tf.clip_by_global_norm(grads, clip_norm)
  return list(zip(clipped, variables))


def _global_norm_of(grads_and_vars):
  return tf.global_norm([grad for grad, _ in grads_and_vars])


def _summarize_gradients(grads_and_vars, summaries):
  for grad, var in grads_and_vars:
    values = grad.values if isinstance(grad, tf.IndexedSlices) else grad
    if values is None:
      continue
    tag = var.name.replace(':', '_')
    if 'gradients' in summaries:
      tf.summary.histogram('gradients/%s' % tag, values)
    if 'gradient_norm' in summaries:
      tf.summary.scalar('gradient_norm/%s' % tag, tf.global_norm([values]))


def optimize_loss(loss,
                  global_step,
                  learning_rate,
                  optimizer,
                  gradient_noise_scale=None,
                  gradient_multipliers=None,
                  clip_gradients=None,
                  learning_rate_decay_fn=None,
                  update_ops=None,
                  variables=None,
                  name=None,
                  summaries=None,
                  colocate_gradients_with_ops=False,
                  increment_global_step=True):
  """Builds the op that takes one optimisation step on `loss`.

  `optimizer` may be a name from `OPTIMIZER_CLS_NAMES` ('SGD', 'Adam', ...), a
  `tf.compat.v1.train.Optimizer` subclass (constructed with the learning
  rate), an Optimizer instance, or a function of the learning rate (of no
  argument when `learning_rate` is None) returning an Optimizer.  Everything
  is built under the variable scope `name` (default ``OptimizeLoss``); a float
  learning rate becomes the non-trainable variable ``learning_rate`` there.

  Args:
    loss: scalar loss tensor.
    global_step: scalar integer step variable, incremented by the train op
      unless `increment_global_step` is False; None uses the graph's global
      step if there is one.
    learning_rate: float, scalar tensor or None.
    optimizer: see above.
    gradient_noise_scale: if set, adds truncated normal noise times this
      value to every gradient.
    gradient_multipliers: dict from variables (or their names) to factors
      their gradients are multiplied by.
    clip_gradients: float (clip by global norm), function of the list of
      (gradient, variable) pairs returning a new list (e.g.
      `adaptive_clipping_fn()`), or None.
    learning_rate_decay_fn: function of (learning_rate, global_step)
      returning the decayed rate; needs a global step.
    update_ops: ops to run before the loss is computed; None uses the
      UPDATE_OPS collection.
    variables: variables to train; None means all trainable variables.
    name: variable scope name.
    summaries: which of `OPTIMIZER_SUMMARIES` to add; None adds loss,
      learning_rate and global_gradient_norm.
    colocate_gradients_with_ops: passed to `compute_gradients`.
    increment_global_step: whether the train op increments `global_step`.

  Returns:
    A tensor with the value of `loss` that runs the update when evaluated.

  Raises:
    ValueError: for a loss that is not a scalar, a negative or non-float
      learning rate, an unknown optimizer or summary, a bad clip_gradients, a
      decay function without a global step, or no gradients to apply.
    TypeError, AttributeError: for a `global_step` that is not a scalar
      integer variable (as `tf.compat.v1.train.assert_global_step` raises).
  """
  loss = tf.convert_to_tensor(loss)
  tf.assert_scalar(loss)
  if global_step is None:
    global_step = tf.train.get_global_step()
  else:
    tf.train.assert_global_step(global_step)
  _check_arguments(learning_rate, optimizer, summaries, clip_gradients,
                   learning_rate_decay_fn, global_step)
  summaries = _DEFAULT_SUMMARIES if summaries is None else summaries
  with tf.variable_scope(name, 'OptimizeLoss', [loss, global_step]):
    if update_ops is None:
      update_ops = set(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    if update_ops:
      loss = identity_after(list(update_ops), loss)

    lr = _learning_rate_tensor(learning_rate)
    if learning_rate is not None and learning_rate_decay_fn is not None:
      lr = learning_rate_decay_fn(lr, global_step)
      if 'learning_rate' in summaries:
        tf.summary.scalar('learning_rate', lr)
    opt = _make_optimizer(optimizer, learning_rate, lr)

    if variables is None:
      variables = tf.trainable_variables()
    grads_and_vars = opt.compute_gradients(
        loss, variables,
        colocate_gradients_with_ops=colocate_gradients_with_ops)
    if gradient_noise_scale is not None:
      grads_and_vars = _with_noise(grads_and_vars, gradient_noise_scale)
    if gradient_multipliers is not None:
      grads_and_vars = _with_multipliers(grads_and_vars, gradient_multipliers)
      if not grads_and_vars:
        raise ValueError('No (gradient, variable) pairs are left; check that '
                         'gradient_multipliers names the trained variables.')

    norm_summaries = ('global_gradient_norm' in summaries or
                      'gradient_norm' in summaries)
    if norm_summaries:
      tf.summary.scalar('global_norm/gradient_norm',
                        _global_norm_of(grads_and_vars))
    if isinstance(clip_gradients, float):
      grads_and_vars = _clipped_by_global_norm(grads_and_vars, clip_gradients)
    elif clip_gradients is not None:
      grads_and_vars = clip_gradients(grads_and_vars)

    if 'loss' in summaries:
      tf.summary.scalar('loss', loss)
    _summarize_gradients(grads_and_vars, summaries)
    if clip_gradients is not None and norm_summaries:
      tf.summary.scalar('global_norm/clipped_gradient_norm',
                        _global_norm_of(grads_and_vars))

    step = global_step if increment_global_step else None
    update = opt.apply_gradients(grads_and_vars, global_step=step,
                                 name='train')
    return identity_after([update], loss)
