"""`slimcompat scan`: which slim / contrib names a code base uses, statically.

Every ``.py`` file is parsed (never run).  The scanner follows how legacy
modules are bound to local names (``import tf_slim as slim``,
``from tensorflow.contrib import slim``, ``slim = tf.contrib.slim``,
``from tf_slim.nets import vgg`` ...) and records each use of a name reached
through them, with file and line.  A name is *provided* when slimcompat has
it at the corresponding path.
"""

import ast
import collections
import importlib
import os

from slimcompat import _aliases

Use = collections.namedtuple('Use', 'file line name provided')

# Roots whose every attribute is legacy slim API.
_LEGACY_ROOTS = ('tf_slim', 'tensorflow.contrib')
# `tensorflow.compat.v1.contrib.slim` is the same thing as `tensorflow.contrib.slim`.
_TF_PREFIXES = ('tensorflow.compat.v1', 'tensorflow')


def _normalise(dotted):
  for prefix in _TF_PREFIXES:
    if dotted == prefix or dotted.startswith(prefix + '.'):
      return 'tensorflow' + dotted[len(prefix):]
  return dotted


def _is_legacy(dotted):
  return any(dotted == root or dotted.startswith(root + '.')
             for root in _LEGACY_ROOTS)


def _tracked(dotted):
  """Bindings worth following: legacy modules and TensorFlow itself."""
  return _is_legacy(dotted) or dotted == 'tensorflow'


def _dotted(node):
  """'a.b.c' for a Name/Attribute chain, else None."""
  parts = []
  while isinstance(node, ast.Attribute):
    parts.append(node.attr)
    node = node.value
  if isinstance(node, ast.Name):
    parts.append(node.id)
    return '.'.join(reversed(parts))
  return None


class _FileScanner(ast.NodeVisitor):
  """Collects (line, legacy dotted name) pairs of one module."""

  def __init__(self):
    self.bindings = {}
    self.uses = []

  def _bind(self, local, dotted):
    dotted = _normalise(dotted)
    if _tracked(dotted):
      self.bindings[local] = dotted
    else:
      self.bindings.pop(local, None)

  def visit_Import(self, node):
    for alias in node.names:
      if alias.asname:
        self._bind(alias.asname, alias.name)
      else:
        root = alias.name.split('.')[0]
        self._bind(root, root)
      if _is_legacy(_normalise(alias.name)):
        self.uses.append((node.lineno, _normalise(alias.name)))

  def visit_ImportFrom(self, node):
    if node.level or not node.module:
      return
    module = _normalise(node.module)
    for alias in node.names:
      if alias.name == '*':
        if _is_legacy(module):
          self.uses.append((node.lineno, module))
        continue
      full = module + '.' + alias.name
      self._bind(alias.asname or alias.name, full)
      if _is_legacy(full):
        self.uses.append((node.lineno, full))

  def visit_Assign(self, node):
    self.visit(node.value)
    resolved = self._resolve(node.value)
    for target in node.targets:
      if isinstance(target, ast.Name):
        if resolved is not None:
          self._bind(target.id, resolved)
        else:
          self.bindings.pop(target.id, None)

  def _resolve(self, node):
    dotted = _dotted(node)
    if dotted is None:
      return None
    head, _, rest = dotted.partition('.')
    if head not in self.bindings:
      return None
    full = self.bindings[head] + ('.' + rest if rest else '')
    return _normalise(full)

  def visit_Attribute(self, node):
    resolved = self._resolve(node)
    if resolved is not None and _is_legacy(resolved):
      self.uses.append((node.lineno, resolved))
      return  # the outermost chain is the use; don't count its prefixes
    self.generic_visit(node)

  def visit_Name(self, node):
    if isinstance(node.ctx, ast.Load):
      resolved = self.bindings.get(node.id)
      if resolved is not None and _is_legacy(resolved):
        self.uses.append((node.lineno, resolved))


def _walk(obj, module_name, parts):
  for part in parts:
    if hasattr(obj, part):
      obj = getattr(obj, part)
    else:
      obj = importlib.import_module(module_name + '.' + part)
    module_name += '.' + part
  return obj


def _module_chain(dotted):
  """Imports the slimcompat object a legacy dotted name stands for.

  The longest legacy prefix that names a slimcompat module is imported, and
  the rest of the name is looked up from there (attributes, then submodules).
  """
  parts = dotted.split('.')
  for cut in range(len(parts), 0, -1):
    target = _aliases._target_of('.'.join(parts[:cut]))  # pylint: disable=protected-access
    if target is _aliases._NO_MODULE or target is None:  # pylint: disable=protected-access
      continue
    try:
      module = importlib.import_module(target)
    except ImportError:
      continue
    return _walk(module, target, parts[cut:])
  raise ImportError('%s is not served by slimcompat' % dotted)


def is_provided(dotted):
  """True if slimcompat provides the legacy name `dotted`."""
  if _aliases._target_of(dotted) is None:  # pylint: disable=protected-access
    return True  # an intermediate package such as tensorflow.contrib.slim.python
  try:
    _module_chain(dotted)
  except (ImportError, AttributeError):
    return False
  return True


def _python_files(paths):
  for path in paths:
    if os.path.isdir(path):
      for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
        for name in sorted(files):
          if name.endswith('.py'):
            yield os.path.join(root, name)
    else:
      yield path


def scan(paths):
  """Returns the `Use`s of legacy names in the Python files under `paths`.

  Raises:
    FileNotFoundError: if a path does not exist.
    SyntaxError: if a file cannot be parsed.
  """
  for path in paths:
    if not os.path.exists(path):
      raise FileNotFoundError('No such file or directory: %r' % path)
  verdicts = {}
  uses = []
  for filename in _python_files(paths):
    with open(filename, encoding='utf-8') as handle:
      tree = ast.parse(handle.read(), filename=filename)
    scanner = _FileScanner()
    scanner.visit(tree)
    for line, name in sorted(set(scanner.uses)):
      if name not in verdicts:
        verdicts[name] = is_provided(name)
      uses.append(Use(filename, line, name, verdicts[name]))
  return uses


def format_table(uses):
  """A table for people: one row per name, with its verdict and places."""
  by_name = collections.OrderedDict()
  for use in sorted(uses, key=lambda u: (u.name, u.file, u.line)):
    by_name.setdefault(use.name, []).append(use)
  width = max([len(n) for n in by_name] + [4])
  lines = ['%-*s  %-8s  %s' % (width, 'name', 'verdict', 'where')]
  for name, places in by_name.items():
    where = ', '.join('%s:%d' % (u.file, u.line) for u in places)
    verdict = 'ok' if places[0].provided else 'MISSING'
    lines.append('%-*s  %-8s  %s' % (width, name, verdict, where))
  missing = sum(1 for places in by_name.values() if not places[0].provided)
  lines.append('%d names used, %d provided by slimcompat, %d missing' %
               (len(by_name), len(by_name) - missing, missing))
  return '\n'.join(lines)
