"""Two walks over nested structures that the cell wrappers need and
``tf.nest`` does not export: mapping down to a shallower structure with a
leaf counter, and choosing which parts of a state a visitor selects."""

from slimcompat._compat import tf2


def _children(structure):
  if isinstance(structure, dict):
    return [structure[key] for key in sorted(structure)]
  return list(structure)


def _rebuild(like, children):
  if isinstance(like, dict):
    return type(like)(zip(sorted(like), children))
  if hasattr(like, '_fields'):  # a namedtuple
    return type(like)(*children)
  return type(like)(children)


def map_up_to(shallow, function, *structures):
  """Calls ``function(index, *parts)`` for each leaf of `shallow` (the
  matching parts of `structures` may be deeper), `index` counting the
  leaves in order; returns the results shaped like `shallow`."""
  counter = [0]

  def walk(shape, parts):
    if not tf2.nest.is_nested(shape):
      index = counter[0]
      counter[0] += 1
      return function(index, *parts)
    branches = [_children(part) for part in parts]
    for branch in branches:
      if len(branch) != len(_children(shape)):
        raise ValueError('Structures do not match: %s and %s.' %
                         (shape, parts))
    return _rebuild(shape, [walk(child, [b[i] for b in branches])
                            for i, child in enumerate(_children(shape))])

  return walk(shallow, list(structures))


def selected_parts(visitor, structure):
  """A structure of bools, as shallow as `visitor` asks, saying which parts
  of `structure` it selects: the visitor returns True (every part of this
  node), False (none) or a structure of bools for the node's children."""
  choice = visitor(structure)
  if not tf2.nest.is_nested(structure):
    if not isinstance(choice, bool):
      raise TypeError('The state filter returned %r for the leaf %s; it '
                      'must return a bool for a leaf.' % (choice, structure))
    return choice
  if isinstance(choice, bool):
    if not choice:
      return False
    return _rebuild(structure, [selected_parts(visitor, child)
                                for child in _children(structure)])
  if not tf2.nest.is_nested(choice):
    raise TypeError('The state filter returned %r for %s; it must return a '
                    'bool or a structure of bools like its argument.' %
                    (choice, structure))
  kids = _children(structure)
  flags = _children(choice)
  if len(flags) != len(kids):
    raise ValueError('The state filter returned %r, whose structure does '
                     'not match %s.' % (choice, structure))
  parts = []
  for flag, child in zip(flags, kids):
    if not isinstance(flag, bool):
      raise TypeError('The state filter returned %r: each entry must be a '
                      'bool.' % (choice,))
    parts.append(selected_parts(visitor, child) if flag else False)
  return _rebuild(structure, parts)
