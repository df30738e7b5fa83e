"""The Keras 3 adapter: TF1-style slim code as a ``keras.layers.Layer``.

The one module of slimcompat that imports Keras (by its public API, when a
user first asks for `SlimLayer` or decorates the ``call`` of a Keras layer).

Keras 3 tracks only its own variables, and accepts new ones only while it
builds a layer.  So a bridged layer

* creates its variables in ``build``, by tracing ``call`` once on a symbolic
  input of the built shape (`build_by_tracing`): nothing is computed, the
  variables are made eagerly by the store as on any bridged first call;
* publishes each variable to Keras as a ``keras.Variable`` that *wraps* it
  (`publisher`): the model code keeps reading and updating the very
  ``tf.Variable`` graph mode would have made (full graph-mode name,
  distribution strategy semantics, batch-norm updates), while Keras' weights
  lists, optimizers, ``summary()`` and saving see the wrapper.  The wrapper's
  ``path`` is the graph-mode name, so ``layer.weights`` reads like
  ``tf.global_variables()`` of a graph build;
* adds the regularization losses of each call with ``add_loss``, which
  ``fit`` counts.
"""

import inspect
import threading

import keras

from slimcompat._bridge import _decorator
from slimcompat._compat import tf2

_AGGREGATIONS = {
    tf2.VariableAggregation.NONE: 'none',
    tf2.VariableAggregation.SUM: 'sum',
    tf2.VariableAggregation.MEAN: 'mean',
    tf2.VariableAggregation.ONLY_FIRST_REPLICA: 'only_first_replica',
}
_SYNCHRONIZATIONS = {
    tf2.VariableSynchronization.AUTO: 'auto',
    tf2.VariableSynchronization.NONE: 'none',
    tf2.VariableSynchronization.ON_READ: 'on_read',
    tf2.VariableSynchronization.ON_WRITE: 'on_write',
}
_VARIABLE_PARAMETERS = frozenset(
    inspect.signature(keras.Variable.__init__).parameters)


class _Building(threading.local):

  def __init__(self):
    super().__init__()
    self.layers = []   # layers whose build is tracing their call


_BUILDING = _Building()


def _never_called(shape, dtype=None):
  raise AssertionError('the wrapped variable holds the value already')


def _path_scope(parent):
  """A Keras name scope whose path is exactly `parent` (not nested in the
  layer's own scope), where this Keras can say so."""
  outer, _, last = parent.rpartition('/')
  try:
    return keras.name_scope(last, override_parent=outer)
  except TypeError:   # a Keras without override_parent: path gets a prefix
    return keras.name_scope(last)


def publisher(layer):
  """The store's publish hook for `layer`: variable -> its Keras wrapper."""
  del layer  # the wrapper is tracked by the list the store appends it to

  def publish(var, name):
    name = name or var.name.split(':')[0]
    parent, _, base = name.rpartition('/')
    arguments = dict(
        initializer=_never_called, shape=var.shape.as_list(),
        dtype=var.dtype.base_dtype.name, trainable=var.trainable,
        autocast=False, name=base,
        aggregation=_AGGREGATIONS.get(var.aggregation, 'none'))
    if 'synchronization' in _VARIABLE_PARAMETERS:
      arguments['synchronization'] = _SYNCHRONIZATIONS.get(
          var.synchronization, 'auto')
    # Keras' own tf.Variable request is answered with `var` (the store's
    # adoption, see _store.creator), so no second variable is made.
    if parent:
      with _path_scope(parent):
        return keras.Variable(**arguments)
    return keras.Variable(**arguments)

  return publish


def add_losses(layer, losses):
  """Hands a call's regularization losses to Keras (not while building:
  the build's trace is thrown away)."""
  if layer in _BUILDING.layers:
    return
  for loss in losses:
    layer.add_loss(loss)


def _spec(shape, dtype):
  if shape is None or all(isinstance(d, (int, type(None))) for d in shape):
    return tf2.TensorSpec(shape, dtype)
  if isinstance(shape, dict):
    return {key: _spec(value, dtype) for key, value in shape.items()}
  return type(shape)(_spec(value, dtype) for value in shape)


