"""Surface parity: every public name of tf-slim 1.1.0 exists in slimcompat.

For each module path listed in ``tests/surface_modules.txt`` (the lead adds a
line as each part lands), every public name of the reference module must exist
at the same path in slimcompat (``tf_slim.X`` -> ``slimcompat.X``) and, where
it is callable, have the same ``inspect.signature``: the same parameters in the
same order, of the same kinds, with equal defaults.  Public methods of classes
tf-slim defines are checked the same way (``Class.method``).

A module's public names are its ``__all__`` if it has one.  Otherwise they are
the public names bound in it that belong to tf-slim: functions and classes
defined in tf-slim (for a leaf module: defined in that very module),
``functools.partial`` objects over tf-slim functions, plain constants, and
(for packages) tf-slim modules bound under another name or by the package's
own import statements (``slim.losses``, ``slim.train_eval``, ``slim.utils``).
"""

import ast
import functools
import importlib
import inspect
import os
import re
import types

import pytest

from tests.parity import harness

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, 'surface_modules.txt')
CONSTANT_TYPES = (str, bytes, int, float, bool, tuple, list, dict, set,
                  frozenset, type(None), re.Pattern)


def manifest_modules():
  modules = []
  with open(MANIFEST) as manifest:
    for line in manifest:
      line = line.split('#', 1)[0].strip()
      if line:
        modules.append(line)
  return modules


def reference_module_paths():
  """Every module path of the reference package (test files excluded)."""
  root = os.path.dirname(harness.reference().__file__)
  paths = []
  for directory, _, files in os.walk(root):
    for name in files:
      if not name.endswith('.py') or name.endswith('_test.py'):
        continue
      relative = os.path.relpath(os.path.join(directory, name), root)[:-3]
      parts = ['tf_slim'] + relative.split(os.sep)
      if parts[-1] == '__init__':
        parts.pop()
      paths.append('.'.join(parts))
  return sorted(paths)


def ours_name(reference_name):
  """slimcompat's module path for a tf_slim module path."""
  assert reference_name == 'tf_slim' or reference_name.startswith('tf_slim.')
  return 'slimcompat' + reference_name[len('tf_slim'):]


def _is_package(module):
  return hasattr(module, '__path__')


def _imported_names(module):
  """Names the module's own source binds with import statements."""
  with open(module.__file__) as source:
    tree = ast.parse(source.read())
  names = set()
  for node in tree.body:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
      for alias in node.names:
        if alias.name != '*':
          names.add(alias.asname or alias.name.split('.')[0])
  return names


def _belongs_to_slim(value):
  module = getattr(value, '__module__', None) or ''
  return module == 'tf_slim' or module.startswith('tf_slim.')


def public_names(module):
  """The public names of a reference module (see the module docstring)."""
  if hasattr(module, '__all__'):
    return sorted(set(module.__all__))
  package = _is_package(module)
  imported = _imported_names(module) if package else set()
  names = []
  for name, value in vars(module).items():
    if name.startswith('_'):
      continue
    if isinstance(value, types.ModuleType):
      if not package or not value.__name__.startswith('tf_slim'):
        continue
      natural_child = value.__name__ == module.__name__ + '.' + name
      if natural_child and name not in imported:
        continue  # bound as a side effect of importing the submodule
      names.append(name)
    elif isinstance(value, functools.partial):
      if _belongs_to_slim(value.func):
        names.append(name)
    elif inspect.isclass(value) or inspect.isroutine(value):
      if package and _belongs_to_slim(value):
        names.append(name)
      elif getattr(value, '__module__', None) == module.__name__:
        names.append(name)
    elif isinstance(value, CONSTANT_TYPES):
      names.append(name)
  return sorted(names)


def class_members(cls):
  """Public methods and properties a tf-slim class defines itself."""
  members = []
  for name, value in vars(cls).items():
    if name.startswith('_'):
      continue
    if isinstance(value, (types.FunctionType, staticmethod, classmethod,
                          property)):
      members.append(name)
  return sorted(members)


def _cases():
  reference = harness.reference()
  del reference
  cases = []
  for module_name in manifest_modules():
    module = importlib.import_module(module_name)
    for name in public_names(module):
      cases.append((module_name, name))
      value = getattr(module, name, None)
      if inspect.isclass(value) and _belongs_to_slim(value):
        for member in class_members(value):
          cases.append((module_name, name + '.' + member))
  return cases


CASES = _cases()


# ---------------------------------------------------------------- comparison


def _module_of(value):
  return getattr(value, '__module__', None) or ''


def _same_home(ref_value, our_value):
  """Both tf-slim's/slimcompat's own, or both from the same other module."""
  ref_module, our_module = _module_of(ref_value), _module_of(our_value)
  if ref_module.split('.')[0] == 'tf_slim':
    return our_module.split('.')[0] == 'slimcompat'
  return ref_module == our_module


