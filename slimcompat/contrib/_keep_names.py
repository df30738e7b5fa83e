"""Keeps a legacy package's functions when a same-named submodule is imported.

TF 1.x's ``framework/python/ops/__init__.py`` star-imported its submodules,
so ``...framework.python.ops.arg_scope`` is the *function* although a module
of that name exists.  Python binds every imported submodule as an attribute
of its parent package, which would replace such a function with the module
the moment someone imports the submodule by its full path; a package given
this module class ignores that one binding.
"""

import sys
import types


class _KeepNames(types.ModuleType):

  def __setattr__(self, name, value):
    current = self.__dict__.get(name)
    if (isinstance(value, types.ModuleType) and current is not None and
        not isinstance(current, types.ModuleType)):
      return
    super().__setattr__(name, value)


def keep_names(module_name):
  """Protects the functions and classes of module `module_name`."""
  sys.modules[module_name].__class__ = _KeepNames
