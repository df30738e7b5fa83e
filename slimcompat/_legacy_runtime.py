"""What `slimcompat run` carries for an old script beyond slim itself.

Two kinds of leftovers, each served only while the script runs and undone
afterwards (`serving`):

* legacy Python names, the table of `slimcompat._legacy_python`: NumPy's
  removed aliases (through NumPy's own module ``__getattr__``, so only names
  the installed NumPy lacks are served), Python 2 module names (one meta-path
  finder, last in line, so anything installed under such a name wins),
  Python 2 builtins and a few harmless module attributes;
* TF 1.15 call forms that ``tf.compat.v1`` now refuses (`CALL_FORMS`, under
  ``--tf1``).

Every use is counted; when the run ends, one line on stderr names what was
used, so the user knows what to fix to run without slimcompat.  Nothing here
runs at ``import slimcompat`` or `slimcompat.install()`.
"""

import builtins
import collections
import contextlib
import importlib
import importlib.abc
import importlib.util
import sys
import threading
import types

from slimcompat import _legacy_python

__all__ = ['serving', 'summary_last', 'CALL_FORMS']

_SUMMARY = ('slimcompat: served legacy names: %s \u2014 fix them to run '
            'without slimcompat')


class Tally(object):
  """How often each served name was used, in the order of first use.

  A data-generator thread counts too, hence the lock.
  """

  def __init__(self):
    self._counts = collections.OrderedDict()
    self._lock = threading.Lock()

  def count(self, label):
    with self._lock:
      self._counts[label] = self._counts.get(label, 0) + 1

  def items(self):
    with self._lock:
      return list(self._counts.items())

  def summary(self):
    """The line to print, or None when nothing was used."""
    items = self.items()
    if not items:
      return None
    return _SUMMARY % ', '.join('%s \u00d7%d' % item for item in items)


class _AttributeHook(object):
  """Serves attributes a module lacks through its PEP 562 ``__getattr__``.

  `served` maps an attribute name to (label, value).  Any ``__getattr__`` the
  module had is asked for every other name, so its own errors (NumPy's "was
  a deprecated alias" message) stay as they were.
  """

  def __init__(self, module, served, tally):
    self._module = module
    self._served = served
    self._tally = tally
    self._had = '__getattr__' in vars(module)
    self._original = vars(module).get('__getattr__')
    self._hook = None

  def install(self):
    served, tally, original = self._served, self._tally, self._original
    module_name = self._module.__name__

    def __getattr__(name):
      if name in served:
        label, value = served[name]
        if not _asked_by_import_system():
          tally.count(label)
        return value
      if original is not None:
        return original(name)
      raise AttributeError('module %r has no attribute %r' %
                           (module_name, name))

    self._hook = __getattr__
    self._module.__getattr__ = __getattr__

  def uninstall(self):
    if vars(self._module).get('__getattr__') is not self._hook:
      return  # replaced by someone else since: leave theirs alone
    if self._had:
      self._module.__getattr__ = self._original
    else:
      del self._module.__getattr__


def _asked_by_import_system():
  # `from numpy import int` asks twice (the import system's hasattr, then
  # the statement's own lookup): one use.
  caller = sys._getframe(2)  # pylint: disable=protected-access
  return caller.f_code.co_filename.startswith('<frozen importlib')


class _ServedType(type):
  """The type of a served builtin that stands for a type (``unicode``,
  ``basestring``, ``long``): calling it or testing an instance against it
  counts a use and answers as its Python 3 type.  A class a script derives
  from it is an ordinary subclass of that type."""

  def __call__(cls, *args, **kwargs):
    target = cls.__dict__.get('_served_as')
    if target is None:
      return super().__call__(*args, **kwargs)
    cls._tally.count(cls.__name__)
    return target(*args, **kwargs)

  def __instancecheck__(cls, instance):
    return cls._served_check(isinstance, instance,
                             super().__instancecheck__)

  def __subclasscheck__(cls, subclass):
    return cls._served_check(issubclass, subclass,
                             super().__subclasscheck__)

  def _served_check(cls, check, value, otherwise):
    target = cls.__dict__.get('_served_as')
    if target is None:
      return otherwise(value)
    cls._tally.count(cls.__name__)
    return check(value, target)


