"""One bridged instance's variables: created on its first call, then reused.

A `VariableStore` lives on the decorated object.  While one of its calls runs
it is the *active* store of the thread; `custom_getter` (installed on the
variable scope) and `creator` (a variable creator) send every variable
request of that call to it:

* ``tf.compat.v1.get_variable`` (so every slim layer, `slim.variable` and
  `slim.model_variable`): the full graph-mode name is the key; a known name
  returns the stored variable (after the shape / dtype checks graph mode
  makes), a new one is created once and appended, in creation order, to the
  owner's tracked list.  The `regularizer` argument is taken out of the
  request and applied again on every call, so each call gets fresh losses
  computed from the current values (differentiable under a tape);
* a plain ``tf.Variable(...)`` made inside the call: keyed by its name and how
  many variables of that name the call made before it.

A new variable is made eagerly even when the first call is being traced by
a `tf.function` (see `_made_eagerly`), so that function only captures it.

Nested bridged calls push their own store; a request always goes to the
innermost one, so two instances never share a variable.
"""

import contextlib
import threading

from slimcompat._compat import tf, tf2

_REGULARIZATION_LOSSES = tf.GraphKeys.REGULARIZATION_LOSSES


class _State(threading.local):

  def __init__(self):
    super().__init__()
    self.stack = []          # active (store, call) pairs, innermost last
    self.in_getter = False   # inside our getter: let nested getters through
    self.made_eagerly = False  # the variable being made is out of the trace
    self.adopting = None     # a made variable a publisher's wrapper takes over


STATE = _State()


def active():
  """The innermost active `(store, call)` pair, or None."""
  return STATE.stack[-1] if STATE.stack else None


class CallState:
  """What one bridged call needs to remember while it runs."""

  def __init__(self, graph):
    self.graph = graph          # the graph the call started in
    self.plain_counts = {}      # plain tf.Variable name -> times seen
    self.created = []           # variables this call created


def _is_scalar(shape):
  if shape is None:
    return False
  try:
    return tf2.TensorShape(shape).rank == 0
  except (TypeError, ValueError):
    return False


def _check_graph(call, name):
  graph = tf.get_default_graph()
  if graph is call.graph:
    return
  # Control-flow branches and loop bodies are function graphs of their own
  # classes; only a plain function graph is a tf.function traced inside.
  if type(graph).__name__ == 'FuncGraph':
    raise ValueError(
        'Variable %r is requested inside a tf.function that is defined within '
        'a method decorated with track_tf1_style_variables. Its variables '
        'would belong to that inner function, not to the object: define the '
        'tf.function outside and call the decorated method from it.' % name)


