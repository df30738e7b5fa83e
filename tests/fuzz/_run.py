"""Runs one fuzz case against one slim package and reports what it left.

`run(slim, case)` builds the case's inputs in a fresh graph, takes a
`snapshot` of everything a failed call could leave behind, makes the call,
and, if it raised, compares a second snapshot with the first and retries the
corrected call (the base call, same scope) in the same graph.
"""

import collections
import functools
import importlib

from slimcompat._compat import tf
from tests.fuzz import _cases

# TensorFlow keeps the variable store and the variable-scope counters in
# graph collections under these (private) tuple keys.
_VARSTORE_KEY = ('__variable_store',)
_VARSCOPE_KEY = ('__varscope',)

Outcome = collections.namedtuple('Outcome', 'error message debris retry_error')
# error: the exception class raised (None: the call succeeded); message: its
# text; debris: names of the parts of the graph state that changed although
# the call raised (empty: none); retry_error: the class the corrected retry
# raised (None: it succeeded, or there was nothing to retry).


def _arg_stack(slim):
  module = importlib.import_module(slim.__name__ + '.ops.arg_scope')
  stack = getattr(module, '_ARGSTACK', None)  # the reference: one global list
  if stack is None:
    stack = module._STACK.scopes  # pylint: disable=protected-access
  return stack


def _item_name(item):
  name = getattr(item, 'name', None)
  return name if isinstance(name, str) else type(item).__name__


def snapshot(graph, slim):
  """Everything a failed layer call could leave behind, as comparable data."""
  scope_name = tf.get_variable_scope().name  # also creates the scope store
  state = {
      'ops': frozenset(op.name for op in graph.get_operations()),
      'names in use': frozenset(graph._names_in_use),  # pylint: disable=protected-access
      'name scope': graph.get_name_scope(),
      'variable scope': scope_name,
  }
  for key in graph.get_all_collection_keys():
    state['collection ' + key] = tuple(
        _item_name(item) for item in graph.get_collection(key))
  store = graph.get_collection(_VARSTORE_KEY)
  # pylint: disable=protected-access
  state['variable store'] = frozenset(store[0]._vars) if store else frozenset()
  state['partitioned store'] = (frozenset(store[0]._partitioned_vars)
                                if store else frozenset())
  scopes = graph.get_collection(_VARSCOPE_KEY)
  state['scope counts'] = (tuple(sorted(
      scopes[0].variable_scopes_count.items())) if scopes else ())
  state['arg_scope stack'] = tuple(
      tuple(sorted((k, tuple(sorted(v))) for k, v in level.items()))
      for level in _arg_stack(slim))
  return state


def diff(before, after):
  """The names of the parts of the state that differ, with a short sample."""
  parts = []
  for key in sorted(set(before) | set(after)):
    old, new = before.get(key, ()), after.get(key, ())
    if old == new:
      continue
    if isinstance(old, frozenset) and isinstance(new, frozenset):
      added = sorted(new - old)
      parts.append('%s +%d %s' % (key, len(added), added[:2]))
    elif key.startswith('collection '):
      if not old and not new:
        continue
      parts.append('%s +%s' % (key, list(new[len(old):])[:2]))
    else:
      parts.append('%s %r -> %r' % (key, old, new))
  return tuple(parts)


def _call(slim, key, values, changed, via_arg_scope):
  """Calls base `key` with `values`, `changed` either passed in the call or
  set by an arg_scope around it."""
  name = _cases.function_name(key)
  if name == 'arg_scope':
    values = dict(values, **changed)
    with slim.arg_scope(values['list_ops_or_scope'],
                        **values['arg_scope_kwargs']):
      return slim.conv2d(values['inputs'], 4, 3, scope='L')
  fn = resolve(slim, name)
  if via_arg_scope:
    kwargs = {k: v for k, v in values.items() if k not in changed}
    with slim.arg_scope([fn], **changed):
      return _invoke(fn, name, kwargs)
  return _invoke(fn, name, dict(values, **changed))


def resolve(slim, name):
  """The function `name` of package `slim`: 'conv2d', 'losses.log_loss'."""
  return functools.reduce(getattr, name.split('.'), slim)


def _invoke(fn, name, kwargs):
  kwargs = dict(kwargs)
  positional = [kwargs.pop(arg) for arg in _cases.POSITIONAL.get(name, ())]
  args = tuple(kwargs.pop('args', ()))
  extra = kwargs.pop('kwargs', {})
  kwargs.update(extra)
  return fn(*(positional + list(args)), **kwargs)


def run(slim, case, retry=False):
  """Runs `case` with `slim` in a fresh graph; returns an `Outcome`."""
  stack = _arg_stack(slim)
  saved_stack = list(stack)
  graph = tf.Graph()
  try:
    with graph.as_default():
      tf.set_random_seed(1)
      base = _cases.BASES[case.function]
      values = {name: value.make(slim) for name, value in base.items()}
      changed = {name: value.make(slim) for name, value in case.changes}
      before = snapshot(graph, slim)
      error = None
      try:
        _call(slim, case.function, values, changed, case.via_arg_scope)
      except Exception as err:  # pylint: disable=broad-except
        error = err
      if error is None:
        return Outcome(None, '', (), None)
      debris = diff(before, snapshot(graph, slim))
      retry_error = None
      if retry:
        stack[:] = saved_stack
        try:
          _call(slim, case.function, values, {}, False)
        except Exception as err:  # pylint: disable=broad-except
          retry_error = type(err)
      return Outcome(type(error), str(error), debris, retry_error)
  finally:
    stack[:] = saved_stack
