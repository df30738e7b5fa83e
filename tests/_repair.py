"""The repair table for the reference tf-slim 1.1.0 (test process only).

tf-slim 1.1.0 and its own test files reach for TensorFlow-private names that
moved after TF 2.13 (``array_ops.stack`` now lives in ``array_ops_stack``, and
so on).  `TABLE` lists each moved name once, in the manner of six's
``MovedAttribute``: where the old code looks for it, and where it lives now.
`apply()` restores every entry whose old name is missing by aliasing it to the
object at the new place.  On TensorFlow versions where the old name still
exists the entry is left alone.  A few other kinds of entry cover the rest of
what the 1.1.0 test files need: a moved module path (`MovedModule`), a
constructor keyword TensorFlow dropped (`DroppedKeyword`) and a missing
third-party module (`StubModule`, for ``nose.tools.nottest``).

Only the test process calls this (the parity harness and the upstream-suite
oracle); slimcompat itself never does.  What the table cannot restore (the
legacy Keras layers that ``tensorflow.python.layers`` forwards to ``tf_keras``,
for instance) is not faked: it is reported as missing, and tests that need it
are listed as strict xfails in ``tests/upstream/xfail.txt``.
"""

import collections
import importlib
import inspect
import sys
import types

# One moved name.  `old_module.old_name` is where tf-slim 1.1.0 (or its tests)
# looks for it; `new` is 'module:attribute' (where it lives now) or a callable
# that builds the object to put there.  `needs` is a short note on what the
# entry depends on when it cannot be restored.
# `test_code`: only applied for the upstream test files themselves
# (``apply(test_code=True)``), never in slimcompat's own test runs, where it
# could hide a use of the same removed name by slimcompat.
MovedAttribute = collections.namedtuple(
    'MovedAttribute', 'old_module old_name new needs test_code')
MovedAttribute.__new__.__defaults__ = ('', False)

# A module that moved: `old` is the name TensorFlow's own forwarding code
# imports, `new` where it lives now.  Applied only while `needed_by`
# ('module:attr') cannot be reached; `needs` says what it depends on.
MovedModule = collections.namedtuple('MovedModule', 'old new needed_by needs')
MovedModule.__new__.__defaults__ = ('', '')

# A keyword argument a TF-private class no longer accepts: where TensorFlow
# dropped `keyword` from `module.name`'s constructor, the class is replaced (in
# the test process) by a subclass that accepts the keyword and drops it.
DroppedKeyword = collections.namedtuple('DroppedKeyword',
                                        'module name keyword note')
DroppedKeyword.__new__.__defaults__ = ('',)

# A module that a test file imports but that is not installed (or does not
# import on this Python); `attributes` maps name -> 'module:attr' or callable.
StubModule = collections.namedtuple('StubModule', 'name attributes needs')
StubModule.__new__.__defaults__ = ('',)

_FW = 'tensorflow.python.framework.'
_OPS = 'tensorflow.python.ops.'


def _nottest(function):
  """Stand-in for nose.tools.nottest: marks `function` as not a test."""
  function.__test__ = False
  return function


