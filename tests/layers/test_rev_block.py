"""Unit tests of slimcompat.layers.rev_block_lib (RevBlock, rev_block,
recompute_grad).  Parity twin: tests/parity/test_layers_training_utils.py."""

import functools

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat.layers import rev_block_lib
from slimcompat.ops import arg_scope as arg_scope_lib

HALF = 3
RNG = np.random.RandomState(0)
INPUT = RNG.uniform(-1, 1, size=(5, 2 * HALF)).astype(np.float32)


def dense(x):
  """A little layer that creates its variables with get_variable."""
  w = tf.get_variable('w', [HALF, HALF])
  b = tf.get_variable('b', [HALF], initializer=tf.constant_initializer(0.1))
  return tf.tanh(tf.matmul(x, w) + b)


def _split(x):
  return tf.split(x, 2, axis=-1)


def _values(fetches, values=None):
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for var, value in (values or {}).items():
      var.load(value, sess)
    return sess.run(fetches)


def _numpy_dense(params, x):
  return np.tanh(x.dot(params['w']) + params['b'])


def test_variable_names_follow_layers_and_functions():
  with tf.Graph().as_default():
    x1, x2 = _split(tf.constant(INPUT))
    with tf.variable_scope('net'):
      rev_block_lib.rev_block(x1, x2, dense, dense, num_layers=2)
      rev_block_lib.rev_block(x1, x2, dense, dense, num_layers=1)
    names = [v.op.name for v in tf.trainable_variables()]
  assert names == [
      'net/revblock/revlayer_0/f/w', 'net/revblock/revlayer_0/f/b',
      'net/revblock/revlayer_0/g/w', 'net/revblock/revlayer_0/g/b',
      'net/revblock/revlayer_1/f/w', 'net/revblock/revlayer_1/f/b',
      'net/revblock/revlayer_1/g/w', 'net/revblock/revlayer_1/g/b',
      'net/revblock_1/revlayer_0/f/w', 'net/revblock_1/revlayer_0/f/b',
      'net/revblock_1/revlayer_0/g/w', 'net/revblock_1/revlayer_0/g/b']


def test_layer_variables_are_resource_variables():
  with tf.Graph().as_default():
    x1, x2 = _split(tf.constant(INPUT))
    rev_block_lib.rev_block(x1, x2, dense, dense)
    assert {v.op.type for v in tf.global_variables()} == {'VarHandleOp'}


def test_forward_matches_the_equations():
  with tf.Graph().as_default():
    x1, x2 = _split(tf.constant(INPUT))
    y1, y2 = rev_block_lib.rev_block(x1, x2, dense, dense, num_layers=2)
    variables = {v.op.name: v for v in tf.global_variables()}
    y1, y2, params = _values([y1, y2, variables])
  a, b = INPUT[:, :HALF], INPUT[:, HALF:]
  for i in range(2):
    layer = lambda fn: {k.split('/')[-1]: v for k, v in params.items()
                        if 'revlayer_%d/%s/' % (i, fn) in k}
    a = a + _numpy_dense(layer('f'), b)
    b = b + _numpy_dense(layer('g'), a)
  np.testing.assert_allclose(y1, a, atol=1e-5)
  np.testing.assert_allclose(y2, b, atol=1e-5)


@pytest.mark.parametrize('order', ['forward_first', 'backward_first'])
def test_backward_inverts_forward(order):
  with tf.Graph().as_default():
    a1, a2 = _split(tf.constant(INPUT))
    block = rev_block_lib.RevBlock(dense, dense, num_layers=3)
    if order == 'forward_first':
      b1, b2 = block.forward(a1, a2)
      c1, c2 = block.backward(b1, b2)
    else:
      b1, b2 = block.backward(a1, a2)
      c1, c2 = block.forward(b1, b2)
    assert len(tf.global_variables()) == 12  # the second call reuses them
    a1, a2, c1, c2 = _values([a1, a2, c1, c2])
  np.testing.assert_allclose(a1, c1, atol=1e-5)
  np.testing.assert_allclose(a2, c2, atol=1e-5)


def _gradients_both_ways(f, g, num_layers=3, f_side=None, g_side=None):
  """Outputs and gradients of the efficient and the plain block, same vars."""
  x = tf.constant(INPUT)
  x1, x2 = _split(x)
  with tf.variable_scope('rev') as scope:
    y1, y2 = rev_block_lib.rev_block(x1, x2, f, g, num_layers=num_layers,
                                     f_side_input=f_side, g_side_input=g_side)
    block_vars = scope.trainable_variables()
  count = len(tf.global_variables())
  with tf.variable_scope(scope, reuse=True):
    z1, z2 = rev_block_lib.rev_block(x1, x2, f, g, num_layers=num_layers,
                                     f_side_input=f_side, g_side_input=g_side,
                                     is_training=False)
  assert len(tf.global_variables()) == count
  wrt = [x] + list(f_side or []) + list(g_side or []) + block_vars
  efficient = tf.gradients(tf.reduce_mean(tf.concat([y1, y2], 1) ** 2), wrt)
  plain = tf.gradients(tf.reduce_mean(tf.concat([z1, z2], 1) ** 2), wrt)
  assert all(g is not None for g in efficient)
  return _values([[y1, y2], [z1, z2], efficient, plain])


