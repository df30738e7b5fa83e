"""Loading a TF1 name-based checkpoint into a bridged object, by name."""

import collections

from slimcompat._bridge import _decorator
from slimcompat._compat import tf2

CheckpointLoadReport = collections.namedtuple(
    'CheckpointLoadReport', ['loaded', 'missing', 'unexpected', 'mismatched'])
CheckpointLoadReport.__doc__ = """What `load_tf1_checkpoint` did.

Fields:
  loaded: names assigned from the checkpoint, in the object's creation order.
  missing: names of the object's variables the checkpoint lacks.
  unexpected: checkpoint names no variable of the object has (sorted), e.g.
    ``global_step`` or optimizer slots.
  mismatched: ``(name, variable shape, checkpoint shape)`` for each name
    present in both with different shapes.
"""


def _named_variables(target):
  if isinstance(target, dict):
    return list(target.items())
  store = _decorator.store_of(target)
  if store is None:
    raise ValueError(
        '%r has no TF1-style variables yet: call it once (eagerly, or in a '
        'tf.function) so that it creates them, then load the checkpoint.' %
        (target,))
  return list(store.named_variables())


def load_tf1_checkpoint(target, checkpoint, *, assignment_map=None,
                        allow_missing=False, allow_unexpected=True):
  """Assigns the variables of `target` from a TF1 name-based checkpoint.

  The checkpoint is one written by ``tf.compat.v1.train.Saver`` from a
  graph-mode build (slimcompat's or tf-slim's); the variables of the bridged
  object carry the same graph-mode names, so they are matched by name.
  Nothing is assigned unless every check passes.

  Args:
    target: an object that made variables in a `track_tf1_style_variables`
      call (e.g. a called `SlimModule`), or a dict name -> variable.
    checkpoint: a checkpoint path prefix or a directory holding checkpoints
      (the latest one is used).
    assignment_map: optional dict variable name -> checkpoint name, for the
      names that differ.
    allow_missing: if False, a variable without a checkpoint entry is an
      error.
    allow_unexpected: if False, a checkpoint entry no variable takes is an
      error.

  Returns:
    A `CheckpointLoadReport`.

  Raises:
    ValueError: on a shape mismatch, or on missing / unexpected names that
      are not allowed; the message lists them.
  """
  path = checkpoint
  if tf2.io.gfile.isdir(checkpoint):
    path = tf2.train.latest_checkpoint(checkpoint)
    if path is None:
      raise ValueError('No checkpoint found in directory %r.' % checkpoint)
  reader = tf2.train.load_checkpoint(path)
  shapes = reader.get_variable_to_shape_map()
  assignment_map = dict(assignment_map or {})
  loaded, missing, mismatched, used = [], [], [], set()
  for name, var in _named_variables(target):
    key = assignment_map.get(name, name)
    if key not in shapes:
      missing.append(name)
      continue
    used.add(key)
    if not tf2.TensorShape(shapes[key]).is_compatible_with(var.shape):
      mismatched.append((name, tuple(var.shape.as_list()),
                         tuple(shapes[key])))
      continue
    loaded.append((name, var, key))
  unexpected = sorted(set(shapes) - used)
  report = CheckpointLoadReport([name for name, _, _ in loaded], missing,
                                unexpected, mismatched)
  problems = []
  if mismatched:
    problems.append('shape mismatches (name, variable, checkpoint): %s' %
                    mismatched)
  if missing and not allow_missing:
    problems.append('variables missing from the checkpoint: %s' % missing)
  if unexpected and not allow_unexpected:
    problems.append('checkpoint entries no variable takes: %s' % unexpected)
  if problems:
    raise ValueError(
        'Cannot load %s into %r: %s. Pass assignment_map for renamed '
        'variables, or allow_missing / allow_unexpected to skip names.' %
        (path, target, '; '.join(problems)))
  for _, var, key in loaded:
    var.assign(reader.get_tensor(key))
  return report