TABLE = (
    # Framework classes that left framework/ops.py in TF 2.14.
    MovedAttribute(_FW + 'ops', 'Tensor', _FW + 'tensor:Tensor'),
    MovedAttribute(_FW + 'ops', 'IndexedSlices',
                   _FW + 'indexed_slices:IndexedSlices'),
    # array_ops.stack/unstack moved to array_ops_stack (TF 2.13).
    MovedAttribute(_OPS + 'array_ops', 'stack', _OPS + 'array_ops_stack:stack'),
    MovedAttribute(_OPS + 'array_ops', 'unstack',
                   _OPS + 'array_ops_stack:unstack'),
    # control_flow_ops was split into one module per construct (TF 2.13/2.14).
    MovedAttribute(_OPS + 'control_flow_ops', 'cond', _OPS + 'cond:cond'),
    MovedAttribute(_OPS + 'control_flow_ops', 'case',
                   _OPS + 'control_flow_case:case'),
    MovedAttribute(_OPS + 'control_flow_ops', 'Assert',
                   _OPS + 'control_flow_assert:Assert'),
    MovedAttribute(_OPS + 'control_flow_ops', 'while_loop',
                   _OPS + 'while_loop:while_loop'),
    # The v1 Variable class and its factory left variables/variable_scope.
    MovedAttribute(_OPS + 'variables', 'VariableV1',
                   _OPS + 'variable_v1:VariableV1'),
    # Before the move `variable_scope.variable` was this very class.
    MovedAttribute(_OPS + 'variable_scope', 'variable',
                   _OPS + 'variable_v1:VariableV1'),
    # The resource-variable switch moved to resource_variables_toggle.
    MovedAttribute(_OPS + 'variable_scope', 'enable_resource_variables',
                   _OPS + 'resource_variables_toggle:enable_resource_variables'),
    MovedAttribute(_OPS + 'variable_scope', 'disable_resource_variables',
                   _OPS + 'resource_variables_toggle:disable_resource_variables'),
    MovedAttribute(_OPS + 'variable_scope', 'resource_variables_enabled',
                   _OPS + 'resource_variables_toggle:resource_variables_enabled'),
    # DumpingDebugHook lost `log_usage` (it only switched usage logging off);
    # evaluation_test.py's testAdditionalHooks passes it.
    DroppedKeyword('tensorflow.python.debug.wrappers.hooks', 'DumpingDebugHook',
                   'log_usage'),
    # NumPy 1.24 removed the aliases of builtins that three test files use in
    # their own code (sparse_ops_test: np.bool, np.object; metric_learning_test:
    # np.float).  They meant the builtins, as NumPy < 1.24 did.
    MovedAttribute('numpy', 'bool', lambda: bool, test_code=True),
    MovedAttribute('numpy', 'object', lambda: object, test_code=True),
    MovedAttribute('numpy', 'float', lambda: float, test_code=True),
    # evaluation_test.py imports nose (unmaintained; broken on Python >= 3.10)
    # for this one decorator.
    StubModule('nose.tools', {'nottest': lambda: _nottest}),
    # TF >= 2.16 forwards tensorflow.python.layers.normalization (tf-slim's
    # non-fused batch_norm, rev_block_lib_test) to
    # tf_keras.legacy_tf_layers.normalization, a path tf_keras 2.16+ only has
    # under tf_keras.src.  Restorable only where tf_keras is installed; Keras 3
    # has no legacy layers and they are not faked.
    MovedModule('tf_keras.legacy_tf_layers.normalization',
                'tf_keras.src.legacy_tf_layers.normalization',
                needed_by='tensorflow.python.layers.normalization:'
                'BatchNormalization',
                needs='tf_keras (legacy Keras layers); not faked'),
)

_REPORT = {'repaired': [], 'missing': []}
_DONE = set()


def _resolve(new):
  """The object `new` names ('module:attr') or builds (a callable)."""
  if callable(new):
    return new()
  module_name, _, attribute = new.partition(':')
  return getattr(importlib.import_module(module_name), attribute)


def _has(module, name):
  """hasattr that also treats a failing lazy attribute as absent."""
  try:
    getattr(module, name)
  except Exception:
    return False
  return True


def _label(entry):
  if isinstance(entry, StubModule):
    return entry.name
  if isinstance(entry, MovedModule):
    return entry.old
  if isinstance(entry, DroppedKeyword):
    return '%s.%s(%s=)' % (entry.module, entry.name, entry.keyword)
  return '%s.%s' % (entry.old_module, entry.old_name)


def _apply_moved(entry, report):
  try:
    module = importlib.import_module(entry.old_module)
  except Exception as err:
    report['missing'].append('%s: %s: %s' % (_label(entry),
                                             type(err).__name__, err))
    return
  if _has(module, entry.old_name):
    return
  try:
    value = _resolve(entry.new)
  except Exception as err:
    reason = entry.needs or '%s: %s' % (type(err).__name__, err)
    report['missing'].append('%s (%s)' % (_label(entry), reason))
    return
  setattr(module, entry.old_name, value)
  report['repaired'].append(_label(entry))


def _reachable(target):
  try:
    _resolve(target)
  except Exception:
    return False
  return True