def same_value(ref_value, our_value):
  """Whether two defaults (or constants) are the same for a user."""
  if ref_value is our_value:
    return True
  if isinstance(ref_value, functools.partial):
    return (isinstance(our_value, functools.partial) and
            same_value(ref_value.func, our_value.func) and
            len(ref_value.args) == len(our_value.args) and
            all(same_value(a, b)
                for a, b in zip(ref_value.args, our_value.args)) and
            set(ref_value.keywords) == set(our_value.keywords) and
            all(same_value(ref_value.keywords[k], our_value.keywords[k])
                for k in ref_value.keywords))
  if isinstance(ref_value, types.ModuleType):
    return (isinstance(our_value, types.ModuleType) and
            our_value.__name__ == ours_name(ref_value.__name__)
            if ref_value.__name__.startswith('tf_slim') else False)
  if inspect.isclass(ref_value) or inspect.isroutine(ref_value):
    if getattr(ref_value, '__name__', None) == '<lambda>':
      # An anonymous function: only what it accepts is observable.
      return callable(our_value) and not signature_differences(ref_value,
                                                               our_value)
    # Not the same object: the same-named function or class of the same home
    # (tf-slim's own ones live in slimcompat, possibly in another file).
    return (callable(our_value) and
            getattr(ref_value, '__name__', None) ==
            getattr(our_value, '__name__', None) and
            _same_home(ref_value, our_value))
  if isinstance(ref_value, re.Pattern):
    return (isinstance(our_value, re.Pattern) and
            (ref_value.pattern, ref_value.flags) ==
            (our_value.pattern, our_value.flags))
  if isinstance(ref_value, (list, tuple)):
    return (type(ref_value) is type(our_value) and
            len(ref_value) == len(our_value) and
            all(same_value(a, b) for a, b in zip(ref_value, our_value)))
  if isinstance(ref_value, dict):
    return (isinstance(our_value, dict) and
            set(ref_value) == set(our_value) and
            all(same_value(ref_value[k], our_value[k]) for k in ref_value))
  if isinstance(ref_value, CONSTANT_TYPES):
    return type(ref_value) is type(our_value) and ref_value == our_value
  # An instance (an initializer object, a tf.DType, an enum member): the same
  # class, and equal if the class defines equality, else equal attributes.
  if type(ref_value).__name__ != type(our_value).__name__:
    return False
  if type(ref_value).__eq__ is not object.__eq__:
    try:
      return bool(ref_value == our_value)
    except Exception:
      return False
  ref_state = getattr(ref_value, '__dict__', None)
  our_state = getattr(our_value, '__dict__', None)
  return ref_state is not None and same_value(ref_state, our_state)


def describe_signature(signature):
  return '(%s)' % ', '.join(
      '%s%s%s' % ({inspect.Parameter.VAR_POSITIONAL: '*',
                   inspect.Parameter.VAR_KEYWORD: '**'}.get(p.kind, ''),
                  p.name,
                  '' if p.default is p.empty else '=%r' % (p.default,))
      for p in signature.parameters.values())


def signature_differences(ref_callable, our_callable):
  """Human-readable differences between two callables' signatures."""
  try:
    ref_signature = inspect.signature(ref_callable)
  except (TypeError, ValueError):
    return []  # the reference has no introspectable signature
  try:
    our_signature = inspect.signature(our_callable)
  except (TypeError, ValueError) as err:
    return ['no signature in slimcompat (%s)' % err]
  ref_params = list(ref_signature.parameters.values())
  our_params = list(our_signature.parameters.values())
  problems = []
  if [p.name for p in ref_params] != [p.name for p in our_params]:
    problems.append('parameters differ')
  else:
    for ref_param, our_param in zip(ref_params, our_params):
      if ref_param.kind != our_param.kind:
        problems.append('%s: kind %s, reference %s' % (
            ref_param.name, our_param.kind, ref_param.kind))
      if (ref_param.default is ref_param.empty) != (
          our_param.default is our_param.empty):
        problems.append('%s: default present in one only' % ref_param.name)
      elif (ref_param.default is not ref_param.empty and
            not same_value(ref_param.default, our_param.default)):
        problems.append('%s: default %r, reference %r' % (
            ref_param.name, our_param.default, ref_param.default))
  if problems:
    problems.append('slimcompat %s\n  reference  %s' % (
        describe_signature(our_signature), describe_signature(ref_signature)))
  return problems


def _lookup(module, dotted):
  value = module
  for part in dotted.split('.'):
    value = getattr(value, part)
  return value


def _kind(value):
  if isinstance(value, types.ModuleType):
    return 'module'
  if isinstance(value, property):
    return 'property'
  if inspect.isclass(value):
    return 'class'
  if callable(value):
    return 'callable'
  return 'value'


@pytest.mark.parametrize('module_name,name', CASES,
                         ids=['%s::%s' % case for case in CASES])
