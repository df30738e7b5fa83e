"""`slimcompat.learning.create_train_op`: the train op with built-in clipping
and gradient multipliers (instead of a `transform_grads_fn`)."""

from slimcompat._compat import tf
from slimcompat.training import _gradients
from slimcompat.training import _learning_gradients
from slimcompat.training import _train_op

_USE_GLOBAL_STEP = _train_op._USE_GLOBAL_STEP  # pylint: disable=protected-access


def create_train_op(total_loss,
                    optimizer,
                    global_step=_USE_GLOBAL_STEP,
                    update_ops=None,
                    variables_to_train=None,
                    clip_gradient_norm=0,
                    summarize_gradients=False,
                    gate_gradients=tf.train.Optimizer.GATE_OP,
                    aggregation_method=None,
                    colocate_gradients_with_ops=False,
                    gradient_multipliers=None,
                    check_numerics=True):
  """Builds the tensor that takes one optimizer step and returns the loss.

  Args:
    total_loss: the loss `Tensor` to minimise.
    optimizer: a `tf.compat.v1.train.Optimizer`.
    global_step: the step variable to increment; by default the graph's
      global step (created if missing); None increments nothing.
    update_ops: ops to run before each step; None means the UPDATE_OPS
      collection (a warning is logged if a list leaves some of it out).
    variables_to_train: the variables to update; None means all trainable
      variables.
    clip_gradient_norm: if > 0, each gradient's norm is clipped to it (after
      the multipliers are applied).
    summarize_gradients: whether to add histogram and norm summaries of
      every gradient.
    gate_gradients: gradient gating (see `Optimizer.compute_gradients`).
    aggregation_method: how gradient terms are combined.
    colocate_gradients_with_ops: whether gradients go where their ops are.
    gradient_multipliers: optional dict from variables (or their op names)
      to factors for their gradients.
    check_numerics: whether the step fails on a NaN or infinite loss.

  Returns:
    A `Tensor`: fetching it takes one step and yields the loss.
  """

  def transform_grads_fn(grads):
    if gradient_multipliers:
      with tf.name_scope('multiply_grads'):
        grads = _learning_gradients.multiply_gradients(
            grads, gradient_multipliers)
    if clip_gradient_norm > 0:
      with tf.name_scope('clip_grads'):
        grads = _gradients.clip_gradient_norms(grads, clip_gradient_norm)
    return grads

  return _train_op.create_train_op(
      total_loss=total_loss,
      optimizer=optimizer,
      global_step=global_step,
      update_ops=update_ops,
      variables_to_train=variables_to_train,
      transform_grads_fn=transform_grads_fn,
      summarize_gradients=summarize_gradients,
      gate_gradients=gate_gradients,
      aggregation_method=aggregation_method,
      colocate_gradients_with_ops=colocate_gradients_with_ops,
      check_numerics=check_numerics)
