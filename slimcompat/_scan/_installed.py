"""What the installed TensorFlow and slimcompat have, asked lazily and quietly.

TensorFlow is imported on the first question that needs it, once, inside
`quiet()`: ``TF_CPP_MIN_LOG_LEVEL`` is raised for the import and the C++ /
absl lines it writes to the process's stdout and stderr are caught, so that
they never land in a report.  Each answer is cached: a tree that uses a name a
thousand times asks once.
"""

import contextlib
import importlib
import importlib.util
import os
import sys
import tempfile
import types
import warnings

# Verdicts of `legacy()` (the vocabulary of `slimcompat.contrib.status`).
SERVED = 'served'
UNSUPPORTED_ON_CALL = 'unsupported-on-call'
REFUSED = 'refused'
UNKNOWN = 'unknown'


@contextlib.contextmanager
def quiet():
  """Keeps TensorFlow's import-time log lines out of stdout and stderr."""
  saved_level = os.environ.get('TF_CPP_MIN_LOG_LEVEL')
  if (saved_level or '0') < '3':
    os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
  sys.stdout.flush()
  sys.stderr.flush()
  saved_fds = []
  with tempfile.TemporaryFile() as sink, warnings.catch_warnings():
    warnings.simplefilter('ignore')
    try:
      for fd in (1, 2):
        saved_fds.append((fd, os.dup(fd)))
        os.dup2(sink.fileno(), fd)
    except OSError:  # no real descriptors (embedded interpreters)
      pass
    try:
      yield
    finally:
      sys.stdout.flush()
      sys.stderr.flush()
      for fd, saved in saved_fds:
        os.dup2(saved, fd)
        os.close(saved)
      if saved_level is None:
        os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None)
      else:
        os.environ['TF_CPP_MIN_LOG_LEVEL'] = saved_level


def _first_line(error):
  text = str(error).strip().splitlines()
  return '%s: %s' % (type(error).__name__, text[0] if text else '')


def _walk(obj, parts):
  """(True, None) if `parts` can be looked up from `obj`, else (False, why).

  Only modules are searched: past the first object that is not a module
  (a class, a function, FLAGS) any attribute is taken as present.
  """
  for part in parts:
    if not isinstance(obj, types.ModuleType):
      return True, None
    try:
      obj = getattr(obj, part)
    except Exception as error:  # pylint: disable=broad-except
      return False, _first_line(error)
  return True, obj


def _loaded_walk(dotted):
  """(found, why) for a module path (and attributes) without importing it.

  The scan never runs what it reads, nor the modules that code names: the
  deepest prefix already loaded (TensorFlow loads its own private modules
  as it imports) is searched, and a submodule not loaded yet is looked for
  on its package's path.
  """
  parts = dotted.split('.')
  for cut in range(len(parts), 0, -1):
    name = '.'.join(parts[:cut])
    module = sys.modules.get(name)
    if module is not None:
      break
  else:
    return False, 'ModuleNotFoundError: No module named %r' % parts[0]
  found, why = _walk(module, parts[cut:])
  if found or not hasattr(module, '__path__'):
    return found, why
  try:
    spec = importlib.util.find_spec('%s.%s' % (name, parts[cut]))
  except (ImportError, ValueError):
    spec = None
  # A submodule that exists but is not loaded: its names are not checked.
  return (True, None) if spec is not None else (False, why)


def _runtime_reads_legacy_table(folder=None):
  """Whether a module of slimcompat's runtime (outside the scan) imports
  `slimcompat._legacy_python`: the scan calls a name served exactly when the
  runner serves it, and never runs the runner to find out.

  Args:
    folder: the package folder to look in; by default slimcompat's.
  """
  if folder is None:
    spec = importlib.util.find_spec('slimcompat')
    folder = os.path.dirname(spec.origin) if spec and spec.origin else None
  if folder is None:
    return False
  for directory, dirs, files in os.walk(folder):
    dirs[:] = sorted(d for d in dirs if d not in ('_scan', '__pycache__'))
    for name in sorted(files):
      if not name.endswith('.py') or name == '_legacy_python.py':
        continue
      try:
        with open(os.path.join(directory, name), encoding='utf-8') as handle:
          text = handle.read()
      except (OSError, UnicodeError):
        continue
      if 'import _legacy_python' in text or '_legacy_python import' in text:
        return True
  return False


def _refusal_hint(error):
  """The advice part of slimcompat's own refusal message, on one line."""
  text = (str(error).strip().splitlines() or [''])[0]
  advice = text.split('; ')[-1]
  if advice == text:
    return 'not served by slimcompat (%s): port it to TensorFlow 2' % text
  return 'not served by slimcompat: ' + advice


