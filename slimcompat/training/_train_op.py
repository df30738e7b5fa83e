"""`create_train_op`: one tensor that updates the model and yields the loss.

Fetching the returned tensor runs, in order: the update ops (batch norm
moving averages and the like), the gradient computation, the optimizer step
(which also increments the global step) and a numerics check of the loss,
and returns the loss value from before the step.  The op names (the
``update_barrier`` no-op, the ``train_op/`` scope and its
``control_dependency`` identity) are tf-slim's.
"""

from slimcompat._compat import tf
from slimcompat.training import _gradients

# The default of `global_step`: "use (or create) the graph's global step".
# None means "do not increment any step", so a separate marker is needed.
_USE_GLOBAL_STEP = 0


def with_dependencies(dependencies, output_tensor):
  """`output_tensor` through an identity that first runs `dependencies`.

  The identity is named ``control_dependency`` in the current name scope and
  placed with `output_tensor`.
  """
  with tf.name_scope(None, 'control_dependency',
                     list(dependencies) + [output_tensor]) as name:
    with tf.colocate_with(output_tensor):
      with tf.control_dependencies(dependencies):
        return tf.identity(output_tensor, name=name)


def _resolve_update_ops(update_ops):
  """The update ops to run before the loss; warns if some are left out."""
  collected = set(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
  chosen = collected if update_ops is None else set(update_ops)
  if not collected.issubset(chosen):
    tf.logging.warning('update_ops in create_train_op does not contain all the '
                       'update_ops in GraphKeys.UPDATE_OPS')
  return chosen


def _resolve_variables_to_train(variables_to_train):
  trainable = tf.trainable_variables()
  if variables_to_train is None:
    variables_to_train = trainable
  else:
    for var in variables_to_train:
      if not (var.trainable or var in trainable):
        raise AssertionError(
            'variables_to_train contains %s, which is not trainable; create '
            'it with trainable=True or leave it out.' % var.op.name)
  if not variables_to_train:
    raise AssertionError(
        'There are no variables to train: the graph has no trainable '
        'variables (or variables_to_train is empty).')
  return variables_to_train


def create_train_op(total_loss,
                    optimizer,
                    global_step=_USE_GLOBAL_STEP,
                    update_ops=None,
                    variables_to_train=None,
                    transform_grads_fn=None,
                    summarize_gradients=False,
                    gate_gradients=tf.train.Optimizer.GATE_OP,
                    aggregation_method=None,
                    colocate_gradients_with_ops=False,
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
    transform_grads_fn: optional function applied to the (gradient, variable)
      list before it is applied (clipping, scaling, ...).
    summarize_gradients: whether to add histogram and norm summaries of
      every gradient.
    gate_gradients: gradient gating (see `Optimizer.compute_gradients`).
    aggregation_method: how gradient terms are combined.
    colocate_gradients_with_ops: whether gradients go where their ops are.
    check_numerics: whether the step fails on a NaN or infinite loss.

  Returns:
    A `Tensor`: fetching it takes one step and yields the loss.

  Raises:
    AssertionError: if there is nothing to train, or a variable in
      `variables_to_train` is not trainable.
  """
  if global_step is _USE_GLOBAL_STEP:  # pylint: disable=literal-comparison
    global_step = tf.train.get_or_create_global_step()

  update_ops = _resolve_update_ops(update_ops)
  if update_ops:
    with tf.control_dependencies(update_ops):
      barrier = tf.no_op(name='update_barrier')
    total_loss = with_dependencies([barrier], total_loss)

  variables_to_train = _resolve_variables_to_train(variables_to_train)
  grads = optimizer.compute_gradients(
      total_loss,
      variables_to_train,
      gate_gradients=gate_gradients,
      aggregation_method=aggregation_method,
      colocate_gradients_with_ops=colocate_gradients_with_ops)
  if transform_grads_fn:
    grads = transform_grads_fn(grads)
  if summarize_gradients:
    with tf.name_scope('summarize_grads'):
      _gradients.add_gradients_summaries(grads)

  grad_updates = optimizer.apply_gradients(grads, global_step=global_step)

  with tf.name_scope('train_op'):
    if check_numerics:
      total_loss = tf.check_numerics(total_loss, 'LossTensor is inf or nan')
    train_op = with_dependencies([grad_updates], total_loss)

  train_ops = tf.get_collection_ref(tf.GraphKeys.TRAIN_OP)
  if not any(op is train_op for op in train_ops):
    train_ops.append(train_op)
  return train_op
