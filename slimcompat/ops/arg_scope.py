"""Default keyword arguments for groups of functions: slim's ``arg_scope``.

A function opts in with ``@add_arg_scope``.  Inside
``with arg_scope([f, g], key=value):`` every call of ``f`` or ``g`` that does not
pass ``key`` itself receives ``key=value``.  Scopes nest (inner values win,
explicit call arguments win over both), and the dict yielded by ``arg_scope``
can be re-entered later with ``with arg_scope(saved_scope):``.

Unlike tf-slim, the stack of scopes is kept per thread: two threads building
two towers at once each see only their own ``arg_scope`` blocks, and a new
thread starts with an empty scope.  A failing ``arg_scope`` call (bad list,
undecorated function) leaves the stack exactly as it was.
"""

import contextlib as _contextlib
import functools as _functools
import inspect as _inspect
import threading as _threading

from slimcompat import _argcheck

__all__ = [
    'arg_scope', 'add_arg_scope', 'current_arg_scope', 'has_arg_scope',
    'arg_scoped_arguments', 'arg_scope_func_key'
]

# key of a decorated function -> the names arg_scope may set for it.
_SCOPABLE_ARGUMENTS = {}


class _ThreadStack(_threading.local):
  """One stack of scope dicts per thread; the bottom entry is the empty scope."""

  def __init__(self):
    super().__init__()
    self.scopes = [{}]


_STACK = _ThreadStack()


def current_arg_scope():
  """Returns the innermost scope dict ``{function key: {arg: value}}``."""
  return _STACK.scopes[-1]


def arg_scope_func_key(op):
  """Returns the key under which ``op`` is stored in a scope dict."""
  return getattr(op, '_key_op', str(op))


def _keyword_arguments(func):
  """Names of the positional-or-keyword parameters of ``func`` with defaults."""
  try:
    parameters = _inspect.signature(func).parameters.values()
  except (TypeError, ValueError):
    return ()
  return tuple(p.name for p in parameters
               if p.kind == p.POSITIONAL_OR_KEYWORD and p.default is not p.empty)


def _describe(op):
  if callable(op) and hasattr(op, '__name__'):
    return '%s.%s' % (getattr(op, '__module__', None) or '?', op.__name__)
  return _argcheck.describe(op)


@_contextlib.contextmanager
def _pushed(scope):
  _STACK.scopes.append(scope)
  try:
    yield scope
  finally:
    _STACK.scopes.pop()


@_contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
  """Sets default keyword arguments for a list of decorated functions.

  Args:
    list_ops_or_scope: a list or tuple of functions decorated with
      `add_arg_scope`, or a scope dict yielded earlier by `arg_scope`, which is
      then re-entered as it was (no kwargs allowed in that case).
    **kwargs: the defaults to apply to every function of the list.

  Yields:
    The scope now in force, a dict mapping function keys to their defaults.

  Raises:
    TypeError: if `list_ops_or_scope` is neither a list/tuple nor a dict.
    ValueError: if a function of the list is not decorated with
      `add_arg_scope`, or kwargs are given together with a scope dict.
  """
  if isinstance(list_ops_or_scope, dict):
    if kwargs:
      raise ValueError(
          'arg_scope was given a saved scope dict and keyword arguments %s; '
          'a saved scope is re-entered as it is: pass either the dict alone or '
          'a list of functions with keyword arguments.' % sorted(kwargs))
    scope = list_ops_or_scope.copy()
  else:
    if not isinstance(list_ops_or_scope, (list, tuple)):
      raise TypeError(
          'arg_scope expects a list or tuple of functions decorated with '
          '@add_arg_scope, or a scope dict it yielded before; got %r.' %
          (list_ops_or_scope,))
    scope = current_arg_scope().copy()
    for op in list_ops_or_scope:
      if not has_arg_scope(op):
        # parity: tf-slim names the function by __module__ and __name__, so
        # for an entry without them its class is AttributeError.
        named = hasattr(op, '__module__') and hasattr(op, '__name__')
        raise (ValueError if named else _argcheck.ValueAndAttributeError)(
            '%s is not decorated with @add_arg_scope, so arg_scope cannot set '
            'its arguments; decorate it with slim.add_arg_scope or remove it '
            'from the list.' % _describe(op))
      key = arg_scope_func_key(op)
      merged = dict(scope.get(key, {}))
      merged.update(kwargs)
      scope[key] = merged
  with _pushed(scope):
    yield scope


def add_arg_scope(func):
  """Lets `arg_scope` supply default keyword arguments to `func`.

  The returned wrapper keeps the name, docstring, module and signature of
  `func` (`inspect.signature` sees through it).

  Args:
    func: the function to decorate.

  Returns:
    The decorated function.
  """
  key = arg_scope_func_key(func)

  @_functools.wraps(func)
  def func_with_args(*args, **kwargs):
    defaults = current_arg_scope().get(key)
    if defaults:
      merged = dict(defaults)
      merged.update(kwargs)
      kwargs = merged
    return func(*args, **kwargs)

  _SCOPABLE_ARGUMENTS[key] = _keyword_arguments(func)
  func_with_args._key_op = key
  return func_with_args


def has_arg_scope(func):
  """Returns True if `func` was decorated with `add_arg_scope`."""
  return arg_scope_func_key(func) in _SCOPABLE_ARGUMENTS


def arg_scoped_arguments(func):
  """Returns the keyword arguments that `arg_scope` can set for `func`.

  Raises:
    AssertionError: if `func` is not decorated with `add_arg_scope`.
  """
  assert has_arg_scope(func), (
      '%s is not decorated with @add_arg_scope.' % _describe(func))
  return _SCOPABLE_ARGUMENTS[arg_scope_func_key(func)]
