"""Keras regularizers handed to slim, applied so that Keras 3 accepts them.

Late TF1 code passes a Keras regularizer object (an ``l2(wd)`` from Keras's
regularizers module) where slim takes a regularizer.  Keras 2 applied it to the graph-mode variable itself; Keras 3
refuses such a variable (its dtype reads ``float32_ref``) but takes the
variable's value, which gives the same loss and the same loss tensor name
(``<var>/Regularizer/mul:0`` for an L2).  Keras initializers need nothing:
they are called with ``shape`` and ``dtype`` as slim's own are.

Keras objects are recognised by the module of a class in their type's MRO,
so Keras is never imported here.
"""

from slimcompat._compat import tf

__all__ = ['regularizer']

_KERAS_PACKAGES = ('keras', 'tf_keras')


def _is_keras(value, base_name):
  """Whether `value` is an instance of Keras's class `base_name` (or of a
  subclass, a user's own included)."""
  for cls in type(value).__mro__:
    if (cls.__name__ == base_name and
        (cls.__module__ or '').split('.')[0] in _KERAS_PACKAGES):
      return True
  return False


class _OnValue(object):
  """A Keras regularizer, applied to the value of the variable it gets."""

  def __init__(self, keras_regularizer):
    self.keras_regularizer = keras_regularizer

  def __call__(self, var):
    return self.keras_regularizer(tf.convert_to_tensor(var))

  def __repr__(self):
    return '%r (on the variable\'s value)' % (self.keras_regularizer,)


def regularizer(value):
  """`value`, or for a Keras regularizer one that Keras 3 accepts on a
  graph-mode variable."""
  if value is None or isinstance(value, _OnValue) or not _is_keras(
      value, 'Regularizer'):
    return value
  return _OnValue(value)
