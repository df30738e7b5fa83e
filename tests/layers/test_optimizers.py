"""Unit tests of slimcompat.layers.optimizers (optimize_loss, adaptive clipping).
Parity twin: tests/parity/test_layers_training_utils.py.

Expected values are worked out by hand (or in numpy) from the optimizers'
textbook update rules for the model loss = |w * x| with w = 10, x = 5, so the
gradient is 5.
"""

import math

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat.layers import optimizers as optimizers_lib

optimize_loss = optimizers_lib.optimize_loss
LR = 0.1
GRAD = 5.0


def _model(initial=10.0, step=True):
  x = tf.placeholder(tf.float32, [], name='x')
  var = tf.get_variable('w', [], initializer=tf.constant_initializer(initial))
  loss = tf.abs(var * x)
  global_step = tf.train.create_global_step() if step else None
  return x, var, loss, global_step


def _run(fetches, feed=None, steps=1, train=None):
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = None
    for _ in range(steps):
      values = sess.run(train, feed_dict=feed) if train is not None else None
    return sess.run(fetches, feed_dict=feed), values


def _one_step(**kwargs):
  """Builds, runs one training step; returns (w, global step, train value)."""
  with tf.Graph().as_default():
    x, var, loss, step = _model()
    train = optimize_loss(loss, step, **kwargs)
    (w, s), train_value = _run([var, step], {x: 5.0}, train=train)
    return w, s, train_value


def _summary_tags():
  tags = []
  for summary in tf.get_collection(tf.GraphKeys.SUMMARIES):
    tag = np.asarray(tf.get_static_value(summary.op.inputs[0])).item()
    tags.append(tag.decode())
  return sorted(tags)


def _expected_first_step(name):
  w, g = 10.0, GRAD
  if name in ('SGD', 'Momentum'):  # momentum starts from a zero accumulator
    return w - LR * g
  if name == 'Adagrad':  # accumulator starts at 0.1
    return w - LR * g / math.sqrt(0.1 + g * g)
  if name == 'Adam':
    b1, b2, eps = 0.9, 0.999, 1e-8
    m, v = (1 - b1) * g, (1 - b2) * g * g
    lr_t = LR * math.sqrt(1 - b2) / (1 - b1)
    return w - lr_t * m / (math.sqrt(v) + eps)
  if name == 'RMSProp':  # TF1 RMSProp starts its mean square at 1
    ms = 0.9 * 1.0 + 0.1 * g * g
    return w - LR * g / math.sqrt(ms + 1e-10)
  if name == 'Ftrl':  # lr_power -0.5, accumulator 0.1, no l1/l2
    n0, n1 = 0.1, 0.1 + g * g
    sigma = (math.sqrt(n1) - math.sqrt(n0)) / LR
    z = g - sigma * w
    return -z / (math.sqrt(n1) / LR)
  raise AssertionError(name)


def test_optimizer_table_lists_the_reference_names():
  assert sorted(optimizers_lib.OPTIMIZER_CLS_NAMES) == [
      'Adagrad', 'Adam', 'Ftrl', 'Momentum', 'RMSProp', 'SGD']
  assert optimizers_lib.OPTIMIZER_CLS_NAMES['SGD'] is (
      tf.train.GradientDescentOptimizer)
  momentum = optimizers_lib.OPTIMIZER_CLS_NAMES['Momentum'](learning_rate=0.3)
  assert isinstance(momentum, tf.train.MomentumOptimizer)
  assert optimizers_lib.OPTIMIZER_SUMMARIES == [
      'learning_rate', 'loss', 'gradients', 'gradient_norm',
      'global_gradient_norm']


@pytest.mark.parametrize('name', ['SGD', 'Momentum', 'Adagrad', 'Adam',
                                  'RMSProp', 'Ftrl'])
def test_every_named_optimizer_takes_its_first_step(name):
  w, step, train_value = _one_step(learning_rate=LR, optimizer=name)
  assert w == pytest.approx(_expected_first_step(name), rel=1e-5)
  assert step == 1
  assert train_value == pytest.approx(50.0)  # the loss before the update


