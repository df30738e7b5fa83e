"""The vocabulary of the alias table (`slimcompat._aliases.ALIASES`) for the
legacy names slimcompat does not fully serve, and the errors and stand-ins
made from it.

`Refused` marks a legacy module that is not served: importing it, or reading
it as an attribute of ``tf.contrib``, raises an error that names its TF 2
replacement.  `OnCall` marks a name that is served (so imports succeed) but
whose call raises `NotImplementedError` with the hint; `unsupported` builds
that stand-in.  The table imports this module; it imports nothing of
slimcompat, so the table and ``slimcompat.contrib`` need no import circle.
"""

__all__ = ['OnCall', 'Refused', 'missing_name_error', 'refused_error',
           'unsupported']


class _Entry:
  """A table entry that carries a hint for the user."""

  __slots__ = ('hint',)

  def __init__(self, hint):
    self.hint = hint

  def __repr__(self):
    return '%s(%r)' % (type(self).__name__, self.hint)


class Refused(_Entry):
  """Table entry: a legacy module slimcompat refuses, with its replacement."""

  __slots__ = ()


class OnCall(_Entry):
  """Table entry: a served name that raises NotImplementedError when called."""

  __slots__ = ()


def missing_name_error(where, name, error=AttributeError):
  return error(
      '%s.%s is not provided by slimcompat: slimcompat serves tf.contrib.slim '
      'and the slim names of tf.contrib.framework and tf.contrib.layers '
      '(plus training, metrics, losses, quantize, tfprof, lookup and '
      'legacy_seq2seq; see the README); '
      'port this call to TensorFlow 2 (or to a maintained library).' %
      (where, name))


def refused_error(legacy_name, hint, error=ModuleNotFoundError):
  """The error for a refused module, e.g. ``tensorflow.contrib.rnn``."""
  return error(
      '%s is not provided by slimcompat (TF 2 has no tf.contrib). '
      'Use instead: %s.' % (legacy_name, hint))


def unsupported(legacy_name, hint):
  """A stand-in for `legacy_name` that raises NotImplementedError on call.

  Importing and referencing it work, so a script that only calls it behind a
  flag runs unchanged; the stand-in carries the hint as
  ``__slimcompat_unsupported__`` for tools such as ``slimcompat scan``.
  """
  short = legacy_name.rpartition('.')[2]

  def stand_in(*args, **kwargs):
    del args, kwargs
    raise NotImplementedError(
        '%s is not provided by slimcompat. %s' % (legacy_name, hint))

  stand_in.__name__ = stand_in.__qualname__ = short
  stand_in.__doc__ = 'Not provided by slimcompat: raises when called. %s' % hint
  stand_in.__slimcompat_unsupported__ = hint
  return stand_in
