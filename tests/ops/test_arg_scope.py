"""Unit tests of slimcompat.ops.arg_scope (beyond the upstream suite)."""

import inspect
import threading

import pytest

from slimcompat.ops import arg_scope as arg_scope_lib
from slimcompat.ops.arg_scope import add_arg_scope, arg_scope


@add_arg_scope
def layer(x, size=1, act='relu', name=None):
  """Layer docstring."""
  return dict(x=x, size=size, act=act, name=name)


@add_arg_scope
def other(x, size=2):
  return dict(x=x, size=size)


def plain(x, size=1):
  return x, size


def _depth():
  return len(arg_scope_lib._STACK.scopes)


def test_decorator_keeps_name_doc_and_signature():
  assert layer.__name__ == 'layer'
  assert layer.__doc__ == 'Layer docstring.'
  assert str(inspect.signature(layer)) == "(x, size=1, act='relu', name=None)"
  assert arg_scope_lib.arg_scoped_arguments(layer) == ('size', 'act', 'name')
  assert arg_scope_lib.has_arg_scope(layer)
  assert not arg_scope_lib.has_arg_scope(plain)


def test_nesting_and_override_order():
  with arg_scope([layer, other], size=3):
    with arg_scope([layer], act='tanh'):
      assert layer(0) == dict(x=0, size=3, act='tanh', name=None)
      assert layer(0, size=5)['size'] == 5
      assert other(0)['size'] == 3
    with arg_scope([layer], size=4):
      assert layer(0)['size'] == 4
    assert layer(0) == dict(x=0, size=3, act='relu', name=None)
  assert layer(0)['size'] == 1


def test_saved_scope_is_reentered_unchanged():
  with arg_scope([layer], size=7) as saved:
    pass
  with arg_scope([layer], size=9):
    with arg_scope(saved):
      assert layer(0)['size'] == 7
    assert layer(0)['size'] == 9


@pytest.mark.parametrize('bad,error', [
    ('not a list', TypeError),
    ([plain], ValueError),
    ([layer, plain], ValueError),
])
def test_bad_list_raises_and_leaves_stack_intact(bad, error):
  with arg_scope([layer], size=2):
    depth = _depth()
    before = arg_scope_lib.current_arg_scope()
    with pytest.raises(error) as info:
      with arg_scope(bad, size=3):
        pass
    assert _depth() == depth
    assert arg_scope_lib.current_arg_scope() is before
    assert layer(0)['size'] == 2
  if error is ValueError:
    assert 'add_arg_scope' in str(info.value)


def test_dict_with_kwargs_is_value_error():
  depth = _depth()
  with pytest.raises(ValueError, match='saved scope'):
    with arg_scope({}, size=1):
      pass
  assert _depth() == depth


def test_unknown_argument_reaches_the_function():
  with arg_scope([layer], bogus=1):
    with pytest.raises(TypeError):
      layer(0)


def test_stack_restored_when_body_raises():
  depth = _depth()
  with pytest.raises(RuntimeError):
    with arg_scope([layer], size=8):
      raise RuntimeError('boom')
  assert _depth() == depth
  assert layer(0)['size'] == 1


def test_stack_is_per_thread():
  # Two threads enter different scopes and interleave their calls; each must
  # see only its own defaults (a shared stack would mix them up).
  barrier = threading.Barrier(2)
  seen = {}

  def tower(size):
    with arg_scope([layer], size=size):
      barrier.wait()
      first = layer(0)['size']
      barrier.wait()
      seen[size] = (first, layer(0)['size'])

  threads = [threading.Thread(target=tower, args=(s,)) for s in (11, 22)]
  for t in threads:
    t.start()
  for t in threads:
    t.join()
  assert seen == {11: (11, 11), 22: (22, 22)}
  assert layer(0)['size'] == 1


def test_new_thread_starts_with_empty_scope():
  result = {}
  with arg_scope([layer], size=5):
    thread = threading.Thread(target=lambda: result.update(layer(0)))
    thread.start()
    thread.join()
  assert result['size'] == 1


def test_key_function_uses_key_op_attribute():
  key = arg_scope_lib.arg_scope_func_key(layer)
  with arg_scope([layer], size=3) as scope:
    assert scope[key] == {'size': 3}
  assert arg_scope_lib.arg_scope_func_key(plain) == str(plain)
