"""The LOSSES collection: adding losses, reading them back, summing them."""

from slimcompat._compat import tf
from slimcompat._deprecation import deprecated
from slimcompat._deprecation import without_notice
from slimcompat.ops.arg_scope import add_arg_scope


@deprecated('2016-12-30', 'Use tf.losses.add_loss instead.')
@add_arg_scope
def add_loss(loss, loss_collection=tf.GraphKeys.LOSSES):
  """Adds `loss` to the collection `loss_collection` (nothing if it is falsy).

  Every slim loss calls this, so ``arg_scope([add_loss], loss_collection=None)``
  keeps the losses built inside it out of LOSSES.

  Args:
    loss: a loss `Tensor`.
    loss_collection: the collection key, or None to add nowhere.
  """
  if loss_collection:
    tf.add_to_collection(loss_collection, loss)


# Every slim loss stores its result through this: an arg_scope on `add_loss`
# applies, and only the user's own call of `add_loss` logs its notice.
store_loss = without_notice(add_loss)


@deprecated('2016-12-30', 'Use tf.losses.get_losses instead.')
def get_losses(scope=None, loss_collection=tf.GraphKeys.LOSSES):
  """The losses in `loss_collection` whose names match `scope`.

  Args:
    scope: optional regular expression matched against the loss names.
    loss_collection: the collection key.

  Returns:
    A list of loss tensors.
  """
  return tf.get_collection(loss_collection, scope)


@deprecated('2016-12-30', 'Use tf.losses.get_regularization_losses instead.')
def get_regularization_losses(scope=None):
  """The REGULARIZATION_LOSSES whose names match `scope`.

  Args:
    scope: optional regular expression matched against the loss names.

  Returns:
    A list of loss tensors.
  """
  return tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES, scope)


@deprecated('2016-12-30', 'Use tf.losses.get_total_loss instead.')
def get_total_loss(add_regularization_losses=True, name='total_loss'):
  """The sum of all LOSSES, plus the regularization losses by default.

  Args:
    add_regularization_losses: whether REGULARIZATION_LOSSES join the sum.
    name: name of the returned tensor.

  Returns:
    A `Tensor` holding the total loss.

  Raises:
    ValueError: if there is no loss to sum.
  """
  losses = without_notice(get_losses)()
  if add_regularization_losses:
    losses += without_notice(get_regularization_losses)()
  return tf.add_n(losses, name=name)
