"""Builds the same model with slimcompat and with the reference tf-slim and
turns both graphs into plain data that tests can compare.

Usage in a parity test::

    from tests.parity import harness

    def build(slim):
        slim.model_variable('w', shape=[3], initializer=...)

    ours, theirs = harness.build_both(build)
    assert ours.variables == theirs.variables

`build(slim)` is called once with `slimcompat` and once with the reference
`tf_slim`, each time in a fresh graph with the same graph seed.
"""

import collections
import contextlib
import functools
import importlib

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf
from slimcompat._compat import tf2
from tests import _repair

# Collections every comparison looks at; a test can name more.
STANDARD_COLLECTIONS = (
    tf.GraphKeys.GLOBAL_VARIABLES,
    tf.GraphKeys.LOCAL_VARIABLES,
    tf.GraphKeys.MODEL_VARIABLES,
    tf.GraphKeys.TRAINABLE_VARIABLES,
    tf.GraphKeys.REGULARIZATION_LOSSES,
    tf.GraphKeys.UPDATE_OPS,
    tf.GraphKeys.LOSSES,
    tf.GraphKeys.SUMMARIES,
    tf.GraphKeys.GLOBAL_STEP,
    tf.GraphKeys.QUEUE_RUNNERS,
    tf.GraphKeys.METRIC_VARIABLES,
)

VarFacts = collections.namedtuple(
    'VarFacts', 'shape dtype trainable device collections resource')

Built = collections.namedtuple('Built', 'graph result variables collections')


def reference():
  """The reference `tf_slim` package, with the repair table applied first."""
  _repair.apply()
  module = importlib.import_module('tf_slim')
  if getattr(module, '__file__', '').find('slimcompat') >= 0:
    raise RuntimeError('tf_slim resolves to slimcompat in this process: the '
                       'parity harness needs the real reference package.')
  return module


def _name_of(item):
  for attr in ('name',):
    value = getattr(item, attr, None)
    if isinstance(value, str):
      return value
  return repr(item)


def variable_facts(graph, extra_collections=()):
  """Maps each variable's name to its `VarFacts`."""
  facts = {}
  keys = [k for k in graph.get_all_collection_keys()]
  with graph.as_default():
    variables = (graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) +
                 graph.get_collection(tf.GraphKeys.LOCAL_VARIABLES))
  for keyset in (extra_collections,):
    keys.extend(k for k in keyset if k not in keys)
  for var in variables:
    member_of = tuple(sorted(
        k for k in keys
        if any(item is var for item in graph.get_collection(k))))
    facts[var.op.name] = VarFacts(
        shape=tuple(var.get_shape().as_list()),
        dtype=var.dtype.base_dtype.name,
        trainable=tf.GraphKeys.TRAINABLE_VARIABLES in member_of,
        device=var.device,
        collections=member_of,
        resource=var.op.type in ('VarHandleOp',))
  return facts


def collection_names(graph, keys=STANDARD_COLLECTIONS):
  """Maps each collection key to the names of its items, in order."""
  return {k: [_name_of(item) for item in graph.get_collection(k)]
          for k in keys}


@contextlib.contextmanager
def shape_behaviour(v1):
  """TF1 shape behaviour (``get_shape()[i]`` a `Dimension`, as under
  ``slimcompat run --tf1``) if `v1`, else v2's; restored on exit."""
  was_v1 = isinstance(tf.TensorShape([1])[0], tf.Dimension)
  if v1:
    tf.disable_v2_tensorshape()
  else:
    tf.enable_v2_tensorshape()
  try:
    yield
  finally:
    if was_v1:
      tf.disable_v2_tensorshape()
    else:
      tf.enable_v2_tensorshape()


def build(slim, build_fn, seed=1):
  """Calls `build_fn(slim)` in a fresh graph with graph seed `seed`."""
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(seed)
    result = build_fn(slim)
  return Built(graph, result, variable_facts(graph), collection_names(graph))