def _assert_same(results):
  ys, zs, efficient, plain = results
  np.testing.assert_allclose(ys, zs, atol=1e-5)
  for a, b in zip(efficient, plain):
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_efficient_gradients_equal_plain_gradients():
  with tf.Graph().as_default():
    _assert_same(_gradients_both_ways(dense, dense))


def test_gradients_with_side_inputs_and_function_lists():
  def f_side(x, side):
    return dense(x) * side[0]

  def g_side(x, side):
    return dense(x) + side[0] * side[1]

  def relu_dense(x):
    return tf.nn.relu(dense(x))

  with tf.Graph().as_default():
    s1 = tf.constant(RNG.uniform(size=(5, HALF)).astype(np.float32))
    s2 = tf.constant(RNG.uniform(size=(5, HALF)).astype(np.float32))
    s3 = tf.constant(RNG.uniform(size=(5, HALF)).astype(np.float32))
    _assert_same(_gradients_both_ways(
        [f_side, f_side], [g_side, g_side], num_layers=2, f_side=[s1],
        g_side=[s2, s3]))
  with tf.Graph().as_default():
    _assert_same(_gradients_both_ways([dense, relu_dense, dense],
                                      [relu_dense, dense, dense]))


def test_reuse_under_a_reusing_scope_creates_nothing():
  with tf.Graph().as_default():
    x1, x2 = _split(tf.constant(INPUT))
    with tf.variable_scope('test'):
      rev_block_lib.rev_block(x1, x2, dense, dense, num_layers=2)
    count = len(tf.global_variables())
    with tf.variable_scope('test', reuse=True):
      y1, y2 = rev_block_lib.rev_block(x1, x2, dense, dense, num_layers=2)
    assert len(tf.global_variables()) == count
    grads = tf.gradients(tf.reduce_sum(y1 + y2), tf.trainable_variables())
    assert all(g is not None for g in grads)


def test_layer_surface():
  with tf.Graph().as_default():
    x1, x2 = _split(tf.constant(INPUT))
    block = rev_block_lib.RevBlock(dense, dense, num_layers=2)
    assert block.name == 'revblock' and not block.built
    with pytest.raises(ValueError, match='call'):
      block.scope_name
    with tf.variable_scope('outer'):
      block.forward(x1, x2)
    assert block.built and block.scope_name == 'outer/revblock'
    assert block.dtype == 'float32'
    assert [v.op.name for v in block.trainable_weights] == [
        v.op.name for v in tf.trainable_variables()]
    assert block.non_trainable_weights == []
    assert len(block.variables) == 8
    block.backward(x1, x2)
    assert len(block.weights) == 8


def test_unnamed_blocks_are_numbered():
  with tf.Graph().as_default():
    x1, x2 = _split(tf.constant(INPUT))
    first = rev_block_lib.RevBlock(dense, dense, name=None)
    second = rev_block_lib.RevBlock(dense, dense, name=None)
    assert (first.name, second.name) == ('rev_block_1', 'rev_block_2')
    first.forward(x1, x2)
    second.forward(x1, x2)
    assert (first.scope_name, second.scope_name) == ('rev_block',
                                                     'rev_block_1')


def test_bad_construction_raises_and_consumes_no_name():
  with tf.Graph().as_default():
    with pytest.raises(AssertionError, match='num_layers=3'):
      rev_block_lib.RevBlock([dense, dense], dense, num_layers=3, name=None)
    with pytest.raises(TypeError, match='not_an_argument'):
      rev_block_lib.RevBlock(dense, dense, not_an_argument=1, name=None)
    assert rev_block_lib.RevBlock(dense, dense, name=None).name == 'rev_block_1'
    assert not tf.get_default_graph().get_operations()


def test_python_control_flow_on_tensors_in_f_is_converted():
  def gated(x):
    if tf.reduce_sum(x) > 0:
      return x * 2.0
    return x

  with tf.Graph().as_default():
    a1, a2 = _split(tf.constant(INPUT))
    block = rev_block_lib.RevBlock(gated, gated, use_efficient_backprop=False)
    b1, b2 = block.forward(a1, a2)
    c1, c2 = block.backward(b1, b2)
    a1, c1, a2, c2 = _values([a1, c1, a2, c2])
  np.testing.assert_allclose(a1, c1, atol=1e-5)
  np.testing.assert_allclose(a2, c2, atol=1e-5)


# -- recompute_grad ---------------------------------------------------------


def _stack(x):
  for i in range(2):
    with tf.variable_scope('layer%d' % i):
      x = dense(x)
  return x