class Installed(object):
  """Answers "does this name exist here?" for TensorFlow and slimcompat.

  Args:
    status: a function like `slimcompat.contrib.status` (dotted name ->
      (verdict, hint)); by default the one slimcompat has, if it has one.
    v1_layers: whether slimcompat serves ``tf.compat.v1.layers``; by default
      whether ``slimcompat.v1_layers`` exists.
    legacy_python: whether ``slimcompat run --tf1`` serves the legacy Python
      and NumPy names of `slimcompat._legacy_python`; by default whether the
      runtime reads that table.
  """

  def __init__(self, status=None, v1_layers=None, legacy_python=None):
    self._status = status
    self._v1_layers = v1_layers
    self._legacy_python = legacy_python
    self._tf = None
    self._cache = {}
    self.error = None  # why TensorFlow could not be imported, if it could not

  # ------------------------------------------------------------- TensorFlow
  def _tensorflow(self):
    if self._tf is None and self.error is None:
      try:
        self._tf = importlib.import_module('tensorflow')
      except Exception as error:  # pylint: disable=broad-except
        self.error = _first_line(error)
    return self._tf

  @property
  def loaded(self):
    return self._tf is not None

  @property
  def tf_version(self):
    return getattr(self._tf, '__version__', None)

  @property
  def keras3(self):
    version = tuple(int(p) for p in (self.tf_version or '0.0').split('.')[:2]
                    if p.isdigit())
    return version >= (2, 16)

  def numpy_version(self):
    """The installed NumPy's version, or None without NumPy."""
    def compute():
      try:
        return importlib.import_module('numpy').__version__
      except Exception:  # pylint: disable=broad-except
        return None
    return self._cached(('numpy',), compute)

  def importable(self, module):
    """Whether `import module` would find it here (nothing is run)."""
    def compute():
      if module.split('.')[0] == 'tensorflow':
        return self.module(module)[0] is not False
      try:
        return importlib.util.find_spec(module) is not None
      except (ImportError, ValueError):
        return False
    return self._cached(('importable', module), compute)

  def legacy_python_served(self):
    """Whether `slimcompat run --tf1` serves the `_legacy_python` names."""
    if self._legacy_python is None:
      self._legacy_python = _runtime_reads_legacy_table()
    return self._legacy_python

  def serves_v1_layers(self):
    if self._v1_layers is None:
      self._v1_layers = importlib.util.find_spec(
          'slimcompat.v1_layers') is not None
    return self._v1_layers

  def _cached(self, key, compute):
    if key not in self._cache:
      self._cache[key] = compute()
    return self._cache[key]

  def tf_name(self, rest, v1):
    """(found, why) for ``tf.<rest>`` (``tf.compat.v1.<rest>`` if `v1`)."""
    def compute():
      tf = self._tensorflow()
      if tf is None:
        return None, self.error
      root = tf.compat.v1 if v1 else tf
      found, what = _walk(root, rest.split('.') if rest else [])
      return found, (None if found else what)
    return self._cached(('tf', rest, v1), compute)

  def module(self, dotted):
    """(found, why) for a module path (and attribute) such as an import."""
    def compute():
      if self._tensorflow() is None and dotted.startswith('tensorflow'):
        return None, self.error
      found, what = _loaded_walk(dotted)
      return found, (None if found else what)
    return self._cached(('module', dotted), compute)

  # ------------------------------------------------------------- slimcompat
  def _status_function(self):
    if self._status is None:
      try:
        contrib = importlib.import_module('slimcompat.contrib')
      except Exception:  # pylint: disable=broad-except
        contrib = None
      self._status = getattr(contrib, 'status', None) or False
    return self._status

  def legacy(self, dotted):
    """(verdict, hint) for a ``tf_slim`` / ``tensorflow.contrib`` name."""
    def compute():
      status = self._status_function()
      if status and dotted.startswith('tensorflow.contrib'):
        verdict, hint = status(dotted)
        if verdict != UNKNOWN:
          return verdict, hint
      return self._resolve_legacy(dotted)
    return self._cached(('legacy', dotted), compute)

  def _resolve_legacy(self, dotted):
    """Looks the name up in slimcompat's own modules, via the alias table."""
    from slimcompat import _aliases  # pylint: disable=import-outside-toplevel
    parts = dotted.split('.')
    for cut in range(len(parts), 0, -1):
      target = _aliases.target_of('.'.join(parts[:cut]))
      if target is None and cut == len(parts):
        return SERVED, None  # an empty package such as contrib.slim.python
      if target is None or target is _aliases.NO_MODULE:
        continue
      try:
        obj = importlib.import_module(target)
      except ImportError:
        continue  # a name inside a shorter module path
      missing = None
      try:
        for index, part in enumerate(parts[cut:]):
          if not isinstance(obj, types.ModuleType):
            break
          try:
            obj = getattr(obj, part)
          except AttributeError as error:
            # The attribute error is what the user's code would see.
            missing = error
            obj = importlib.import_module(
                '.'.join([target] + parts[cut:cut + index + 1]))
            missing = None
      except Exception as error:  # pylint: disable=broad-except
        return REFUSED, _refusal_hint(missing or error)
      hint = getattr(obj, '__slimcompat_unsupported__', None)
      if hint:
        return UNSUPPORTED_ON_CALL, hint
      return SERVED, None
    return REFUSED, '%s is not served by slimcompat' % dotted