def build_both(build_fn, seed=1):
  """Returns `(ours, theirs)`: `build` with slimcompat and with the reference."""
  return build(slimcompat, build_fn, seed), build(reference(), build_fn, seed)


def run(built, fetches, feed_dict=None, values=None):
  """Initialises `built`'s variables (optionally to `values` by name) and
  evaluates `fetches` (a tensor, or a name, or a structure of them)."""
  graph = built.graph
  with graph.as_default():
    fetches = tf.nest.map_structure(
        lambda f: graph.as_graph_element(f) if isinstance(f, str) else f,
        fetches)
    with tf.Session(graph=graph) as sess:
      sess.run([tf.global_variables_initializer(),
                tf.local_variables_initializer()])
      if values:
        for var in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES):
          if var.op.name in values:
            var.load(values[var.op.name], sess)
      return sess.run(fetches, feed_dict=feed_dict)


def variable_values(built):
  """Initial values of every global variable of `built`, by op name."""
  graph = built.graph
  with graph.as_default(), tf.Session(graph=graph) as sess:
    sess.run(tf.global_variables_initializer())
    variables = graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
    return dict(zip([v.op.name for v in variables], sess.run(variables)))


def assert_close(ours, theirs, atol=1e-5):
  """Compares two nested structures of arrays with float32 tolerance."""
  flat_ours, flat_theirs = tf.nest.flatten(ours), tf.nest.flatten(theirs)
  assert len(flat_ours) == len(flat_theirs)
  for a, b in zip(flat_ours, flat_theirs):
    np.testing.assert_allclose(a, b, atol=atol, rtol=1e-5)


def _attempt(build, slim):
  """The exception class `build(slim)` raises in the default graph, or None."""
  try:
    build(slim)
  except Exception as err:  # any class may be the answer
    return type(err)
  return None


def raised_by(fn, slim):
  """The exception class `fn(slim)` raises in a fresh graph, or None."""
  with tf.Graph().as_default():
    return _attempt(fn, slim)


@functools.lru_cache(maxsize=None)
def reference_layer_path_error():
  """Why the reference cannot build its legacy-layer `batch_norm`, or None.

  tf-slim's default batch_norm (updates in UPDATE_OPS, no batch weights)
  delegates to the legacy BatchNormalization layer class, which it imports
  from tf_keras or the bundled Keras 2; under Keras 3 without tf_keras that
  import fails.  Probed once, on first use (not when tests are collected).

  Returns:
    None, or the name of the exception class the reference raised.
  """
  def build(slim):
    slim.batch_norm(tf.zeros([2, 1, 1, 3]))
  error = raised_by(build, reference())
  return None if error is None else error.__name__


# pytest evaluates a string condition when the test runs, in the test
# module's globals, which need not hold `harness` under that name.
_LAYER_PATH_MISSING = ('__import__("tests.parity.harness", fromlist=["_"])'
                       '.reference_layer_path_error() is not None')


def needs_reference_layer_path(what):
  """A strict xfail for tests that build the reference's legacy-layer path.

  Where the reference cannot import the legacy layer class (Keras 3 without
  tf_keras) it raises ImportError; where it can (TF 2.12, 2.15) the test must
  pass.

  Args:
    what: which reference call takes that path, for the reason text.
  """
  return pytest.mark.xfail(
      _LAYER_PATH_MISSING, strict=True, raises=ImportError,
      reason='%s goes through the reference batch_norm\'s legacy Keras '
      'BatchNormalization layer, which it cannot import here (no tf_keras '
      'under Keras 3); checked where it can (TF 2.12)' % what)