@pytest.mark.parametrize('make', [
    lambda: tf.train.GradientDescentOptimizer,
    lambda: tf.train.GradientDescentOptimizer(learning_rate=LR),
    lambda: (lambda lr: tf.train.GradientDescentOptimizer(lr)),
], ids=['class', 'instance', 'function_of_lr'])
def test_optimizer_as_class_instance_or_function(make):
  w, step, _ = _one_step(learning_rate=LR, optimizer=make())
  assert (w, step) == (pytest.approx(9.5), 1)


def test_function_without_learning_rate():
  w, _, _ = _one_step(
      learning_rate=None,
      optimizer=lambda: tf.train.GradientDescentOptimizer(0.2))
  assert w == pytest.approx(10 - 0.2 * GRAD)


def test_float_learning_rate_becomes_a_non_trainable_variable():
  with tf.Graph().as_default():
    _, _, loss, step = _model()
    optimize_loss(loss, step, learning_rate=0.25, optimizer='SGD')
    lr = [v for v in tf.global_variables()
          if v.op.name == 'OptimizeLoss/learning_rate']
    assert len(lr) == 1
    assert lr[0] not in tf.trainable_variables()
    assert _run(lr[0])[0] == pytest.approx(0.25)


def test_tensor_learning_rate_is_used_as_is():
  with tf.Graph().as_default():
    x, var, loss, step = _model()
    rate = tf.placeholder(tf.float32, [])
    train = optimize_loss(loss, step, learning_rate=rate, optimizer='SGD')
    assert not [v for v in tf.global_variables() if 'learning_rate' in v.name]
    w, _ = _run(var, {x: 5.0, rate: 0.3}, train=train)
    assert w == pytest.approx(10 - 0.3 * GRAD)


def test_learning_rate_decay_fn_gets_rate_and_step():
  seen = []

  def halve(lr, global_step):
    seen.append((lr, global_step))
    return lr * 0.5

  with tf.Graph().as_default():
    x, var, loss, step = _model()
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          learning_rate_decay_fn=halve)
    assert seen[0][1] is step
    assert seen[0][0].op.name == 'OptimizeLoss/learning_rate'
    # The variable holds the name, so the summary gets the next free one.
    assert 'OptimizeLoss/learning_rate_1' in _summary_tags()
    w, _ = _run(var, {x: 5.0}, train=train)
  assert w == pytest.approx(10 - 0.05 * GRAD)


def test_clip_gradients_by_global_norm():
  w, _, _ = _one_step(learning_rate=LR, optimizer='SGD', clip_gradients=0.1)
  assert w == pytest.approx(10 - LR * 0.1)


def test_clip_gradients_function_sees_and_replaces_the_pairs():
  received = []

  def zero_out(grads_and_vars):
    received.extend(grads_and_vars)
    return [(g * 0.0, v) for g, v in grads_and_vars]

  w, step, _ = _one_step(learning_rate=LR, optimizer='SGD',
                         clip_gradients=zero_out)
  assert [v.op.name for _, v in received] == ['w']
  assert (w, step) == (pytest.approx(10.0), 1)


@pytest.mark.parametrize('scale', [0.5, 10.0])
def test_gradient_noise_stays_within_the_truncated_normal_range(scale):
  with tf.Graph().as_default():
    tf.set_random_seed(3)
    x, var, loss, step = _model()
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          gradient_noise_scale=scale)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      updates = []
      for _ in range(20):
        before = sess.run(var)
        sess.run(train, {x: 5.0})
        updates.append((before - sess.run(var)) / LR)
  noise = np.array(updates) - GRAD
  assert np.all(np.abs(noise) <= 2 * scale + 1e-4)
  assert np.std(noise) > 0.1 * scale  # noise really is added


def test_gradient_multipliers_by_variable_and_by_name():
  for key in ('var', 'w:0'):
    with tf.Graph().as_default():
      x, var, loss, step = _model()
      train = optimize_loss(
          loss, step, learning_rate=LR, optimizer='SGD',
          gradient_multipliers={var if key == 'var' else key: 7.0})
      w, _ = _run(var, {x: 5.0}, train=train)
    assert w == pytest.approx(10 - LR * 7 * GRAD)


