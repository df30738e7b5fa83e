"""Adaptive gradient clipping (section 3.2.1 of arXiv:1412.1602)."""

from slimcompat._compat import tf
from slimcompat.layers import _moving_averages

__all__ = ['adaptive_clipping_fn']


def _running_mean(name, value, decay):
  """A zero-initialised, non-trainable moving average of `value`."""
  average = tf.get_variable(
      name, shape=value.get_shape(), dtype=value.dtype,
      initializer=tf.zeros_initializer(), trainable=False)
  return _moving_averages.assign_moving_average(average, value, decay)


def _norm_limit(norm, std_factor, decay, global_step, epsilon, name):
  """Updates the running statistics of log(norm); returns (limit, mean)."""
  with tf.variable_scope(name, 'AdaptiveMaxNorm', [norm]):
    log_norm = tf.log(norm + epsilon)
    if global_step is not None:
      # Early on, decay is capped by n / (n + 1) so the average adapts fast.
      steps = tf.cast(global_step, tf.float32)
      decay = tf.minimum(decay, steps / (steps + 1.))
    mean = _running_mean('mean', log_norm, decay)
    mean_of_squares = _running_mean('sq_mean', tf.square(log_norm), decay)
    variance = mean_of_squares - tf.square(mean)
    std = tf.sqrt(tf.maximum(epsilon, variance))
    return tf.exp(mean + std_factor * std), mean


def _scaled(grad, factor):
  if grad is None:
    return None
  if isinstance(grad, tf.IndexedSlices):
    return tf.IndexedSlices(grad.values * factor, grad.indices,
                            grad.dense_shape)
  return grad * factor


def adaptive_clipping_fn(std_factor=2.,
                         decay=0.95,
                         static_max_norm=None,
                         global_step=None,
                         report_summary=False,
                         epsilon=1e-8,
                         name=None):
  """Makes a gradient clipping function whose threshold follows the norms seen.

  The function keeps moving averages (variables `mean` and `sq_mean` under the
  scope `name`, default ``AdaptiveMaxNorm``) of log(global norm) and of its
  square.  When the global norm of a step's gradients exceeds
  ``exp(mean + std_factor * std)`` every gradient is rescaled so that the
  global norm becomes ``exp(mean)``.  Pass the result as `clip_gradients` of
  `optimize_loss`.

  Args:
    std_factor: how many standard deviations above the mean log norm a norm
      may be before it is clipped (float or scalar tensor).
    decay: decay of the moving averages.
    static_max_norm: optional hard upper bound on the global norm.
    global_step: optional step tensor; if given the decay is capped by
      ``n / (n + 1)`` so the averages adapt quickly during the first steps.
    report_summary: if True, adds the scalar summary
      ``global_norm/adaptive_max_gradient_norm``.
    epsilon: small constant that keeps the log and the variance finite.
    name: variable scope of the averages.

  Returns:
    A function mapping a list of (gradient, variable) pairs to the same list
    with the gradients rescaled.
  """

  def clip(grads_and_vars):
    grads, variables = zip(*grads_and_vars)
    norm = tf.global_norm(grads)
    limit, log_mean = _norm_limit(norm, std_factor, decay, global_step,
                                  epsilon, name)
    if report_summary:
      tf.summary.scalar('global_norm/adaptive_max_gradient_norm', limit)
    factor = tf.where(norm < limit, tf.ones_like(norm),
                      tf.exp(log_mean) / norm)
    if static_max_norm is not None:
      factor = tf.minimum(static_max_norm / norm, factor)
    return list(zip([_scaled(g, factor) for g in grads], variables))

  return clip