def test_recompute_gives_the_same_outputs_and_gradients():
  calls = []

  def counted(x):
    calls.append(1)
    return _stack(x)

  variants = [('plain', _stack),
              ('recompute', rev_block_lib.recompute_grad(counted)),
              ('data_dep', rev_block_lib.recompute_grad(use_data_dep=True)(
                  _stack)),
              ('tuple', rev_block_lib.recompute_grad(tupleize_grads=True)(
                  _stack)),
              ('both', rev_block_lib.recompute_grad(
                  use_data_dep=True, tupleize_grads=True)(_stack))]
  with tf.Graph().as_default():
    tf.set_random_seed(1)
    x = tf.constant(INPUT[:, :HALF])
    results = []
    for name, fn in variants:
      with tf.variable_scope(name, use_resource=True,
                             initializer=tf.constant_initializer(0.3)) as vs:
        out = tf.reduce_sum(fn(x) ** 2)
        results.append((out, tf.gradients(out, [x] + vs.trainable_variables())))
    assert len(calls) == 2  # forward, then the recompute of the gradient
    values = _values(results)
  for out, grads in values[1:]:
    np.testing.assert_allclose(out, values[0][0], rtol=1e-5)
    for a, b in zip(grads, values[0][1]):
      np.testing.assert_allclose(a, b, rtol=1e-5)


def test_is_recomputing_flag():
  seen = []

  @rev_block_lib.recompute_grad
  def layer(x, is_recomputing=False):
    seen.append(is_recomputing)
    return dense(x)

  with tf.Graph().as_default():
    x = tf.constant(INPUT[:, :HALF])
    with tf.variable_scope('a', use_resource=True):
      y = layer(x)
    tf.gradients(tf.reduce_sum(y), [x] + tf.trainable_variables())
  assert seen == [False, True]


def test_recompute_reenters_the_arg_scope():
  seen = []

  @arg_scope_lib.add_arg_scope
  def scaled(x, factor=1.0):
    seen.append(factor)
    return x * factor

  @rev_block_lib.recompute_grad
  def fn(x):
    return scaled(dense(x))

  with tf.Graph().as_default():
    x = tf.constant(INPUT[:, :HALF])
    with arg_scope_lib.arg_scope([scaled], factor=3.0):
      with tf.variable_scope('s', use_resource=True):
        y = fn(x)
    tf.gradients(tf.reduce_sum(y), [x] + tf.trainable_variables())
  assert seen == [3.0, 3.0]


def test_without_variables():
  @rev_block_lib.recompute_grad
  def concat_sum(*args):
    return tf.reduce_sum(tf.concat(args, axis=-1), axis=1, keepdims=True)

  with tf.Graph().as_default():
    base = tf.constant(INPUT)
    layers = [base]
    for _ in range(3):
      layers.append(tf.sqrt(concat_sum(*layers[-2:]) ** 2 + 1.0))
    grad = tf.gradients(layers[-1], base)[0]
    plain = [base]
    for _ in range(3):
      plain.append(tf.sqrt(tf.reduce_sum(tf.concat(plain[-2:], -1), 1,
                                         keepdims=True) ** 2 + 1.0))
    expected = tf.gradients(plain[-1], base)[0]
    grad, expected = _values([grad, expected])
  np.testing.assert_allclose(grad, expected, rtol=1e-5)


def test_double_call_in_the_same_scope_fails_at_gradient_time():
  @rev_block_lib.recompute_grad
  def layer(x):
    with tf.variable_scope(None, default_name='d'):
      return dense(x)

  with tf.Graph().as_default():
    x = tf.constant(INPUT[:, :HALF])
    with tf.variable_scope('layer', use_resource=True):
      out = tf.reduce_sum(layer(x) + layer(x))
    with pytest.raises(ValueError, match='called twice in the same enclosing'):
      tf.gradients(out, [x] + tf.trainable_variables())


def test_double_call_in_unique_scopes_works():
  @rev_block_lib.recompute_grad
  def layer(x):
    with tf.variable_scope('inner'):
      return dense(x)

  with tf.Graph().as_default():
    x = tf.constant(INPUT[:, :HALF])
    with tf.variable_scope('layer', use_resource=True):
      with tf.variable_scope('one'):
        a = layer(x)
      with tf.variable_scope('two'):
        b = layer(x)
    grads = tf.gradients(tf.reduce_sum(a + b), [x] + tf.trainable_variables())
  assert len(grads) == 5 and all(g is not None for g in grads)


def test_closing_over_a_tensor_is_refused():
  with tf.Graph().as_default():
    z = tf.constant(1.0)
    with pytest.raises(ValueError, match='closes over'):
      @rev_block_lib.recompute_grad
      def uses_z(a):
        return a * z


def test_non_tensor_argument_is_refused():
  fn = rev_block_lib.recompute_grad(lambda a: a * 2.0)
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match='Tensors'):
      fn(np.ones(2, np.float32))


def test_decorator_keeps_the_name_and_accepts_partials():
  def named(x):
    return x * 2.0

  assert rev_block_lib.recompute_grad(named).__name__ == 'named'
  doubled = rev_block_lib.recompute_grad(
      functools.partial(lambda x, k: x * k, k=2.0))
  with tf.Graph().as_default():
    x = tf.constant([1.0, 2.0])
    grad = tf.gradients(tf.reduce_sum(doubled(x)), x)[0]
    np.testing.assert_allclose(_values(grad), [2.0, 2.0])