@pytest.mark.parametrize('dtype', [tf.float32, tf.float64])
def test_gradient_multiplier_tensor_is_cast(dtype):
  with tf.Graph().as_default():
    x, var, loss, step = _model()
    factor = tf.placeholder(dtype, [])
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          gradient_multipliers={var: factor})
    w, _ = _run(var, {x: 5.0, factor: 3.0}, train=train)
  assert w == pytest.approx(10 - LR * 3 * GRAD)


def test_sparse_gradients_are_noised_multiplied_and_clipped():
  with tf.Graph().as_default():
    table = tf.get_variable('table', [4, 2],
                            initializer=tf.constant_initializer(1.0))
    rows = tf.gather(table, [1, 3])
    loss = tf.reduce_sum(rows)
    step = tf.train.create_global_step()
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          gradient_multipliers={table: 2.0},
                          summaries=['gradients', 'gradient_norm'])
    value, _ = _run(table, train=train)
  expected = np.ones((4, 2))
  expected[[1, 3]] -= LR * 2.0
  np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_variables_restricts_training():
  with tf.Graph().as_default():
    x, var, loss, step = _model()
    other = tf.get_variable('other', [], initializer=tf.constant_initializer(2.))
    loss = loss + other * x
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          variables=[other])
    (w, o), _ = _run([var, other], {x: 5.0}, train=train)
  assert (w, o) == (pytest.approx(10.0), pytest.approx(2 - LR * 5))


def test_update_ops_run_with_the_step():
  for source in ('argument', 'collection'):
    with tf.Graph().as_default():
      x, var, loss, step = _model()
      counter = tf.get_variable('counter', [], trainable=False,
                                initializer=tf.constant_initializer(10.))
      update = tf.assign(counter, 20.)
      if source == 'collection':
        tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update)
        train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD')
      else:
        train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                              update_ops=[update])
      (w, c, s), _ = _run([var, counter, step], {x: 5.0}, train=train)
    assert (w, c, s) == (pytest.approx(9.5), 20.0, 1)


def test_explicit_empty_update_ops_ignore_the_collection():
  with tf.Graph().as_default():
    x, _, loss, step = _model()
    counter = tf.get_variable('counter', [], trainable=False,
                              initializer=tf.constant_initializer(10.))
    tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign(counter, 20.))
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          update_ops=[])
    c, _ = _run(counter, {x: 5.0}, train=train)
  assert c == 10.0


def test_global_step_increment_can_be_turned_off():
  w, step, _ = _one_step(learning_rate=LR, optimizer='SGD',
                         increment_global_step=False)
  assert (w, step) == (pytest.approx(9.5), 0)


def test_global_step_none_uses_the_graph_step_or_none():
  with tf.Graph().as_default():
    x, var, loss, step = _model()
    train = optimize_loss(loss, None, learning_rate=LR, optimizer='SGD')
    (w, s), _ = _run([var, step], {x: 5.0}, train=train)
    assert (w, s) == (pytest.approx(9.5), 1)
  with tf.Graph().as_default():
    x, var, loss, _ = _model(step=False)
    train = optimize_loss(loss, None, learning_rate=LR, optimizer='SGD')
    w, _ = _run(var, {x: 5.0}, train=train)
    assert w == pytest.approx(9.5)


@pytest.mark.parametrize('summaries, clip, expected', [
    (None, None, ['OptimizeLoss/global_norm/gradient_norm',
                  'OptimizeLoss/loss']),
    (['loss'], None, ['OptimizeLoss/loss']),
    (['gradients'], None, ['OptimizeLoss/gradients/w_0']),
    (['gradient_norm'], 1.0, ['OptimizeLoss/global_norm/clipped_gradient_norm',
                              'OptimizeLoss/global_norm/gradient_norm',
                              'OptimizeLoss/gradient_norm/w_0']),
    (['global_gradient_norm'], None,
     ['OptimizeLoss/global_norm/gradient_norm']),
    # Without a decay function no learning-rate summary is written.
    (['learning_rate'], None, []),
    ([], 1.0, []),
])
def test_summary_tags(summaries, clip, expected):
  with tf.Graph().as_default():
    _, _, loss, step = _model()
    optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                  summaries=summaries, clip_gradients=clip)
    assert _summary_tags() == expected