class VariableStore:
  """Variables of one object by full name, in creation order."""

  def __init__(self, tracked, publish=None):
    # `tracked` is the list on the owner that tf.Module walks; appending to
    # it is what makes a variable visible to `variables` and checkpoints.
    # `publish` (optional) turns a new variable into what the owner's
    # framework tracks instead (a Keras 3 layer tracks Keras variables), the
    # variable itself staying what the model code reads and writes.
    self._tracked = tracked
    self._publish = publish
    self._published = {}     # id(variable) -> what `tracked` holds for it
    self._by_name = {}
    self.losses = []

  @property
  def variables(self):
    return list(self._by_name.values())

  def named_variables(self):
    """(graph-mode name, variable) pairs in creation order."""
    for key, var in self._by_name.items():
      yield (key if isinstance(key, str) else var.name.split(':')[0]), var

  def __contains__(self, name):
    return name in self._by_name

  def lookup(self, name):
    return self._by_name.get(name)

  def _add(self, key, var, call):
    published = var
    if self._publish is not None:
      STATE.adopting = var
      try:
        published = self._publish(var, key if isinstance(key, str) else None)
      finally:
        STATE.adopting = None
    self._by_name[key] = var
    self._published[id(var)] = published
    self._tracked.append(published)
    call.created.append(key)

  def published(self, var):
    """What the owner tracks for `var` (`var` itself without a publisher)."""
    return self._published.get(id(var), var)

  def forget(self, call):
    """Drops what a failed call created, leaving the store as before it."""
    for key in reversed(call.created):
      var = self._published.pop(id(self._by_name.pop(key)))
      for index in range(len(self._tracked) - 1, -1, -1):
        if self._tracked[index] is var:
          del self._tracked[index]
          break
    call.created = []

  def get(self, getter, name, call, kwargs):
    """Answers a get_variable request for the full name `name`."""
    _check_graph(call, name)
    partitioner = kwargs.get('partitioner')
    shape = kwargs.get('shape')
    if partitioner is not None and not _is_scalar(shape):
      raise ValueError(
          'Variable %r asks for a partitioner, which '
          'track_tf1_style_variables does not support (a partitioned '
          'variable is not one trackable object). Remove the partitioner '
          '(e.g. from the variable scope or arg_scope) for the bridged '
          'model.' % name)
    regularizer = kwargs.get('regularizer')
    kwargs = dict(kwargs, regularizer=None)
    var = self._by_name.get(name)
    if var is None:
      if kwargs.get('reuse') is True:
        raise ValueError(
            'Variable %r does not exist in this object, but reuse=True asks '
            'for an existing one. Create it first (reuse=None or '
            'tf.compat.v1.AUTO_REUSE): inside track_tf1_style_variables '
            'variables are reused automatically from the second call on.'
            % name)
      kwargs['reuse'] = tf.AUTO_REUSE
      with _made_eagerly(kwargs.get('initializer')):
        var = getter(name, **kwargs)
      self._add(name, var, call)
    else:
      _check_compatible(name, var, shape, kwargs.get('dtype'))
    if regularizer is not None:
      with tf.name_scope(name + '/Regularizer/'):
        loss = regularizer(var)
      if loss is not None:
        tf.add_to_collection(_REGULARIZATION_LOSSES, loss)
    return var

  def create_plain(self, next_creator, call, kwargs):
    """Answers a tf.Variable(...) made directly inside the call."""
    _check_graph(call, kwargs.get('name'))
    base = kwargs.get('name') or 'Variable'
    index = call.plain_counts.get(base, 0)
    call.plain_counts[base] = index + 1
    key = ('tf.Variable', base, index)
    var = self._by_name.get(key)
    if var is None:
      with _made_eagerly(kwargs.get('initial_value')):
        if STATE.made_eagerly:
          kwargs['experimental_enable_variable_lifting'] = False
        var = next_creator(**kwargs)
      self._add(key, var, call)
    return var


def _is_graph_tensor(value):
  return tf.is_tensor(value) and not hasattr(value, 'numpy')


@contextlib.contextmanager
def _made_eagerly(initial_value):
  """Makes a new variable eagerly (`tf.init_scope`), out of the tf.function
  being traced, unless its initial value is a tensor of that function.

  Left to the function, each variable would become one it initializes
  conditionally (a `tf.cond` per variable, built on the first trace, which
  tf.function then traces a second time): 25 s of inception_v3's 27 s first
  trace.  Made eagerly it holds its value at once, as on an eager first call,
  and the function merely captures it; it is also kept from tf.function's
  list of variables it made (`experimental_enable_variable_lifting`, see
  `creator`), so the first trace is the only one.
  """
  if _is_graph_tensor(initial_value):
    yield
    return
  with tf.init_scope():
    STATE.made_eagerly = True
    try:
      yield
    finally:
      STATE.made_eagerly = False


def _check_compatible(name, var, shape, dtype):
  if shape is not None:
    try:
      wanted = tf2.TensorShape(shape)
    except (TypeError, ValueError):
      wanted = None
    if wanted is not None and not wanted.is_compatible_with(var.shape):
      raise ValueError(
          'Trying to share variable %s, but specified shape %s and found '
          'shape %s.' % (name, wanted, var.shape))
  if dtype is not None:
    wanted = tf.as_dtype(dtype).base_dtype
    if wanted != var.dtype.base_dtype:
      raise ValueError(
          'Trying to share variable %s, but specified dtype %s and found '
          'dtype %s.' % (name, wanted.name, var.dtype.base_dtype.name))


def custom_getter(getter, name, *args, **kwargs):
  """Variable-scope custom getter sending requests to the active store."""
  top = active()
  if top is None or STATE.in_getter:
    return getter(name, *args, **kwargs)
  store, call = top
  STATE.in_getter = True
  try:
    return store.get(getter, name, call, kwargs)
  finally:
    STATE.in_getter = False


def creator(next_creator, **kwargs):
  """Variable creator for variables made without get_variable."""
  if STATE.adopting is not None:
    # A publisher's wrapper asks for the variable it wraps: hand it the one
    # the model code made instead of making a second.
    adopted, STATE.adopting = STATE.adopting, None
    return adopted
  top = active()
  if top is None:
    return next_creator(**kwargs)
  if STATE.in_getter:
    if STATE.made_eagerly:
      kwargs['experimental_enable_variable_lifting'] = False
    return next_creator(**kwargs)
  store, call = top
  return store.create_plain(next_creator, call, kwargs)
