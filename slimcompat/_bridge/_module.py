"""`SlimModule`: a plain slim model function as a TF2 `tf.Module`."""

from slimcompat._bridge import _decorator
from slimcompat._compat import tf2


class SlimModule(tf2.Module):
  """Wraps ``model_fn`` (TF1-style slim code) as a tracked `tf.Module`.

  ``SlimModule(lambda x, training: resnet_v1.resnet_v1_50(x, 10,
  is_training=training))`` creates the network's variables on its first call,
  with their graph-mode names, and reuses them on every later call, eagerly
  or in a `tf.function`.  ``module.variables`` lists them in creation order;
  ``module.losses`` holds the regularization losses of the latest call.

  Args:
    model_fn: a callable building the model; the module's call passes its
      arguments through and returns what it returns.
    name: the module name (it does not prefix variable names: they are those
      of a graph-mode build, so TF1 checkpoints load by name).
  """

  def __init__(self, model_fn, name=None):
    if not callable(model_fn):
      raise TypeError('SlimModule needs a callable model_fn, got %r.' %
                      (model_fn,))
    super().__init__(name=name)
    self._model_fn = model_fn

  @_decorator.track_tf1_style_variables
  def __call__(self, *args, **kwargs):
    return self._model_fn(*args, **kwargs)

  @property
  def losses(self):
    """Regularization losses of the latest call (a list of scalar tensors)."""
    store = _decorator.store_of(self)
    return list(store.losses) if store is not None else []

  @property
  def variables_by_name(self):
    """Graph-mode name -> variable, in creation order."""
    store = _decorator.store_of(self)
    return dict(store.named_variables()) if store is not None else {}