def test_name_sets_the_scope_and_train_tensor_is_an_identity_of_loss():
  with tf.Graph().as_default():
    _, _, loss, step = _model()
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          name='Trainer')
    assert [v.op.name for v in tf.global_variables()
            if 'learning_rate' in v.name] == ['Trainer/learning_rate']
    assert train.op.type == 'Identity'
    assert train.op.inputs[0] is loss
    assert train.op.name.startswith('Trainer/')
    assert [op.name for op in train.op.control_inputs] == ['Trainer/train']


def _colocated_gradient_ops():
  ops = [op for op in tf.get_default_graph().get_operations()
         if op.name.startswith('OptimizeLoss/gradients/')]
  # Colocated with a forward op (gradient ops among themselves are always
  # colocated by the tuple/control_dependency groups).
  return [op for op in ops
          if any(not g.startswith(b'loc:@OptimizeLoss/gradients/')
                 for g in op.colocation_groups())]


def test_colocate_gradients_with_ops():
  found = {}
  for colocate in (False, True):
    with tf.Graph().as_default():
      _, _, loss, step = _model()
      optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                    colocate_gradients_with_ops=colocate)
      found[colocate] = _colocated_gradient_ops()
  assert not found[False]
  assert found[True]


def _graph_state():
  graph = tf.get_default_graph()
  return (len(graph.get_operations()),
          {k: list(graph.get_collection(k))
           for k in graph.get_all_collection_keys()})


@pytest.mark.parametrize('kwargs', [
    dict(learning_rate=-0.1, optimizer='SGD'),
    dict(learning_rate=1, optimizer='SGD'),
    dict(learning_rate='0.1', optimizer='SGD'),
    dict(learning_rate=None, optimizer='SGD'),
    dict(learning_rate=None, optimizer=tf.train.AdamOptimizer),
    dict(learning_rate=LR, optimizer='blah'),
    dict(learning_rate=LR, optimizer=object()),
    dict(learning_rate=LR, optimizer='SGD', summaries=['loss', 'bad']),
    dict(learning_rate=LR, optimizer='SGD', clip_gradients=1),
    dict(learning_rate=LR, optimizer='SGD', clip_gradients='1.0'),
], ids=['negative_lr', 'int_lr', 'str_lr', 'name_without_lr',
        'class_without_lr', 'unknown_name', 'object', 'bad_summary',
        'int_clip', 'str_clip'])
def test_bad_arguments_raise_value_error_and_build_nothing(kwargs):
  with tf.Graph().as_default():
    _, _, loss, step = _model()
    before = _graph_state()
    with pytest.raises(ValueError):
      optimize_loss(loss, step, **kwargs)
    assert _graph_state() == before


def test_non_scalar_learning_rate_tensor():
  with tf.Graph().as_default():
    _, _, loss, step = _model()
    with pytest.raises(ValueError):
      optimize_loss(loss, step, learning_rate=tf.constant([0.1]),
                    optimizer='SGD')


def test_decay_without_global_step():
  with tf.Graph().as_default():
    _, _, loss, _ = _model(step=False)
    with pytest.raises(ValueError, match='global_step is required'):
      optimize_loss(loss, None, learning_rate=LR, optimizer='SGD',
                    learning_rate_decay_fn=lambda lr, s: lr)


def test_function_that_returns_no_optimizer():
  with tf.Graph().as_default():
    _, _, loss, step = _model()
    with pytest.raises(ValueError, match='must return'):
      optimize_loss(loss, step, learning_rate=LR, optimizer=lambda lr: None)


@pytest.mark.parametrize('loss', [None, [[1.0]]])
def test_bad_loss(loss):
  with tf.Graph().as_default():
    step = tf.train.create_global_step()
    with pytest.raises(ValueError):
      optimize_loss(loss, step, learning_rate=LR, optimizer='SGD')


def test_bad_global_steps():
  with tf.Graph().as_default():
    _, _, loss, _ = _model(step=False)
    with pytest.raises(TypeError):
      optimize_loss(loss, tf.get_variable('s', [], dtype=tf.float64),
                    learning_rate=LR, optimizer='SGD')