def _counting(name, target, tally):
  """`target` under the legacy `name`, counting each use."""
  if isinstance(target, type):
    try:
      return _ServedType(name, (target,), {
          '_served_as': target, '_tally': tally, '__module__': 'builtins'})
    except TypeError:
      pass  # `range` and `bool` take no subclass: served as a function

  def served(*args, **kwargs):
    tally.count(name)
    return target(*args, **kwargs)

  served.__name__ = served.__qualname__ = name
  served.__doc__ = target.__doc__
  return served


class _Builtins(object):
  """The Python 2 builtins Python 3 lacks, in ``builtins`` for the run."""

  def __init__(self, tally):
    self._served = {
        name: _counting(name, _legacy_python.resolve(meaning), tally)
        for name, meaning in _legacy_python.PY2_BUILTINS.items()
        if name not in vars(builtins)}

  def install(self):
    for name, value in self._served.items():
      setattr(builtins, name, value)

  def uninstall(self):
    for name, value in self._served.items():
      if vars(builtins).get(name) is value:
        delattr(builtins, name)


class _Py2Module(types.ModuleType):
  """A Python 2 module name: its Python 3 module's attributes, plus the
  extra names of `PY2_MODULE_EXTRAS`, looked up on use."""

  def __init__(self, name):
    super().__init__(name)
    self.__dict__['_target'] = _legacy_python.PY2_MODULES[name]
    self.__dict__['_extras'] = _legacy_python.PY2_MODULE_EXTRAS.get(name, {})

  def __getattr__(self, attribute):
    if attribute.startswith('__'):
      raise AttributeError(attribute)
    if attribute in self._extras:
      return _legacy_python.resolve(self._extras[attribute])
    return getattr(importlib.import_module(self._target), attribute)

  def __dir__(self):
    return sorted(set(dir(importlib.import_module(self._target))) |
                  set(self._extras))


class _Py2ModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
  """Imports a Python 2 module name as a `_Py2Module`; last on the meta
  path, so a module really installed under that name is found first."""

  def __init__(self, tally):
    self._tally = tally
    self._made = {}

  def find_spec(self, fullname, path=None, target=None):  # pylint: disable=unused-argument
    if path is None and fullname in _legacy_python.PY2_MODULES:
      return importlib.util.spec_from_loader(fullname, self)
    return None

  def create_module(self, spec):
    module = _Py2Module(spec.name)
    self._made[spec.name] = module
    return module

  def exec_module(self, module):
    self._tally.count(module.__name__)

  def install(self):
    sys.meta_path.append(self)

  def uninstall(self):
    while self in sys.meta_path:
      sys.meta_path.remove(self)
    for name, module in self._made.items():
      if sys.modules.get(name) is module:
        del sys.modules[name]


def _python_names(tally):
  """The parts that serve `_legacy_python`'s table, not yet installed."""
  numpy = importlib.import_module('numpy')
  parts = []
  aliases = {
      name: ('np.' + name,
             _legacy_python.resolve(_legacy_python.NUMPY_REMOVED[name][1]))
      for name in _legacy_python.numpy_removed(numpy.__version__)
      if name not in vars(numpy)}
  if aliases:
    parts.append(_AttributeHook(numpy, aliases, tally))
  attributes = collections.defaultdict(dict)
  for (module, name), meaning in _legacy_python.PY2_ATTRIBUTES.items():
    attributes[module][name] = ('%s.%s' % (module, name),
                                _legacy_python.resolve(meaning))
  for module_name, served in attributes.items():
    module = importlib.import_module(module_name)
    served = {k: v for k, v in served.items() if k not in vars(module)}
    if served:
      parts.append(_AttributeHook(module, served, tally))
  parts.append(_Builtins(tally))
  parts.append(_Py2ModuleFinder(tally))
  return parts


# --- TF 1.15 call forms -----------------------------------------------------