def _apply_module(entry, report):
  if entry.needed_by and _reachable(entry.needed_by):
    return
  if entry.old in sys.modules:
    return
  try:
    importlib.import_module(entry.old)
    return
  except Exception:
    pass
  try:
    importlib.import_module(entry.new)
  except Exception as err:
    reason = entry.needs or '%s: %s' % (type(err).__name__, err)
    report['missing'].append('%s (%s)' % (_label(entry), reason))
    return
  # Alias the module and each missing parent package whose new place has
  # the same trailing name (tf_keras.legacy_tf_layers -> tf_keras.src....).
  old_parts, new_parts = entry.old.split('.'), entry.new.split('.')
  while len(old_parts) > 1 and old_parts[-1] == new_parts[-1]:
    old_name, new_name = '.'.join(old_parts), '.'.join(new_parts)
    if old_name not in sys.modules:
      sys.modules[old_name] = importlib.import_module(new_name)
    parent_name = '.'.join(old_parts[:-1])
    parent = sys.modules.get(parent_name)
    if parent is None:
      try:
        parent = importlib.import_module(parent_name)
      except ImportError:
        parent = None
    if parent is not None:
      setattr(parent, old_parts[-1], sys.modules[old_name])
      break
    old_parts, new_parts = old_parts[:-1], new_parts[:-1]
  if entry.needed_by and not _reachable(entry.needed_by):
    report['missing'].append('%s (aliased, but %s is still unreachable)' %
                             (_label(entry), entry.needed_by))
    return
  report['repaired'].append(_label(entry))


def _apply_dropped_keyword(entry, report):
  try:
    module = importlib.import_module(entry.module)
    original = getattr(module, entry.name)
    accepted = inspect.signature(original.__init__).parameters
  except Exception as err:
    report['missing'].append('%s (%s: %s)' % (_label(entry),
                                              type(err).__name__, err))
    return
  if entry.keyword in accepted:
    return
  keyword = entry.keyword

  def __init__(self, *args, **kwargs):
    kwargs.pop(keyword, None)
    original.__init__(self, *args, **kwargs)

  replacement = type(original.__name__, (original,), {
      '__init__': __init__, '__module__': original.__module__,
      '__doc__': 'Test-process stand-in accepting %r (tests/_repair.py).' %
                 keyword})
  setattr(module, entry.name, replacement)
  report['repaired'].append(_label(entry))


def _apply_stub(entry, report):
  try:
    module = importlib.import_module(entry.name)
    if all(_has(module, name) for name in entry.attributes):
      return
  except Exception:
    pass
  # Build the module and every missing parent package as plain modules.
  parts = entry.name.split('.')
  parent = None
  for depth in range(1, len(parts) + 1):
    name = '.'.join(parts[:depth])
    module = sys.modules.get(name)
    if module is None or (depth < len(parts) and
                          not hasattr(module, '__path__')):
      module = types.ModuleType(name, 'Test-process stub (tests/_repair.py).')
      module.__path__ = []
      sys.modules[name] = module
    if parent is not None:
      setattr(parent, parts[depth - 1], module)
    parent = module
  for name, new in entry.attributes.items():
    setattr(parent, name, _resolve(new))
  report['repaired'].append(_label(entry) + ' (stub)')


def apply(test_code=False):
  """Restores every moved name in `TABLE` that is missing on this TensorFlow.

  Idempotent: each entry is applied at most once per process and every call
  returns the same (cumulative) report.

  Args:
    test_code: also apply the entries only the upstream test files need
      (``test_code=True`` entries); the upstream conftest passes True.

  Returns:
    A dict with 'repaired' (labels of the names it restored) and 'missing'
    (labels, with the reason, of names it could not restore).
  """
  for index, entry in enumerate(TABLE):
    if index in _DONE or (getattr(entry, 'test_code', False) and
                          not test_code):
      continue
    _DONE.add(index)
    if isinstance(entry, StubModule):
      _apply_stub(entry, _REPORT)
    elif isinstance(entry, MovedModule):
      _apply_module(entry, _REPORT)
    elif isinstance(entry, DroppedKeyword):
      _apply_dropped_keyword(entry, _REPORT)
    else:
      _apply_moved(entry, _REPORT)
  return _REPORT