# -- adaptive clipping ------------------------------------------------------


def _simulate_adaptive(norms, decay, std_factor=2.0, epsilon=1e-8,
                       steps=None, static_max_norm=None):
  """The clipping factors the paper's rule gives for a sequence of norms."""
  mean = sq_mean = 0.0
  factors = []
  for i, norm in enumerate(norms):
    rate = decay if steps is None else min(decay, steps[i] / (steps[i] + 1.0))
    log_norm = math.log(norm + epsilon)
    mean -= (mean - log_norm) * (1 - rate)
    sq_mean -= (sq_mean - log_norm ** 2) * (1 - rate)
    std = math.sqrt(max(epsilon, sq_mean - mean ** 2))
    factor = 1.0 if norm < math.exp(mean + std_factor * std) else (
        math.exp(mean) / norm)
    if static_max_norm is not None:
      factor = min(static_max_norm / norm, factor)
    factors.append(factor)
  return factors


@pytest.mark.parametrize('use_step, static_max_norm',
                         [(False, None), (True, None), (True, 3.0)])
def test_adaptive_clipping_follows_the_rule(use_step, static_max_norm):
  scales = [1.0, -2.0, 1.5, 30.0, 1.0, 500.0, 2.0]
  with tf.Graph().as_default():
    scale = tf.placeholder(tf.float32, [])
    step = tf.placeholder(tf.int32, [])
    grad = tf.ones([3, 4]) * scale
    clip = optimizers_lib.adaptive_clipping_fn(
        decay=0.9, global_step=step if use_step else None,
        static_max_norm=static_max_norm)
    clipped = clip([(grad, 'v'), (None, 'u')])
    assert clipped[1] == (None, 'u') and clipped[0][1] == 'v'
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      got = [sess.run(clipped[0][0], {scale: s, step: i})
             for i, s in enumerate(scales)]
  norms = [abs(s) * math.sqrt(12) for s in scales]
  factors = _simulate_adaptive(norms, 0.9,
                               steps=range(len(scales)) if use_step else None,
                               static_max_norm=static_max_norm)
  for value, s, factor in zip(got, scales, factors):
    np.testing.assert_allclose(value, np.full((3, 4), s * factor), rtol=1e-4)


def test_adaptive_clipping_variables_scope_and_summary():
  with tf.Graph().as_default():
    grad = tf.ones([2])
    optimizers_lib.adaptive_clipping_fn(name='clipper', report_summary=True)(
        [(grad, None)])
    variables = {v.op.name: v for v in tf.global_variables()}
    assert sorted(variables) == ['clipper/mean', 'clipper/sq_mean']
    assert not tf.trainable_variables()
    assert _summary_tags() == ['global_norm/adaptive_max_gradient_norm']


def test_adaptive_clipping_scales_sparse_gradients():
  with tf.Graph().as_default():
    sparse = tf.IndexedSlices(tf.constant([[3.0, 4.0]]), tf.constant([1]),
                              tf.constant([3, 2]))
    clipped = optimizers_lib.adaptive_clipping_fn(static_max_norm=1.0)(
        [(sparse, None)])[0][0]
    assert isinstance(clipped, tf.IndexedSlices)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      values = sess.run(clipped.values)
  np.testing.assert_allclose(values, [[0.6, 0.8]], rtol=1e-5)


def test_adaptive_clipping_in_optimize_loss():
  with tf.Graph().as_default():
    x, var, loss, step = _model()
    train = optimize_loss(loss, step, learning_rate=LR, optimizer='SGD',
                          clip_gradients=optimizers_lib.adaptive_clipping_fn())
    names = sorted(v.op.name for v in tf.global_variables()
                   if v.op.name.startswith('OptimizeLoss/AdaptiveMaxNorm'))
    assert names == ['OptimizeLoss/AdaptiveMaxNorm/mean',
                     'OptimizeLoss/AdaptiveMaxNorm/sq_mean']
    w, _ = _run(var, {x: 5.0}, train=train)
  factor = _simulate_adaptive([GRAD], 0.95)[0]
  assert w == pytest.approx(10 - LR * GRAD * factor, rel=1e-5)
