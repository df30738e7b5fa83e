"""Legacy import names served by slimcompat: one table, one meta-path importer.

`install()` puts a finder on ``sys.meta_path`` that answers imports of the
names in `ALIASES` (and of every submodule below a prefix entry) with the
slimcompat module that stands for them: ``import tf_slim.nets.vgg`` returns
``slimcompat.nets.vgg`` itself, so identity checks and ``isinstance`` agree.
Nothing is installed by ``import slimcompat``; `uninstall()` removes the finder
and the alias entries from ``sys.modules``.
"""

import importlib
import importlib.abc
import importlib.util
import sys

# Legacy module name -> slimcompat module.  A prefix entry also serves every
# submodule: tf_slim.X.Y -> slimcompat.X.Y.
ALIASES = {
    'tf_slim': 'slimcompat',
}


def _target_of(fullname):
  if fullname in ALIASES:
    return ALIASES[fullname]
  for alias, target in ALIASES.items():
    if fullname.startswith(alias + '.'):
      return target + fullname[len(alias):]
  return None


class _AliasLoader(importlib.abc.Loader):
  """Hands out the already-imported slimcompat module under the legacy name."""

  def __init__(self, target):
    self._target = target
    self._own_spec = None

  def create_module(self, spec):
    module = importlib.import_module(self._target)
    self._own_spec = module.__spec__
    return module

  def exec_module(self, module):
    # The import machinery stamped the alias spec onto the module; give the
    # real module its own spec back so reloads and pickling keep working.
    module.__spec__ = self._own_spec


class _AliasFinder(importlib.abc.MetaPathFinder):

  def find_spec(self, fullname, path=None, target=None):
    del path, target
    real = _target_of(fullname)
    if real is None:
      return None
    if importlib.util.find_spec(real) is None:
      return None
    return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


_FINDER = _AliasFinder()


def install():
  """Serves the legacy names (``tf_slim`` ...) from slimcompat.  Idempotent."""
  if _FINDER not in sys.meta_path:
    sys.meta_path.insert(0, _FINDER)


def uninstall():
  """Stops serving legacy names and forgets the aliases already imported."""
  while _FINDER in sys.meta_path:
    sys.meta_path.remove(_FINDER)
  for name in list(sys.modules):
    if _target_of(name) is not None:
      del sys.modules[name]
