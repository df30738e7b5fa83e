"""Loading on first use: module attributes and module references.

`import slimcompat` and the slim layers stay cheap by importing the heavy
parts (nets, data, training, the TF1 layers) only when a name of theirs is
first used.  Each lazy package declares a table of its names and gets its
module-level ``__getattr__`` / ``__dir__`` from `attribute_loader`; a module
that needs another one only inside its functions holds a `LazyModule`.
"""

import importlib
import sys
from typing import (Any, Callable, Iterable, List, Mapping, Optional, Tuple,
                    Union)

__all__ = ['attribute_loader', 'missing_attribute', 'LazyModule']


def missing_attribute(module: str, name: str,
                      reference: str = '') -> AttributeError:
  """The AttributeError every lazy module of slimcompat raises for a name it
  lacks; `reference` names the module slimcompat's one stands for."""
  message = 'module %r has no attribute %r' % (module, name)
  if reference:
    message += (' (%s has no such name either, or slimcompat does not '
                'provide it yet)' % reference)
  return AttributeError(message)


def _resolve(home: Union[str, Tuple[str, str]]) -> object:
  if isinstance(home, str):
    return importlib.import_module(home)
  module_name, attribute = home
  return getattr(importlib.import_module(module_name), attribute)


def attribute_loader(
    module: str,
    homes: Mapping[str, Union[str, Tuple[str, str]]],
    *,
    reference: str = '',
    fallback: Optional[Callable[[str], object]] = None,
    fallback_names: Iterable[str] = (),
) -> Tuple[Callable[[str], object], Callable[[], List[str]]]:
  """Returns ``(__getattr__, __dir__)`` for `module`, serving `homes` lazily.

  Args:
    module: the serving module's ``__name__``.
    homes: public name -> a module name (the name is that module) or a
      ``(module name, attribute)`` pair.  Resolved on first access and then
      bound in the module, so later lookups do not come back here.
    reference: the module of tf_slim (or TensorFlow) this one stands for,
      named in the error for an unknown name.
    fallback: called with each of `fallback_names` (names that are not a
      module attribute) to produce its value.
    fallback_names: the names `fallback` serves.
  """
  served = frozenset(fallback_names)

  def __getattr__(name: str) -> Any:
    if name in homes:
      value = _resolve(homes[name])
    elif name in served and fallback is not None:
      value = fallback(name)
    else:
      raise missing_attribute(module, name, reference)
    setattr(sys.modules[module], name, value)  # later lookups skip this
    return value

  def __dir__() -> List[str]:
    return sorted(set(vars(sys.modules[module])) | set(homes) | served)

  return __getattr__, __dir__


class LazyModule:
  """Stands for a module that is imported when an attribute is first read.

  For a helper whose functions need a module that is costly to import at
  load time (``_bn = LazyModule('slimcompat.v1_layers._normalization')``,
  then ``_bn.normalize(...)`` inside a function).
  """

  def __init__(self, name: str) -> None:
    self._lazy_name = name

  def __getattr__(self, attribute: str) -> Any:
    return getattr(importlib.import_module(self._lazy_name), attribute)

  def __repr__(self) -> str:
    return '<lazy module %r>' % self._lazy_name