# ------------------------------------------------------------ comparators
# The one set of comparators parity tests use; how strict a comparison is
# is chosen by the options at the call, not by which file a case lives in.
def ops(built_or_graph, *, devices=False, colocation=False, inputs=False):
  """The graph's ops in creation order: (name, type) plus, when asked, the
  device, the colocation groups and the input tensor names."""
  graph = getattr(built_or_graph, 'graph', built_or_graph)
  described = []
  for op in graph.get_operations():
    item = (op.name, op.type)
    if devices:
      item += (op.device,)
    if colocation:
      item += (tuple(op.colocation_groups()),)
    if inputs:
      item += (tuple(t.name for t in op.inputs),)
    described.append(item)
  return described


def describe(value):
  """A result as plain data, keeping its structure: each tensor or variable
  as (name, shape, dtype, aliases), a SparseTensor as its three parts."""
  if isinstance(value, tf.SparseTensor):
    return ('SparseTensor', describe(value.indices), describe(value.values),
            describe(value.dense_shape))
  if isinstance(value, (tf2.Tensor, tf2.Variable)):
    aliases = (getattr(value, 'aliases', None)
               if isinstance(value, tf.Tensor) else None)
    return (value.name, str(value.shape), value.dtype.name, aliases)
  if isinstance(value, dict):
    return {key: describe(item) for key, item in value.items()}
  if isinstance(value, (list, tuple)):
    return [describe(item) for item in value] if isinstance(
        value, list) else tuple(describe(item) for item in value)
  return value


def assert_same_values(ours, theirs, *, atol=1e-5, rtol=1e-5):
  """Fetched results equal leaf by leaf (None leaves dropped): same dtype and
  shape, floats within tolerance, everything else exactly."""
  def leaves(value):
    return [x for x in tf.nest.flatten(value, expand_composites=True)
            if x is not None]
  a, b = leaves(ours), leaves(theirs)
  assert len(a) == len(b), (len(a), len(b))
  for x, y in zip(a, b):
    x, y = np.asarray(x), np.asarray(y)
    assert (x.dtype, x.shape) == (y.dtype, y.shape)
    if x.dtype.kind in 'fc':
      np.testing.assert_allclose(x, y, atol=atol, rtol=rtol)
    else:
      np.testing.assert_array_equal(x, y)


def raised_and_left(build, slim, left=None):
  """(the class `build(slim)` raises or None, `left(graph)` afterwards)."""
  with tf.Graph().as_default() as graph:
    return _attempt(build, slim), (left(graph) if left else None)


def _ours_raised_clean_and_left(build, no_variables, free_scope, left):
  with tf.Graph().as_default() as graph:
    raised = _attempt(build, slimcompat)
    assert graph.get_name_scope() == ''
    assert tf.get_variable_scope().name == ''
    assert slimcompat.current_arg_scope() == {}
    if no_variables:
      assert tf.global_variables() == []
    if free_scope:
      with tf.variable_scope(None, free_scope) as scope:
        assert scope.name == free_scope
    return raised, (left(graph) if left else None)


def raised_and_clean(build, *, no_variables=False, free_scope=None):
  """The class slimcompat raises on `build(slimcompat)`, checking that it
  leaves no scope (name, variable or arg_scope) open and, with the options,
  no variable and the default scope name `free_scope` still free."""
  return _ours_raised_clean_and_left(build, no_variables, free_scope, None)[0]


def assert_raises_like_reference(build, *, left=None, no_variables=False,
                                 free_scope=None):
  """The one bad-input test: the reference rejects `build(slim)`, slimcompat
  raises the same class, leaves no scope open (see `raised_and_clean`) and,
  with `left` (graph -> state), leaves the same state as the reference."""
  theirs, theirs_left = raised_and_left(build, reference(), left)
  if theirs is not None and issubclass(theirs, ImportError):
    raise theirs('the reference could not build this case')
  assert theirs is not None, 'the reference accepts this input'
  ours, ours_left = _ours_raised_clean_and_left(build, no_variables,
                                                free_scope, left)
  assert ours is theirs, (ours, theirs)
  assert ours_left == theirs_left
