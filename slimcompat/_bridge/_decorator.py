"""`track_tf1_style_variables`: TF1-style model code as a TF2 object's method.

What a decorated call does when TensorFlow 2 behaviour is on (eagerly, or in
a `tf.function`):

* variables of the call (every slim layer, `slim.variable`,
  ``tf.compat.v1.get_variable``, a plain ``tf.Variable``) go to a store kept on
  the object (`_store.py`): created on the first call, reused afterwards,
  never shared with another object; the object lists them, in creation order,
  in the tracked attribute ``_slim_variables``, so `tf.Module.variables`,
  `tf.train.Checkpoint` and `tf.saved_model.save` see them.  Names are those of
  a graph-mode build in a fresh graph: auto-named scopes (``Conv``,
  ``Conv_1``) are counted afresh on every call, so the second call reuses what
  the first one created.
* regularization losses of the call (fresh tensors, differentiable under a
  `tf.GradientTape`) are left on the object as ``obj.losses`` (a plain list,
  unless the class defines ``losses`` itself) and, for a `SlimModule`, as its
  ``losses`` property; a nested bridged call's losses are part of its
  caller's.
* batch-norm moving averages are updated by the call itself when eager and by
  automatic control dependencies inside a `tf.function`.
* an eager call leaves the global graph collections exactly as it found them.
* inside a `tf.function` the method is not converted by AutoGraph (TF1-style
  code expresses its control flow with ops such as `tf.cond`).
* on a Keras 3 layer (the ``call`` of a ``keras.layers.Layer`` subclass) the
  variables are created when Keras builds the layer, each published as a
  Keras variable wrapping it (so Keras' weights, optimizers and saving see
  them), and the losses are added with ``add_loss``: see ``_keras.py``.

In TF1 graph mode (eager execution disabled) the method runs unchanged, so a
graph build fills the collections and works with `Saver` as before.
"""

import functools
import importlib
import sys
import types

from slimcompat._bridge import _store
from slimcompat._compat import tf, tf2

# TensorFlow keeps the variable-scope bookkeeping (current scope, counts of
# auto-named scopes) and the v1 variable store in these two graph collections.
# Swapping their contents for the time of a call gives the call fresh scope
# counts and a fresh store without touching either object.
_SCOPE_STORE_KEY = ('__varscope',)
_VARIABLE_STORE_KEY = ('__variable_store',)
_INTERNAL_KEYS = (_SCOPE_STORE_KEY, _VARIABLE_STORE_KEY)
_REGULARIZATION_LOSSES = tf.GraphKeys.REGULARIZATION_LOSSES

STORE_ATTRIBUTE = '_slim_store'
TRACKED_ATTRIBUTE = '_slim_variables'


def store_of(obj, create=False, publish=None):
  """The `VariableStore` of a bridged object (None before its first call
  unless `create`)."""
  store = vars(obj).get(STORE_ATTRIBUTE)
  if store is None and create:
    # On a tf.Module (or a Keras layer) the list assigned here is wrapped
    # into a tracked list; the store appends to that wrapped list.
    setattr(obj, TRACKED_ATTRIBUTE, [])
    store = _store.VariableStore(getattr(obj, TRACKED_ATTRIBUTE), publish)
    object.__setattr__(obj, STORE_ATTRIBUTE, store)
  return store


def _keras3_layer_class(cls):
  """Whether `cls` is a Keras 3 layer class, decided without importing Keras
  (a class deriving from one means Keras is imported already)."""
  keras = sys.modules.get('keras')
  if keras is None or not str(getattr(keras, '__version__', '')).startswith(
      '3'):
    return False
  layers = getattr(keras, 'layers', None)
  return isinstance(cls, type) and issubclass(cls, layers.Layer)


def _keras_adapter():
  return importlib.import_module('slimcompat._bridge._keras')


def _snapshot(graph):
  return {key: list(graph.get_collection(key))
          for key in graph.get_all_collection_keys()}


def _restore(graph, saved):
  for key in graph.get_all_collection_keys():
    graph.get_collection_ref(key)[:] = saved.get(key, [])


def _publish_losses(obj, losses):
  if not hasattr(type(obj), 'losses'):
    object.__setattr__(obj, 'losses', list(losses))


def track_tf1_style_variables(method):
  """Decorates a method whose body is TF1-style (slim) model code.

  The object (a `tf.Module`, or any object that takes attributes) owns the
  variables the method creates; see this module's docstring for what a call
  guarantees.  Errors raised before a first call finished leave the object
  without the variables that call had made.

  Args:
    method: the method, e.g. ``__call__`` of a `tf.Module` subclass.

  Returns:
    The decorated method.
  """

  @functools.wraps(method)
  def tracked(self, *args, **kwargs):
    if not tf.executing_eagerly_outside_functions():
      return method(self, *args, **kwargs)
    keras = _keras_adapter() if _keras3_layer_class(type(self)) else None
    store = store_of(self, create=True,
                     publish=keras.publisher(self) if keras else None)
    graph = tf.get_default_graph()
    outermost_eager = tf2.executing_eagerly() and not _store.STATE.stack
    saved = _snapshot(graph) if outermost_eager else None
    scope = tf.get_variable_scope()
    internal = {key: list(graph.get_collection(key)) for key in _INTERNAL_KEYS}
    for key in _INTERNAL_KEYS:
      del graph.get_collection_ref(key)[:]
    before = set(id(loss) for loss in graph.get_collection(
        _REGULARIZATION_LOSSES))
    call = _store.CallState(graph)
    _store.STATE.stack.append((store, call))
    try:
      with tf.variable_scope(scope, custom_getter=_store.custom_getter,
                             auxiliary_name_scope=False), \
          tf2.variable_creator_scope(_store.creator):
        result = method(self, *args, **kwargs)
      losses = [loss for loss in graph.get_collection(_REGULARIZATION_LOSSES)
                if id(loss) not in before]
    except BaseException:
      store.forget(call)
      raise
    finally:
      _store.STATE.stack.pop()
      for key, items in internal.items():
        graph.get_collection_ref(key)[:] = items
      if saved is not None:
        _restore(graph, saved)
    store.losses = losses
    if keras:
      keras.add_losses(self, losses)
    else:
      _publish_losses(self, losses)
    return result

  # TF1-style code is graph code already: AutoGraph would only re-parse
  # every slim layer on each trace (most of a trace's time), so the method
  # and everything it calls run as written.
  tracked = tf2.autograph.experimental.do_not_convert(tracked)
  tracked.__tf1_style_tracked__ = True
  return _TrackedMethod(tracked)


class _TrackedMethod:
  """The decorated method: a plain function to every caller, which also
  learns the class it is defined in.  On a Keras 3 layer class whose
  ``call`` it is, the class is given a ``build`` that creates the variables
  (Keras accepts new variables only while it builds a layer)."""

  def __init__(self, function):
    functools.update_wrapper(self, function)
    self.__tf1_style_tracked__ = True
    self._function = function

  def __set_name__(self, owner, name):
    if name == 'call' and _keras3_layer_class(owner):
      _keras_adapter().give_build(owner)

  def __get__(self, obj, objtype=None):
    if obj is None:
      return self._function
    return types.MethodType(self._function, obj)

  def __call__(self, *args, **kwargs):
    return self._function(*args, **kwargs)