def test_public_name_matches_reference(module_name, name):
  reference_module = importlib.import_module(module_name)
  ref_value = _lookup(reference_module, name)
  if '.' in name:  # a class member: look it up without calling descriptors
    owner_name, member = name.rsplit('.', 1)
    ref_value = inspect.getattr_static(_lookup(reference_module, owner_name),
                                       member)
  our_module = importlib.import_module(ours_name(module_name))
  try:
    if '.' in name:
      owner_name, member = name.rsplit('.', 1)
      our_value = inspect.getattr_static(_lookup(our_module, owner_name),
                                         member)
    else:
      our_value = _lookup(our_module, name)
  except AttributeError:
    our_value = AttributeError
  if our_value is AttributeError:
    pytest.fail('%s.%s is missing (reference: %s %s.%s)' % (
        our_module.__name__, name, _kind(ref_value), module_name, name))

  if isinstance(ref_value, (staticmethod, classmethod)):
    assert type(our_value) is type(ref_value), (
        '%s must be a %s like the reference' % (name, type(ref_value).__name__))
    ref_value, our_value = ref_value.__func__, our_value.__func__
  assert _kind(our_value) == _kind(ref_value), (
      '%s.%s is a %s in slimcompat but a %s in the reference' % (
          our_module.__name__, name, _kind(our_value), _kind(ref_value)))
  kind = _kind(ref_value)
  if kind == 'module':
    # The same module, or one through which every public name of the
    # reference's module is reachable (`slim.training` is the module
    # tf_slim.training.training in the reference, for instance).
    if not same_value(ref_value, our_value):
      unreachable = [n for n in public_names(ref_value)
                     if not hasattr(our_value, n)]
      assert not unreachable, (
          '%s.%s is module %s, the reference\'s is %s; expected %s or a '
          'module providing all its names, but these are missing: %s' % (
              our_module.__name__, name, our_value.__name__,
              ref_value.__name__, ours_name(ref_value.__name__), unreachable))
  elif kind in ('class', 'callable'):
    problems = signature_differences(ref_value, our_value)
    assert not problems, '%s.%s signature differs from the reference:\n%s' % (
        our_module.__name__, name, '\n'.join(problems))
  elif kind == 'value':
    assert same_value(ref_value, our_value), (
        '%s.%s = %r, reference %r' % (our_module.__name__, name, our_value,
                                      ref_value))


def test_manifest_lists_reference_modules():
  known = set(reference_module_paths())
  listed = manifest_modules()
  assert listed, 'tests/surface_modules.txt lists no module'
  unknown = [name for name in listed if name not in known]
  assert not unknown, 'not tf_slim 1.1.0 modules: %s' % unknown
  assert len(set(listed)) == len(listed), 'duplicate lines in the manifest'


MODULES = manifest_modules()


@pytest.mark.parametrize('module_name', MODULES)
def test_module_path_exists(module_name):
  try:
    importlib.import_module(ours_name(module_name))
  except ImportError as err:
    pytest.fail('%s (for %s) does not import: %s' % (
        ours_name(module_name), module_name, err))


# ------------------------------------------------- the comparison's own tests


def _ref_fn(a, b=1, *args, c=None, **kwargs):
  del a, b, args, c, kwargs


def test_comparison_spots_signature_differences():
  import tensorflow as tf

  def same(a, b=1, *args, c=None, **kwargs):
    del a, b, args, c, kwargs

  def other_default(a, b=2, *args, c=None, **kwargs):
    del a, b, args, c, kwargs

  def swapped(b=1, a=None, *args, c=None, **kwargs):
    del a, b, args, c, kwargs

  def keyword_only(a, *args, b=1, c=None, **kwargs):
    del a, b, args, c, kwargs

  assert not signature_differences(_ref_fn, same)
  assert signature_differences(_ref_fn, other_default)
  assert signature_differences(_ref_fn, swapped)
  assert signature_differences(_ref_fn, keyword_only)
  assert same_value(tf.float32, tf.dtypes.as_dtype('float32'))
  assert not same_value(tf.float32, tf.float64)
  assert same_value(functools.partial(_ref_fn, c=tf.float32),
                    functools.partial(same, c=tf.float32)) is False  # names
  assert same_value(functools.partial(_ref_fn, c=1),
                    functools.partial(_ref_fn, c=1))
  assert not same_value(functools.partial(_ref_fn, c=1),
                        functools.partial(_ref_fn, c=2))
  assert same_value(tf.nn.relu, tf.nn.relu)
  assert not same_value(tf.nn.relu, tf.nn.relu6)
  assert same_value(lambda x, y=1: x, lambda x, y=1: y)
  assert not same_value(lambda x, y=1: x, lambda x, y=2: y)
  assert same_value(tf.zeros_initializer(), tf.zeros_initializer())
  assert not same_value(tf.compat.v1.constant_initializer(1.0),
                        tf.compat.v1.constant_initializer(2.0))
  assert not same_value(1, True)
