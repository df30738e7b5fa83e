"""Putting a slimcompat module in place of one of TensorFlow's, undoably.

What the ``_serve`` modules of `slimcompat.v1_layers` and
`slimcompat.rnn_cell` share: the module becomes an attribute of TensorFlow's
parent module objects and the value of the dotted names TensorFlow
registers in ``sys.modules``; each change is recorded as a function that
undoes it.
"""

import sys

_MISSING = object()


def swap_in(module, attribute, parents, module_names, undo):
  """Sets ``parent.<attribute>`` for each of `parents` and
  ``sys.modules[name]`` for each of `module_names` to `module`, appending a
  function per change to the list `undo` (run them last first)."""
  for parent in parents:
    old = vars(parent).get(attribute, _MISSING)
    undo.append(lambda p=parent, o=old: _restore_attribute(p, attribute, o))
    setattr(parent, attribute, module)
  for name in module_names:
    old = sys.modules.get(name, _MISSING)
    undo.append(lambda n=name, o=old: _restore_module(n, o))
    sys.modules[name] = module


def undo_all(undo):
  """Runs and empties the list `swap_in` filled."""
  while undo:
    undo.pop()()


def _restore_attribute(parent, attribute, old):
  if old is _MISSING:
    if attribute in vars(parent):
      delattr(parent, attribute)
  else:
    setattr(parent, attribute, old)


def _restore_module(name, old):
  if old is _MISSING:
    sys.modules.pop(name, None)
  else:
    sys.modules[name] = old
