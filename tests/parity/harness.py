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


def raised_by(fn, slim):
  """The exception class `fn(slim)` raises in a fresh graph, or None."""
  with tf.Graph().as_default():
    try:
      fn(slim)
    except Exception as err:  # pylint: disable=broad-except
      return type(err)
  return None


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
