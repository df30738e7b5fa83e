"""`Layer`: the base class of the TF1 layers API, on variable scopes alone.

A layer owns one variable scope.  It is fixed by ``_scope`` (what the
functional forms pass as ``name``) when the layer is made, or on the first
call otherwise (a fresh scope named after the layer, uniquified in the
enclosing scope).  Weights are ``get_variable`` calls in that scope, so
``reuse`` / ``AUTO_REUSE``, custom getters, partitioners and scope
initializers behave as they do for any TF1 code; from the second call on the
scope is re-entered with ``reuse=True``.  Ops go into the scope's own name
scope.  Weight and activity regularization losses are added to
``REGULARIZATION_LOSSES`` and update ops to ``UPDATE_OPS`` as they are made.
"""

import weakref

import numpy as np

from slimcompat import _keras_objects
from slimcompat._compat import tf, tf2
from slimcompat._weights_and_scope import WeightsAndScope
# Kept here too: the TF1 layers' own names for these helpers.
from slimcompat._weights_and_scope import snake_case  # noqa: F401
from slimcompat._weights_and_scope import unique_layer_name  # noqa: F401
from slimcompat.v1_layers._input_spec import InputSpec, check_inputs

# graph -> its learning-phase flag (what `training=None` means).
_LEARNING_PHASES = weakref.WeakKeyDictionary()

# Constructor keywords the TF1 layers accept besides their own arguments
# (the Keras model-building hints among them mean nothing to a graph-mode
# TF1 layer and are ignored, as TensorFlow's ignores them there).
_EXTRA_KEYWORDS = ('_scope', '_reuse', 'activity_regularizer', 'input_shape',
                   'batch_input_shape', 'batch_size', 'input_dim',
                   'autocast', 'dynamic', 'implementation')


def learning_phase():
  """The graph's training flag for layers called with ``training=None``: a
  bool placeholder defaulting to False, at the graph's root, under the name
  TF1-era code feeds (``keras_learning_phase``)."""
  graph = tf.get_default_graph()
  if graph not in _LEARNING_PHASES:
    with tf.name_scope(None):
      _LEARNING_PHASES[graph] = tf.placeholder_with_default(
          False, shape=(), name='keras_learning_phase')
  return _LEARNING_PHASES[graph]


def add_to_collection_once(name, items):
  """Appends each of `items` to graph collection `name` unless present."""
  collection = tf.get_collection_ref(name)
  present = {id(item) for item in collection}
  for item in items:
    if id(item) not in present:
      collection.append(item)
      present.add(id(item))


def _call_takes(method, argument):
  code = getattr(method, '__code__', None)
  if code is None:
    return False
  names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
  return argument in names