def _takes_training(function):
  parameters = inspect.signature(function).parameters
  return 'training' in parameters or any(
      p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def _shape_key(tensors):
  """The shapes of a structure of tensors / specs, as a dict key."""
  return repr(tf2.nest.map_structure(
      lambda t: str(tf2.TensorShape(t.shape)), tensors))


def build_by_tracing(layer, input_shape):
  """Creates the variables of `layer` by tracing its call on a symbolic
  input of `input_shape` (nothing runs), and remembers the output's spec
  for that shape (`compute_output_spec`)."""
  kwargs = {'training': False} if _takes_training(layer.call) else {}

  def trace(inputs):
    return layer.call(inputs, **kwargs)

  # Graph-mode slim never ran under XLA, and not every TF1 op can; left to
  # Keras' jit_compile='auto', fit would compile the net with XLA (minutes
  # for a ResNet on CPU, and slower steps there).
  layer.supports_jit = False
  _BUILDING.layers.append(layer)
  try:
    spec = _spec(input_shape, layer.compute_dtype)
    traced = tf2.function(trace, autograph=False).get_concrete_function(spec)
  finally:
    _BUILDING.layers.remove(layer)
  outputs = tf2.nest.map_structure(
      lambda t: keras.KerasTensor(tuple(t.shape.as_list()), t.dtype.name),
      traced.structured_outputs)
  specs = vars(layer).setdefault('_slim_output_specs', {})
  specs[_shape_key(spec)] = outputs


def compute_output_spec(self, inputs, *args, **kwargs):
  """The output spec the build's trace found for this input shape: a second
  trace of a deep net only to learn its output shape would double the cost
  of a functional model's construction."""
  known = vars(self).get('_slim_output_specs', {}).get(_shape_key(inputs))
  if known is not None:
    return known
  return keras.layers.Layer.compute_output_spec(self, inputs, *args, **kwargs)


def give_build(cls):
  """Gives the Keras layer class `cls`, whose ``call`` is decorated, a
  ``build`` that creates the variables (after its own build, if any)."""
  inherited = cls.build
  if getattr(inherited, '__slim_builds__', False):
    return
  own_build = None if inherited is keras.layers.Layer.build else inherited

  def build(self, input_shape):
    if own_build is not None:
      own_build(self, input_shape)
    build_by_tracing(self, input_shape)

  build.__slim_builds__ = True
  build.__doc__ = ('Creates the TF1-style variables by tracing `call` on '
                   '`input_shape` (added by track_tf1_style_variables).')
  cls.build = build
  default = keras.layers.Layer
  if (cls.compute_output_spec is default.compute_output_spec and
      cls.compute_output_shape is default.compute_output_shape):
    cls.compute_output_spec = compute_output_spec


@keras.saving.register_keras_serializable(package='slimcompat')
class SlimLayer(keras.layers.Layer):
  """TF1-style slim model code as a Keras 3 layer (TensorFlow backend).

  ``SlimLayer(lambda x, training: resnet_v1.resnet_v1_50(x, 10,
  is_training=training)[0])`` builds the network's variables when Keras
  builds the layer, with their graph-mode names (``weight.path``), as Keras
  variables: ``trainable_weights`` are the graph's trainable variables,
  batch-norm moving averages are ``non_trainable_weights``; the optimizer,
  ``summary()``, ``save_weights`` and ``.keras`` files see them, and
  `slimcompat.load_tf1_checkpoint` loads a TF1 checkpoint into them by name.
  Regularization losses are added with ``add_loss`` (``fit`` counts them).
  Keras' ``training`` is passed to the model function as a Python bool, so
  batch-norm moving averages move in ``fit`` and stay in ``evaluate`` and
  ``predict``.  Like graph-mode slim, the layer does not run under XLA
  (``supports_jit`` is False, so ``compile``'s default ``jit_compile='auto'``
  picks no XLA).

  To save and load a ``.keras`` file the model function must be found by
  name on loading: decorate it with
  ``keras.saving.register_keras_serializable()`` or pass it in
  ``custom_objects``.

  Args:
    model_fn: a callable ``model_fn(inputs)`` or ``model_fn(inputs,
      training)`` returning the layer's output (e.g. a net's logits).
    name: the layer name (it does not prefix the variable names).
    **kwargs: passed on to ``keras.layers.Layer`` (e.g. ``dtype``,
      ``trainable``).
  """

  def __init__(self, model_fn, name=None, **kwargs):
    if not callable(model_fn):
      raise TypeError('SlimLayer needs a callable model_fn, got %r.' %
                      (model_fn,))
    super().__init__(name=name, **kwargs)
    self._model_fn = model_fn
    self._pass_training = _takes_training(model_fn)

  @_decorator.track_tf1_style_variables
  def call(self, inputs, training=None):
    if self._pass_training:
      return self._model_fn(inputs, training=bool(training))
    return self._model_fn(inputs)

  def get_config(self):
    config = super().get_config()
    config['model_fn'] = keras.saving.serialize_keras_object(self._model_fn)
    return config

  @classmethod
  def from_config(cls, config):
    config = dict(config)
    model_fn = keras.saving.deserialize_keras_object(config.pop('model_fn'))
    return cls(model_fn, **config)
