"""Legacy import names served by slimcompat: one table, one meta-path importer.

`install()` puts a finder at the front of ``sys.meta_path`` that answers
imports of the legacy names in `ALIASES` with the slimcompat module standing
for them: ``import tf_slim.nets.vgg`` returns ``slimcompat.nets.vgg`` itself,
so identity checks and ``isinstance`` agree.  An entry is a prefix: it also
serves every submodule below it, and the longest matching entry wins.  A
target of None is an empty package that only exists so that deeper legacy
paths (``tensorflow.contrib.slim.python.slim.nets``) can be imported.

`install()` also gives ``tensorflow`` and ``tensorflow.compat.v1`` a
``contrib`` attribute, so that ``slim = tf.contrib.slim`` works.  Nothing is
installed by ``import slimcompat``; `uninstall()` undoes all of it.
"""

import importlib
import importlib.abc
import importlib.util
import sys
import types

from slimcompat.contrib._missing import missing_name_error

# Legacy module name -> slimcompat module (None: an empty package).
ALIASES = {
    'tf_slim': 'slimcompat',
    'tensorflow.contrib': 'slimcompat.contrib',
    'tensorflow.contrib.slim': 'slimcompat',
    'tensorflow.contrib.slim.python': None,
    'tensorflow.contrib.slim.python.slim': 'slimcompat',
    'tensorflow.contrib.framework': 'slimcompat.contrib.framework',
    'tensorflow.contrib.framework.python': None,
    'tensorflow.contrib.framework.python.ops': 'slimcompat.ops',
    'tensorflow.contrib.layers': 'slimcompat.contrib.layers',
    'tensorflow.contrib.layers.python': None,
    'tensorflow.contrib.layers.python.layers': 'slimcompat.layers',
}

_NO_MODULE = object()


def _target_of(fullname):
  """The module serving `fullname`, None for an empty package, or _NO_MODULE."""
  best = None
  for alias in ALIASES:
    if fullname == alias or fullname.startswith(alias + '.'):
      if best is None or len(alias) > len(best):
        best = alias
  if best is None:
    return _NO_MODULE
  target = ALIASES[best]
  if fullname == best:
    return target
  if target is None:
    return _NO_MODULE
  return target + fullname[len(best):]


class _AliasLoader(importlib.abc.Loader):
  """Hands out the slimcompat module (or an empty package) under a legacy name."""

  def __init__(self, target):
    self._target = target
    self._own_spec = None

  def create_module(self, spec):
    if self._target is None:
      module = types.ModuleType(spec.name)
      module.__path__ = []
      return module
    module = importlib.import_module(self._target)
    self._own_spec = module.__spec__
    return module

  def exec_module(self, module):
    # The import system stamped the legacy spec onto the module; a real
    # slimcompat module gets its own spec back so that reloads keep working.
    if self._target is not None:
      module.__spec__ = self._own_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
  """Serves the names of `ALIASES`; refuses other ``tensorflow.contrib`` ones."""

  def find_spec(self, fullname, path=None, target=None):
    del path, target
    real = _target_of(fullname)
    if real is _NO_MODULE and not fullname.startswith('tensorflow.contrib.'):
      return None
    if real is _NO_MODULE or (real is not None and
                              importlib.util.find_spec(real) is None):
      parent, _, name = fullname.rpartition('.')
      raise missing_name_error(parent, name, ModuleNotFoundError)
    return importlib.util.spec_from_loader(fullname, _AliasLoader(real),
                                           is_package=True)


_FINDER = _AliasFinder()


def _tensorflow_modules():
  from slimcompat import _compat  # pylint: disable=import-outside-toplevel
  return [_compat.tf2, _compat.tf]


def install():
  """Serves ``tf_slim``, ``tensorflow.contrib.{slim,framework,layers}`` and
  ``tf.contrib`` from slimcompat.  Calling it again changes nothing."""
  if _FINDER not in sys.meta_path:
    sys.meta_path.insert(0, _FINDER)
  contrib = importlib.import_module('slimcompat.contrib')
  for module in _tensorflow_modules():
    setattr(module, 'contrib', contrib)
  importlib.import_module('slimcompat._bridge._serve').serve()


def uninstall():
  """Stops serving legacy names and forgets the aliases already imported."""
  while _FINDER in sys.meta_path:
    sys.meta_path.remove(_FINDER)
  for name in list(sys.modules):
    if _target_of(name) is not _NO_MODULE:
      del sys.modules[name]
  for module in _tensorflow_modules():
    if 'contrib' in vars(module):
      delattr(module, 'contrib')
  importlib.import_module('slimcompat._bridge._serve').unserve()


def installed():
  """True while `install()` is in force."""
  return _FINDER in sys.meta_path