CallForm = collections.namedtuple('CallForm', 'attribute label rewrite')


def _name_scope_values_second(name, default_name=None, values=None):
  # TF 1.x code passes its op's inputs second, as `values`; TF 1.x used
  # `default_name` only when `name` was None, so it never looked at that
  # list.  TF 2 type-checks `default_name` (TypeError).  Rewritten to what
  # TF 1.15 did: the list is left out.
  if name is not None and isinstance(default_name, (list, tuple)):
    return (name, None, values), {}
  return None


# One row per call form: (attribute of tf.compat.v1, label in the summary,
# rewrite(*args, **kwargs) -> (args, kwargs) for that form, None otherwise).
# Rows are added only for forms that worked on TF 1.15 and fail on every
# TensorFlow slimcompat supports.
CALL_FORMS = (
    CallForm('name_scope', 'tf.name_scope(name, [values])',
             _name_scope_values_second),
)


def _rewritten(form, args, kwargs, tally):
  try:
    rewritten = form.rewrite(*args, **kwargs)
  except TypeError:
    rewritten = None  # not this form: TensorFlow says what is wrong
  if rewritten is None:
    return args, kwargs
  tally.count(form.label)
  return rewritten


def _carrying(original, form, tally):
  """`original` (a function or a class) taking `form` too."""
  if isinstance(original, type):
    class Carried(original):  # pylint: disable=missing-class-docstring

      def __init__(self, *args, **kwargs):
        args, kwargs = _rewritten(form, args, kwargs, tally)
        super().__init__(*args, **kwargs)

    Carried.__name__ = original.__name__
    Carried.__qualname__ = original.__qualname__
    Carried.__doc__ = original.__doc__
    return Carried

  def carried(*args, **kwargs):
    args, kwargs = _rewritten(form, args, kwargs, tally)
    return original(*args, **kwargs)

  carried.__name__ = carried.__qualname__ = original.__name__
  carried.__doc__ = original.__doc__
  carried.__wrapped__ = original
  return carried


class _CallForms(object):
  """The `CALL_FORMS` rows on every ``tf.compat.v1`` module object."""

  def __init__(self, tally):
    from slimcompat import _compat  # pylint: disable=import-outside-toplevel
    self._patches = []
    for module in _compat.tf_v1_modules():
      for form in CALL_FORMS:
        original = vars(module).get(form.attribute)
        if original is not None:
          self._patches.append(
              (module, form.attribute, original,
               _carrying(original, form, tally)))

  def install(self):
    for module, attribute, _, carried in self._patches:
      setattr(module, attribute, carried)

  def uninstall(self):
    for module, attribute, original, carried in self._patches:
      if vars(module).get(attribute) is carried:
        setattr(module, attribute, original)


# --- the run ------------------------------------------------------------------

_pending_summaries = []


@contextlib.contextmanager
def summary_last():
  """Holds the summary line of the runs inside the block (or the decorated
  function) until it ends, so that it comes after the traceback it prints."""
  lines = []
  _pending_summaries.append(lines)
  try:
    yield
  finally:
    _pending_summaries.remove(lines)
    for line in lines:
      _report(line)


def _report(line):
  if _pending_summaries:
    _pending_summaries[-1].append(line)
    return
  try:
    sys.stderr.write(line + '\n')
  except UnicodeEncodeError:  # a stderr that only takes ASCII
    sys.stderr.write(line.replace('\u00d7', 'x').replace('\u2014', '-') +
                     '\n')
  sys.stderr.flush()


@contextlib.contextmanager
def serving(python=True, call_forms=False):
  """Serves the legacy names (`python`) and the TF 1.15 call forms
  (`call_forms`) for the block, then undoes both and reports what was used.

  Yields:
    The `Tally` of uses.
  """
  tally = Tally()
  installed = []
  try:
    parts = _python_names(tally) if python else []
    if call_forms:
      parts.append(_CallForms(tally))
    for part in parts:
      part.install()
      installed.append(part)
    yield tally
  finally:
    for part in reversed(installed):
      part.uninstall()
    line = tally.summary()
    if line:
      _report(line)
