"""`deprecated`: tf-slim's deprecation warnings, for losses and metrics alike.

tf-slim marks most of its loss functions and many streaming metrics as
deprecated in favour of their `tf.compat.v1.losses` / `tf.compat.v1.metrics`
counterparts; the first call of each logs one warning.
"""

import functools
import sys

from slimcompat._compat import tf

_WARNED = set()


def deprecated(date, instructions):
  """Marks a function deprecated the way tf-slim does: one log line per function.

  The first call of the decorated function logs a warning that names it, the
  date after which it may go (None: "in a future version") and what to use
  instead.  The signature, name and docstring stay those of the function.

  Args:
    date: a 'YYYY-MM-DD' string, or None.
    instructions: what a caller should switch to.

  Returns:
    A decorator.
  """
  when = ('in a future version' if date is None else 'after %s' % date)

  def decorate(func):
    @functools.wraps(func)
    def warn_then_call(*args, **kwargs):
      key = (func.__module__, func.__qualname__)
      if key not in _WARNED:
        _WARNED.add(key)
        caller = sys._getframe(1)
        tf.logging.warning(
            'From %s:%d: %s is deprecated and will be removed %s.\n'
            'Instructions for updating:\n%s', caller.f_code.co_filename,
            caller.f_lineno, func.__name__, when, instructions)
      return func(*args, **kwargs)
    return warn_then_call

  return decorate


def without_notice(func):
  """The function behind a `deprecated` wrapper, for slimcompat's own calls.

  A slim loss that builds on `compute_weighted_loss` and `add_loss`, or a
  metric that builds on `streaming_mean`, must not log those functions'
  notices: the user did not call them, and the notice would point into
  slimcompat.  Calling through this leaves each function's notice for the
  user's own first call of it.  Any `add_arg_scope` layer stays, so an
  `arg_scope` on the public function still reaches these calls.

  Args:
    func: a function decorated with `deprecated`.

  Returns:
    The callable the decorator wrapped.
  """
  return func.__wrapped__
