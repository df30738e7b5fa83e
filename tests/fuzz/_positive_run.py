"""Builds one positive fuzz case with one slim package and describes the graph.

`run(slim, case)` builds the case in a fresh graph (through `_run`'s call
helpers, so the arg_scope and positional conventions are the bad-input
fuzz's) and returns a `Built`: the exception class if the call raised,
otherwise the graph as plain data — every variable (name, shape, dtype),
every collection (the names of its items, in order) and the outputs (name,
shape, dtype).  `classify` compares slimcompat's with the reference's.
"""

import collections
import inspect

from slimcompat._compat import tf
from tests.fuzz import _positive_cases
from tests.fuzz import _run

Built = collections.namedtuple('Built', 'error message graph')

# Outcome categories, in the order reports list them.
SAME = 'same graph'
DIFFERENT = 'different graph'
OURS_REFUSES = 'slimcompat refuses what the reference builds'
REFERENCE_REFUSES = 'reference refuses (not compared)'
REFERENCE_CANNOT = 'reference cannot run (ImportError)'
FAILURES = (DIFFERENT, OURS_REFUSES)


def signatures(slim):
  """{function name: parameter names} for every base of the fuzz."""
  names = {_positive_cases.function_name(k) for k in _positive_cases.BASES}
  return {n: list(inspect.signature(_run.resolve(slim, n)).parameters)
          for n in names}


def _output(value):
  if isinstance(value, (tf.Tensor, tf.Variable)):
    return (value.name, str(value.shape), value.dtype.base_dtype.name)
  if isinstance(value, tf.Operation):
    return (value.name, value.type)
  return (type(value).__name__,)


def describe(graph, outputs):
  """The graph a successful call built, as comparable data."""
  variables = tuple(
      (v.op.name, str(v.shape), v.dtype.base_dtype.name)
      for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) +
      graph.get_collection(tf.GraphKeys.LOCAL_VARIABLES))
  keys = sorted(k for k in graph.get_all_collection_keys()
                if isinstance(k, str) and not k.startswith('__'))
  collections_ = tuple(
      (k, tuple(_run._item_name(i) for i in graph.get_collection(k)))  # pylint: disable=protected-access
      for k in keys if graph.get_collection(k))  # an empty one is no part
  outputs = tuple(_output(o) for o in tf.nest.flatten(outputs))
  return {'variables': variables, 'collections': collections_,
          'outputs': outputs}


def run(slim, case):
  """Builds `case` with `slim` in a fresh graph; returns a `Built`."""
  stack = _run._arg_stack(slim)  # pylint: disable=protected-access
  saved_stack = list(stack)
  graph = tf.Graph()
  try:
    with graph.as_default():
      tf.set_random_seed(1)
      base = _positive_cases.BASES[case.function]
      values = {name: value.make(slim) for name, value in base.items()}
      changed = {name: value.make(slim) for name, value in case.changes}
      try:
        outputs = _run._call(slim, case.function, values, changed,  # pylint: disable=protected-access
                             case.via_arg_scope)
      except Exception as err:  # pylint: disable=broad-except
        return Built(type(err), str(err), None)
      return Built(None, '', describe(graph, outputs))
  finally:
    stack[:] = saved_stack


def classify(ours, theirs):
  """(category, detail) for slimcompat's and the reference's `Built`."""
  if theirs.error is not None:
    if issubclass(theirs.error, ImportError):
      return REFERENCE_CANNOT, theirs.message[:120]
    return REFERENCE_REFUSES, theirs.error.__name__
  if ours.error is not None:
    return OURS_REFUSES, '%s: %s' % (ours.error.__name__, ours.message[:300])
  if ours.graph != theirs.graph:
    return DIFFERENT, _difference(ours.graph, theirs.graph)
  return SAME, ''


def _difference(ours, theirs):
  parts = []
  for key in ('variables', 'outputs'):
    if ours[key] != theirs[key]:
      parts.append('%s: ours %s, reference %s' % (key, ours[key],
                                                   theirs[key]))
  ours_c, theirs_c = dict(ours['collections']), dict(theirs['collections'])
  for key in sorted(set(ours_c) | set(theirs_c)):
    if ours_c.get(key) != theirs_c.get(key):
      parts.append('collection %s: ours %s, reference %s' % (
          key, ours_c.get(key), theirs_c.get(key)))
  return '; '.join(parts)[:600]