class Layer(WeightsAndScope):
  """Base class of the TF1 layers (``tf.compat.v1.layers.Layer``).

  Subclasses create weights in `build` with `add_weight` and compute in
  `call`; calling the layer runs both in its variable scope.

  Args:
    trainable: whether the layer's weights are trainable.
    name: the layer's name; by default its class name in snake case,
      numbered per graph (``conv2d``, ``conv2d_1``, ...).
    dtype: dtype of the weights; None takes the first input's dtype.
    **kwargs: ``activity_regularizer`` (a function of an output whose value,
      divided by the batch size, is added to the layer's losses), and the
      private ``_scope`` / ``_reuse`` the functional forms pass.
  """

  def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
    if 'weights' in kwargs:
      raise ValueError('weights= (initial weight values) is not supported by '
                       "slimcompat's TF1 layers; give initializers, or call "
                       'layer.set_weights(values) in a session after building.')
    for key in kwargs:
      if key not in _EXTRA_KEYWORDS:
        raise TypeError('Keyword argument not understood: %r (a TF1 layer '
                        'takes trainable, name, dtype, activity_regularizer '
                        'and its own arguments)' % (key,))
    self._trainable = trainable
    self._dtype = None if dtype is None else tf2.as_dtype(dtype).name
    self._reuse = kwargs.get('_reuse')
    self._activity_regularizer = kwargs.get('activity_regularizer')
    self._trainable_weights = []
    self._non_trainable_weights = []
    self._losses = []
    self._loss_makers = []
    self._updates = []
    self._input_spec = None
    self.built = False
    self._set_names(name, kwargs.get('_scope'))
    self._current_scope = None
    self._reuse_scope = None

  # ------------------------------------------------------------ properties
  @property
  def trainable(self):
    return self._trainable

  @trainable.setter
  def trainable(self, value):
    self._trainable = bool(value)

  @property
  def input_spec(self):
    return self._input_spec

  @input_spec.setter
  def input_spec(self, value):
    for spec in tf2.nest.flatten(value):
      if spec is not None and not isinstance(spec, InputSpec):
        raise TypeError('Layer input_spec must be an InputSpec or a list of '
                        'them, not %r' % (spec,))
    self._input_spec = value

  @property
  def activity_regularizer(self):
    return self._activity_regularizer

  @activity_regularizer.setter
  def activity_regularizer(self, regularizer):
    self._activity_regularizer = regularizer

  @property
  def losses(self):
    """The layer's loss tensors.  Weight regularization losses are made
    anew on each access, in the name scope current then (as TF1 layers
    did); the ones in REGULARIZATION_LOSSES were made with the weights."""
    return list(self._losses) + [make() for make in self._loss_makers]

  @property
  def updates(self):
    return list(self._updates)

  @property
  def graph(self):
    return None

  def count_params(self):
    if not self.built:
      raise ValueError('Layer "%s" is not built yet, so it has no weights to '
                       'count; call it on an input first.' % self._name)
    return int(sum(np.prod(w.shape.as_list()) for w in self.weights))

  def get_weights(self):
    session = tf.get_default_session()
    if session is None:
      raise ValueError('get_weights needs a default session (use `with '
                       'tf.Session() as sess:`) to read the weights.')
    return session.run(self.weights)

  def set_weights(self, values):
    session = tf.get_default_session()
    if session is None:
      raise ValueError('set_weights needs a default session (use `with '
                       'tf.Session() as sess:`) to write the weights.')
    weights = self.weights
    if len(values) != len(weights):
      raise ValueError('Layer "%s" has %d weights but %d values were given.'
                       % (self._name, len(weights), len(values)))
    for weight, value in zip(weights, values):
      weight.load(value, session)

  # ------------------------------------------------------ subclass hooks
  def build(self, input_shape):
    del input_shape
    self.built = True

  def call(self, inputs, **kwargs):
    del kwargs
    return inputs

  def compute_output_shape(self, input_shape):
    raise NotImplementedError(
        'Layer %s does not implement compute_output_shape.' %
        type(self).__name__)

  # ------------------------------------------------------- losses, updates
  def add_loss(self, losses, inputs=None):
    """Adds loss tensors (or callables making them) to the layer and to
    ``REGULARIZATION_LOSSES``."""
    del inputs
    made = []
    for loss in tf2.nest.flatten(losses):
      if callable(loss):
        loss = loss()
      if loss is None:
        continue
      made.append(tf.convert_to_tensor(loss))
    self._losses.extend(made)
    add_to_collection_once(tf.GraphKeys.REGULARIZATION_LOSSES, made)

  def add_update(self, updates, inputs=None):
    """Records update ops (or callables making them) of the layer."""
    del inputs
    for update in tf2.nest.flatten(updates):
      if callable(update):
        update = update()
      if not isinstance(update, tf.Operation):
        update = update.op if hasattr(update, 'op') else (
            tf.convert_to_tensor(update).op)
      self._updates.append(update)

  # ---------------------------------------------------------------- weights
  def _name_scope(self):
    return self._current_scope.original_name_scope

  def add_weight(self, name, shape, dtype=None, initializer=None,
                 regularizer=None, trainable=None, constraint=None,
                 use_resource=None,
                 synchronization=tf.VariableSynchronization.AUTO,
                 aggregation=tf.VariableAggregation.NONE, partitioner=None,
                 **kwargs):
    """Creates (or, on reuse, gets) a variable of the layer's scope.

    Args:
      name: variable name inside the layer's scope.
      shape: its shape.
      dtype: its dtype; default the layer's dtype, else float32.
      initializer: default the scope's initializer, else glorot uniform
        (zeros for integer and bool dtypes).
      regularizer: a function of the variable; its value goes to the layer's
        losses and ``REGULARIZATION_LOSSES`` when the variable is created.
      trainable: default True (False with ON_READ synchronization).
      constraint: a projection applied after optimizer updates.
      use_resource: resource variable or not; default as the scope says.
      synchronization, aggregation: as for `tf.compat.v1.get_variable`.
      partitioner: split the variable into a PartitionedVariable.

    Returns:
      The variable (a PartitionedVariable when partitioned).

    Raises:
      TypeError: for an unknown keyword argument.
      ValueError: for trainable=True with ON_READ synchronization.
    """
    for key in kwargs:
      if key != 'experimental_autocast':
        raise TypeError('Unknown keyword argument: %r (add_weight takes '
                        'the arguments of get_variable)' % (key,))
    if synchronization == tf.VariableSynchronization.ON_READ:
      if trainable:
        raise ValueError(
            'A variable synchronized ON_READ cannot be trainable: pass '
            'trainable=False (or leave it unset) with '
            'synchronization=VariableSynchronization.ON_READ.')
      trainable = False
    elif trainable is None:
      trainable = True
    known = len(tf.get_collection_ref(tf.GraphKeys.GLOBAL_VARIABLES))
    dtype = tf2.as_dtype(dtype or self._dtype or tf.float32)
    self._set_scope(None)
    with tf.variable_scope(self._scope, reuse=self.built or self._reuse,
                           auxiliary_name_scope=False) as scope:
      self._current_scope = scope
      with tf.name_scope(self._name_scope()):
        variable = tf.get_variable(
            name, shape=shape, dtype=dtype, initializer=initializer,
            trainable=trainable and self._trainable, constraint=constraint,
            partitioner=partitioner,
            use_resource=use_resource or scope.use_resource,
            synchronization=synchronization, aggregation=aggregation)
        self._track(variable, trainable and self._trainable)
        if regularizer:
          parts = _partitions(variable)
          made = {id(v) for v in tf.get_collection_ref(
              tf.GraphKeys.GLOBAL_VARIABLES)[known:]}
          if all(id(part) in made for part in parts):
            for part in parts:
              self._add_weight_loss(name, regularizer, part)
    return variable

  add_variable = add_weight

  def _add_weight_loss(self, name, regularizer, variable):
    regularizer = _keras_objects.regularizer(regularizer)
    def make():
      with tf.name_scope(name + '/Regularizer'):
        return regularizer(variable)
    loss = make()
    if loss is not None:
      self._loss_makers.append(make)
      add_to_collection_once(tf.GraphKeys.REGULARIZATION_LOSSES, [loss])

  def _track(self, variable, trainable):
    parts = _partitions(variable)
    if trainable:
      listed = {id(v) for v in tf.get_collection_ref(
          tf.GraphKeys.TRAINABLE_VARIABLES)}
      trainable = all(id(part) in listed for part in parts)
    target = (self._trainable_weights if trainable else
              self._non_trainable_weights)
    present = {id(v) for v in target}
    target.extend(part for part in parts if id(part) not in present)

  # ------------------------------------------------------------------ call
  def apply(self, inputs, *args, **kwargs):
    return self(inputs, *args, **kwargs)

  def __call__(self, inputs, *args, **kwargs):
    """Builds the layer on first use and applies it to `inputs`.

    A ``scope`` keyword sets the variable scope of a layer that has none
    yet.  Returns the output tensor(s).
    """
    if tf2.executing_eagerly():
      raise RuntimeError(
          'The TF1 layers use graph collections and variable scopes: build '
          'them in a graph (tf.compat.v1.disable_eager_execution(), or inside '
          'a tf.Graph().as_default() block).')
    scope = kwargs.pop('scope', None)
    self._set_scope(scope)
    if self.built:
      if self._reuse_scope is None:
        self._reuse_scope = tf.variable_scope(
            self._scope, reuse=True, auxiliary_name_scope=False)
      manager = self._reuse_scope
    else:
      manager = tf.variable_scope(self._scope, reuse=self._reuse,
                                  auxiliary_name_scope=False)
    with manager as current:
      self._current_scope = current
      if _call_takes(self.call, 'scope'):
        kwargs['scope'] = current
      inputs = tf2.nest.map_structure(_as_tensor, inputs)
      check_inputs(self._input_spec, inputs, self._name)
      with tf.name_scope(self._name_scope()):
        if not self.built:
          self._build_on(inputs)
        outputs = self._run_call(inputs, *args, **kwargs)
        if outputs is None:
          raise ValueError('The call method of layer "%s" returned None; it '
                           'must return a tensor or a list of tensors.' %
                           self._name)
        self._regularize_activity(outputs)
    add_to_collection_once(tf.GraphKeys.UPDATE_OPS, self._updates)
    return outputs

  def _run_call(self, inputs, *args, **kwargs):
    call = self.call
    if type(self).__module__.split('.')[0] != 'slimcompat':
      # A user's subclass: TF1 layers ran its call through AutoGraph.
      from slimcompat import _compat
      call = _compat.autograph_layer_call(call)
    return call(inputs, *args, **kwargs)

  def _build_on(self, inputs):
    check_inputs(self._input_spec, inputs, self._name)
    first = tf2.nest.flatten(inputs)
    if first and self._dtype is None and hasattr(first[0], 'dtype'):
      self._dtype = first[0].dtype.base_dtype.name
    shapes = tf2.nest.map_structure(lambda t: t.shape, inputs)
    self.build(shapes)
    self.built = True

  def _regularize_activity(self, outputs):
    if not self._activity_regularizer:
      return
    with tf.name_scope('ActivityRegularizer'):
      for output in tf2.nest.flatten(outputs):
        loss = tf.convert_to_tensor(self._activity_regularizer(output))
        batch = tf.cast(tf.shape(output)[0], loss.dtype)
        self.add_loss(loss / batch)


def _partitions(variable):
  """[variable], or the parts of a partitioned variable (whose class
  TensorFlow does not export)."""
  if isinstance(variable, tf2.Variable):
    return [variable]
  return list(variable)


def _as_tensor(value):
  if isinstance(value, (np.ndarray, float, int)):
    return tf.convert_to_tensor(value)
  return value
