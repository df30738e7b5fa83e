"""Loading on first use: module attributes and module references.

`import slimcompat` and the slim layers stay cheap by importing the heavy
parts (nets, data, training, the TF1 layers) only when a name of theirs is
first used.  Each lazy package declares a table of its names and gets its
module-level ``__getattr__`` / ``__dir__`` from `attribute_loader`; a module
that needs another one only inside its functions holds a `LazyModule`.
"""

import importlib
import sys
from typing import Callable, Dict, Iterable, Optional, Tuple

__all__ = ['attribute_loader', 'missing_attribute', 'LazyModule']


def missing_attribute(module: str, name: str,
                      hint: str = '') -> AttributeError:
  """The AttributeError every lazy module raises for a name it lacks."""
  message = 'module %r has no attribute %r' % (module, name)
  return AttributeError(message + (' (%s)' % hint if hint else ''))


def _resolve(home) -> object:
  if isinstance(home, str):
    return importlib.import_module(home)
  module_name, attribute = home
  return getattr(importlib.import_module(module_name), attribute)


def attribute_loader(
    module: str,
    homes: Dict[str, object],
    *,
    fallback: Optional[Callable[[str], object]] = None,
    hint: str = '',
    extra_dir: Iterable[str] = (),
) -> Tuple[Callable[[str], object], Callable[[], list]]:
  """Returns ``(__getattr__, __dir__)`` for `module` serving `homes` lazily.

  Args:
    module: the serving module's ``__name__``.
    homes: public name -> a module name (the name is that module) or a
      ``(module name, attribute)`` pair.  Resolved on first access and
      then bound in the module, so later lookups do not come back here.
    fallback: called with a name not in `homes`; returns its value or
      raises `missing_attribute`'s error itself.
    hint: appended to the AttributeError for an unknown name.
    extra_dir: further names ``dir(module)`` lists (those `fallback`
      serves).
  """
  extra = frozenset(extra_dir)

  def __getattr__(name):  # pylint: disable=invalid-name
    if name in homes:
      value = _resolve(homes[name])
    elif fallback is not None:
      value = fallback(name)
    else:
      raise missing_attribute(module, name, hint)
    setattr(sys.modules[module], name, value)
    return value

  def __dir__():  # pylint: disable=invalid-name
    return sorted(set(vars(sys.modules[module])) | set(homes) | extra)

  return __getattr__, __dir__


class LazyModule:
  """Stands for a module that is imported when an attribute is first read.

  For a helper whose functions need a module that is costly to import at
  load time (``_bn = LazyModule('slimcompat.v1_layers._normalization')``,
  then ``_bn.normalize(...)`` inside a function).
  """

  def __init__(self, name: str):
    self._lazy_name = name

  def __getattr__(self, attribute: str):
    return getattr(importlib.import_module(self._lazy_name), attribute)

  def __repr__(self) -> str:
    return '<lazy module %r>' % self._lazy_name
