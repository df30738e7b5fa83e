"""Parity of tf_slim.layers.optimizers, .summaries and .rev_block_lib with the
reference tf-slim: every op (name and type, in order), variables, collections,
summary tags and values, loss and variable values after a few training steps
(gradient noise included: the same op count gives the same random stream),
gradients, and the exception class for bad inputs.

Unit twins: tests/layers/test_optimizers.py, test_summaries.py,
test_rev_block.py."""

import functools
import importlib

import numpy as np
import pytest

from slimcompat._compat import tf
from tests.parity import harness

STEPS = 3
RNG = np.random.RandomState(11)
INPUT = RNG.uniform(-1, 1, size=(4, 6)).astype(np.float32)
W_INIT = RNG.uniform(-1, 1, size=(6, 2)).astype(np.float32)


def _module(slim, name):
  return importlib.import_module('%s.layers.%s' % (slim.__name__, name))


def _summary_values(built):
  """{tag: value or 'histogram'} of every summary in the graph's collection."""
  graph = built.graph
  with graph.as_default():
    summaries = graph.get_collection(tf.GraphKeys.SUMMARIES)
    if not summaries:
      return {}
    with tf.Session(graph=graph) as sess:
      sess.run(tf.global_variables_initializer())
      proto = tf.Summary.FromString(sess.run(tf.summary.merge(summaries)))
  return {v.tag: (v.simple_value if v.WhichOneof('value') == 'simple_value'
                  else 'histogram') for v in proto.value}


def _assert_same_graph(ours, theirs):
  assert harness.ops(ours) == harness.ops(theirs)
  assert ours.variables == theirs.variables
  assert ours.collections == theirs.collections


def _train(built, steps=STEPS):
  """Runs the train tensor `steps` times; returns (losses, variable values)."""
  graph = built.graph
  with graph.as_default(), tf.Session(graph=graph) as sess:
    sess.run(tf.global_variables_initializer())
    losses = [sess.run(built.result) for _ in range(steps)]
    variables = graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
    values = dict(zip([v.op.name for v in variables], sess.run(variables)))
  return losses, values


# -- optimize_loss ----------------------------------------------------------


def _model(slim, extra_loss=False, step=True):
  del slim
  x = tf.constant(INPUT)
  w = tf.get_variable('w', [6, 2], initializer=tf.constant_initializer(W_INIT))
  b = tf.get_variable('b', [2], initializer=tf.constant_initializer(0.5))
  loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - 1.0))
  if extra_loss:
    table = tf.get_variable('table', [5, 2],
                            initializer=tf.constant_initializer(0.25))
    loss += tf.reduce_sum(tf.gather(table, [0, 3, 3]) * b)
  global_step = tf.train.create_global_step() if step else None
  return loss, global_step, w, b


def _halve_every_two(lr, global_step):
  return tf.train.exponential_decay(lr, global_step, 2, 0.5, staircase=True)


def _adaptive(slim, **kwargs):
  return _module(slim, 'optimizers').adaptive_clipping_fn(**kwargs)


def _update_counter(in_collection):
  counter = tf.get_variable('counter', [], trainable=False,
                            initializer=tf.zeros_initializer())
  update = tf.assign_add(counter, 1.0)
  if in_collection:
    tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, update)
  return update


def _then(unused_first, value):
  return value


OPTIMIZE_CASES = {
    'sgd': lambda s, m: dict(learning_rate=0.1, optimizer='SGD'),
    'adam': lambda s, m: dict(learning_rate=0.01, optimizer='Adam'),
    'adagrad': lambda s, m: dict(learning_rate=0.1, optimizer='Adagrad'),
    'ftrl': lambda s, m: dict(learning_rate=0.1, optimizer='Ftrl'),
    'momentum': lambda s, m: dict(learning_rate=0.1, optimizer='Momentum'),
    'rmsprop': lambda s, m: dict(learning_rate=0.01, optimizer='RMSProp'),
    'class': lambda s, m: dict(learning_rate=0.1,
                               optimizer=tf.train.AdagradOptimizer),
    'instance': lambda s, m: dict(
        learning_rate=0.1, optimizer=tf.train.MomentumOptimizer(0.2, 0.5)),
    'function_of_lr': lambda s, m: dict(
        learning_rate=0.1, optimizer=lambda lr: tf.train.AdamOptimizer(lr)),
    'function_without_lr': lambda s, m: dict(
        learning_rate=None, optimizer=lambda: tf.train.FtrlOptimizer(0.3)),
    'tensor_lr': lambda s, m: dict(learning_rate=tf.constant(0.05),
                                   optimizer='SGD'),
    'decay': lambda s, m: dict(
        learning_rate=0.1, optimizer='SGD',
        learning_rate_decay_fn=_halve_every_two,
        summaries=['learning_rate', 'loss']),
    'clip_norm': lambda s, m: dict(learning_rate=0.1, optimizer='SGD',
                                   clip_gradients=0.05),
    'clip_adaptive': lambda s, m: dict(
        learning_rate=0.1, optimizer='SGD',
        clip_gradients=_adaptive(s, global_step=m[1], static_max_norm=2.0,
                                 report_summary=True)),
    'noise': lambda s, m: dict(learning_rate=0.1, optimizer='SGD',
                               gradient_noise_scale=0.5),
    'noise_and_clip': lambda s, m: dict(learning_rate=0.1, optimizer='SGD',
                                        gradient_noise_scale=2.0,
                                        clip_gradients=1.0),
    'multipliers': lambda s, m: dict(
        learning_rate=0.1, optimizer='SGD',
        gradient_multipliers={m[2]: 3.0, 'b:0': tf.constant(0.5, tf.float64)}),
    'update_ops_collection': lambda s, m: _then(
        _update_counter(True), dict(learning_rate=0.1, optimizer='SGD')),
    'update_ops_argument': lambda s, m: dict(
        learning_rate=0.1, optimizer='SGD',
        update_ops=[_update_counter(False)]),
    'update_ops_empty': lambda s, m: _then(
        _update_counter(True), dict(learning_rate=0.1, optimizer='SGD',
                                    update_ops=[])),
    'variables': lambda s, m: dict(learning_rate=0.1, optimizer='SGD',
                                   variables=[m[3]]),
    'all_summaries': lambda s, m: dict(
        learning_rate=0.1, optimizer='SGD', clip_gradients=0.5,
        learning_rate_decay_fn=_halve_every_two,
        summaries=list(_module(s, 'optimizers').OPTIMIZER_SUMMARIES)),
    'name': lambda s, m: dict(learning_rate=0.1, optimizer='Adam',
                              name='Trainer'),
    'colocate': lambda s, m: dict(learning_rate=0.1, optimizer='SGD',
                                  colocate_gradients_with_ops=True),
    'no_increment': lambda s, m: dict(learning_rate=0.1, optimizer='SGD',
                                      increment_global_step=False),
}


def _optimize(case, extra_loss=False, global_step_arg=True, step=True):
  def build(slim):
    model = _model(slim, extra_loss=extra_loss, step=step)
    kwargs = OPTIMIZE_CASES[case](slim, model)
    optimize_loss = _module(slim, 'optimizers').optimize_loss
    return optimize_loss(model[0], model[1] if global_step_arg else None,
                         **kwargs)
  return build


def _assert_same_training(build):
  ours, theirs = harness.build_both(build, seed=7)
  _assert_same_graph(ours, theirs)
  assert ours.result.name == theirs.result.name
  assert _summary_values(ours) == pytest.approx(_summary_values(theirs))
  our_losses, our_values = _train(ours)
  their_losses, their_values = _train(theirs)
  harness.assert_close(our_losses, their_losses)
  assert sorted(our_values) == sorted(their_values)
  harness.assert_close([our_values[k] for k in sorted(our_values)],
                       [their_values[k] for k in sorted(their_values)])


@pytest.mark.parametrize('case', sorted(OPTIMIZE_CASES))
def test_optimize_loss(case):
  _assert_same_training(_optimize(case))


@pytest.mark.parametrize('case', ['sgd', 'noise_and_clip', 'multipliers',
                                  'all_summaries', 'clip_adaptive'])
def test_optimize_loss_with_sparse_gradients(case):
  _assert_same_training(_optimize(case, extra_loss=True))


@pytest.mark.parametrize('step', [True, False], ids=['graph_step', 'no_step'])
def test_optimize_loss_without_global_step_argument(step):
  _assert_same_training(_optimize('sgd', global_step_arg=False, step=step))


def _bad_call(loss=None, step_kind='graph', **kwargs):
  def build(slim):
    model_loss, global_step, _, _ = _model(slim, step=step_kind == 'graph')
    if step_kind == 'float':
      global_step = tf.get_variable('gs', [], dtype=tf.float64, trainable=False)
    elif step_kind == 'vector':
      global_step = tf.get_variable('gs', [1], dtype=tf.int64, trainable=False)
    elif step_kind == 'constant':
      global_step = tf.constant(3, tf.int64)
    args = dict(learning_rate=0.1, optimizer='SGD')
    args.update(kwargs)
    if args['learning_rate'] == 'vector':  # built inside the call's graph
      args['learning_rate'] = tf.constant([0.1, 0.2])
    _module(slim, 'optimizers').optimize_loss(
        model_loss if loss is None else loss(), global_step, **args)
  return build


BAD_CALLS = {
    'loss_none': _bad_call(loss=lambda: None),
    'loss_matrix': _bad_call(loss=lambda: [[1.0]]),
    'step_float': _bad_call(step_kind='float'),
    'step_vector': _bad_call(step_kind='vector'),
    'step_constant': _bad_call(step_kind='constant'),
    'lr_negative': _bad_call(learning_rate=-0.1),
    'lr_int': _bad_call(learning_rate=1),
    'lr_vector': _bad_call(learning_rate='vector'),
    'name_without_lr': _bad_call(learning_rate=None),
    'class_without_lr': _bad_call(learning_rate=None,
                                  optimizer=tf.train.AdamOptimizer),
    'unknown_name': _bad_call(optimizer='blah'),
    'variable_class': _bad_call(optimizer=tf.Variable),
    'object': _bad_call(optimizer=object()),
    'function_returning_none': _bad_call(optimizer=lambda lr: None),
    'bad_summary': _bad_call(summaries=['loss', 'bad_summary']),
    'clip_int': _bad_call(clip_gradients=1),
    'decay_without_step': _bad_call(step_kind='none',
                                    learning_rate_decay_fn=_halve_every_two),
    'no_variables': _bad_call(variables=[]),
}


def _raised_by(build):
  """The exception class `build(slim)` raises, for the reference and ours."""
  import slimcompat
  return (harness.raised_by(build, slimcompat),
          harness.raised_by(build, harness.reference()))


@pytest.mark.parametrize('case', sorted(BAD_CALLS))
def test_optimize_loss_errors(case):
  harness.assert_raises_like_reference(BAD_CALLS[case])


def test_adaptive_clipping_alone():
  def build(slim):
    scale = tf.Variable(1.0, trainable=False, name='scale')
    grad = tf.ones([3, 4]) * scale
    sparse = tf.IndexedSlices(tf.ones([2, 4]) * scale, tf.constant([0, 2]),
                              tf.constant([3, 4]))
    step = tf.train.create_global_step()
    clipped = _adaptive(slim, decay=0.8, global_step=step, report_summary=True,
                        name='clip')([(grad, 'a'), (sparse, 'b'), (None, 'c')])
    grow = tf.group(tf.assign(scale, scale * 3.0), tf.assign_add(step, 1))
    return clipped[0][0], clipped[1][0].values, grow

  ours, theirs = harness.build_both(build)
  _assert_same_graph(ours, theirs)

  def run(built):
    with built.graph.as_default(), tf.Session(graph=built.graph) as sess:
      sess.run(tf.global_variables_initializer())
      values = []
      for _ in range(6):
        values.append(sess.run(built.result[:2]))
        sess.run(built.result[2])
      return values

  harness.assert_close(run(ours), run(theirs))


# -- summaries --------------------------------------------------------------


def _summaries_build(slim):
  lib = _module(slim, 'summaries')
  tf.Variable(np.arange(4, dtype=np.float32), name='vector')
  tf.Variable(3, name='scalar')
  tf.Variable('text', name='string')
  data = tf.constant(INPUT, name='data')
  for fn, name in ((tf.nn.relu, 'relu'), (tf.nn.relu6, 'relu6'),
                   (tf.nn.softplus, 'softplus'), (tf.tanh, 'tanh')):
    tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, fn(data * 7.0, name=name))
  tf.add_to_collection(tf.GraphKeys.WEIGHTS, tf.identity(data, name='w1'))
  tf.add_to_collection(tf.GraphKeys.BIASES, tf.reduce_sum(data, name='b1'))
  tf.add_to_collection('custom', tf.identity(data, name='Test2'))
  tf.add_to_collection('custom', tf.identity(data, name='Foo'))
  results = [
      lib.summarize_tensor(tf.constant(2.0, name='two')),
      lib.summarize_tensor(tf.constant([True]), tag='bool'),
      lib.summarize_tensor(data, tag='custom_tag'),
      lib.summarize_activation(tf.nn.relu(tf.constant([-1, 2, 3]),
                                          name='int_relu')),
      lib.summarize_tensors([data, tf.constant(1.5, name='one_half')]),
      lib.summarize_collection('custom', r'Test'),
      lib.summarize_variables(),
      lib.summarize_weights(),
      lib.summarize_biases(),
      lib.summarize_activations(),
      lib.summarize_activations(name_filter='relu6'),
  ]
  return tf.nest.map_structure(
      lambda s: s if s is None else s.name, results)


def test_summaries():
  ours, theirs = harness.build_both(_summaries_build)
  _assert_same_graph(ours, theirs)
  assert ours.result == theirs.result
  ours_values, theirs_values = _summary_values(ours), _summary_values(theirs)
  assert ours_values and ours_values == pytest.approx(theirs_values)


def _summary_error(kind):
  def build(slim):
    lib = _module(slim, 'summaries')
    tf.add_to_collection('custom', tf.constant([1.0], name='t'))
    if kind == 'not_a_tensor':
      lib.summarize_tensor([1.0, 2.0])
    elif kind == 'activation_not_a_tensor':
      lib.summarize_activation(3.0)
    elif kind == 'bad_regex':
      lib.summarize_collection('custom', name_filter='(')
    elif kind == 'duplicate_tags_are_fine':
      lib.summarize_tensor(tf.constant(1.0), tag='same')
      lib.summarize_tensor(tf.constant(2.0), tag='same')
  return build


@pytest.mark.parametrize('kind', ['not_a_tensor', 'activation_not_a_tensor',
                                  'bad_regex', 'duplicate_tags_are_fine'])
def test_summaries_errors(kind):
  ours, theirs = _raised_by(_summary_error(kind))
  assert ours is theirs
  assert (theirs is None) == (kind == 'duplicate_tags_are_fine')


# -- rev_block_lib ----------------------------------------------------------


def _dense(x):
  w = tf.get_variable('w', [3, 3])
  b = tf.get_variable('b', [3], initializer=tf.constant_initializer(0.1))
  return tf.tanh(tf.matmul(x, w) + b)


def _relu_dense(x):
  return tf.nn.relu(_dense(x))


def _f_with_side(x, side):
  return _dense(x) * side[0]


def _g_with_side(x, side):
  return _dense(x) + side[0] - side[1]


def _rev_build(kind):
  def build(slim):
    lib = _module(slim, 'rev_block_lib')
    x = tf.constant(INPUT, name='x')
    x1, x2 = tf.split(x, 2, axis=-1)
    side = [tf.constant(INPUT[:, :3] * 0.5, name='s%d' % i) for i in range(3)]
    wrt = [x]
    with tf.variable_scope('net'):
      if kind == 'basic':
        out = lib.rev_block(x1, x2, _dense, _dense, num_layers=3)
      elif kind == 'not_training':
        out = lib.rev_block(x1, x2, _dense, _dense, num_layers=2,
                            is_training=False)
      elif kind == 'lists':
        out = lib.rev_block(x1, x2, [_dense, _relu_dense],
                            [_relu_dense, _dense], num_layers=2)
      elif kind == 'side_inputs':
        out = lib.rev_block(x1, x2, _f_with_side, _g_with_side, num_layers=2,
                            f_side_input=side[:1], g_side_input=side[1:])
        wrt += side
      elif kind == 'reuse':
        lib.rev_block(x1, x2, _dense, _dense, num_layers=2)
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
          out = lib.rev_block(x1, x2, _dense, _dense, num_layers=2)
      elif kind == 'block_backward':
        block = lib.RevBlock(_dense, _relu_dense, num_layers=2, name=None)
        y = block.backward(x1, x2)
        out = block.forward(*y)
        out = (out[0], out[1], y[0], y[1], block.scope_name, block.name,
               [v.op.name for v in block.trainable_weights])
    tensors = [t for t in out if isinstance(t, tf.Tensor)]
    loss = tf.reduce_sum(tf.concat(tensors, axis=1) ** 2)
    grads = tf.gradients(loss, wrt + tf.trainable_variables())
    return out, grads
  return build


@pytest.mark.parametrize('kind', ['basic', 'not_training', 'lists',
                                  'side_inputs', 'reuse', 'block_backward'])
def test_rev_block(kind):
  ours, theirs = harness.build_both(_rev_build(kind))
  _assert_same_graph(ours, theirs)
  names = lambda r: tf.nest.map_structure(
      lambda t: t.name if isinstance(t, tf.Tensor) else t, r)
  assert names(ours.result[0]) == names(theirs.result[0])
  values = harness.variable_values(theirs)
  fetch = lambda r: ([t for t in r[0] if isinstance(t, tf.Tensor)], r[1])
  harness.assert_close(harness.run(ours, fetch(ours.result), values=values),
                       harness.run(theirs, fetch(theirs.result)))


def _recompute_build(kind):
  def build(slim):
    lib = _module(slim, 'rev_block_lib')
    seen = []

    def layer(x, is_recomputing=False):
      seen.append(is_recomputing)
      for i in range(2):
        with tf.variable_scope('l%d' % i):
          x = _dense(x)
      return x

    options = {'plain': {}, 'data_dep': dict(use_data_dep=True),
               'tupleize': dict(tupleize_grads=True),
               'both': dict(use_data_dep=True, tupleize_grads=True)}[kind]
    fn = lib.recompute_grad(**options)(layer) if options else (
        lib.recompute_grad(layer))
    x = tf.constant(INPUT[:, :3], name='x')
    with tf.variable_scope('rc', use_resource=True):
      y = fn(x)
    loss = tf.reduce_sum(y ** 2)
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    return y, grads, seen
  return build


@pytest.mark.parametrize('kind', ['plain', 'data_dep', 'tupleize', 'both'])
def test_recompute_grad(kind):
  ours, theirs = harness.build_both(_recompute_build(kind))
  _assert_same_graph(ours, theirs)
  assert ours.result[2] == theirs.result[2] == [False, True]
  values = harness.variable_values(theirs)
  harness.assert_close(harness.run(ours, ours.result[:2], values=values),
                       harness.run(theirs, theirs.result[:2]))


def _rev_error(kind):
  def build(slim):
    lib = _module(slim, 'rev_block_lib')
    x = tf.constant(INPUT[:, :3])
    if kind == 'fn_list_length':
      lib.RevBlock([_dense, _dense], _dense, num_layers=3)
    elif kind == 'scope_name_before_call':
      lib.RevBlock(_dense, _dense).scope_name
    elif kind == 'unknown_kwarg':
      lib.RevBlock(_dense, _dense, bogus=1)
    elif kind == 'closes_over':
      lib.recompute_grad(lambda a: a * x)
    elif kind == 'non_tensor_argument':
      lib.recompute_grad(lambda a: a * 2.0)(np.ones(3, np.float32))
    elif kind == 'double_call':
      def fn(a):
        with tf.variable_scope(None, default_name='d'):
          return _dense(a)
      wrapped = lib.recompute_grad(fn)
      with tf.variable_scope('s', use_resource=True):
        out = wrapped(x) + wrapped(x)
      tf.gradients(out, [x] + tf.trainable_variables())
  return build


@pytest.mark.parametrize('kind', ['fn_list_length', 'scope_name_before_call',
                                  'unknown_kwarg', 'closes_over',
                                  'non_tensor_argument', 'double_call'])
def test_rev_block_lib_errors(kind):
  harness.assert_raises_like_reference(_rev_error(kind))


def test_signatures():
  import inspect
  import slimcompat
  reference = harness.reference()
  for module, names in (
      ('optimizers', ['optimize_loss', 'adaptive_clipping_fn']),
      ('summaries', ['summarize_tensor', 'summarize_activation',
                     'summarize_tensors', 'summarize_collection',
                     'summarize_activations']),
      ('rev_block_lib', ['rev_block', 'RevBlock', 'recompute_grad'])):
    ours, theirs = _module(slimcompat, module), _module(reference, module)
    for name in names:
      a = inspect.signature(getattr(ours, name))
      b = inspect.signature(getattr(theirs, name))
      assert [(p.name, p.kind) for p in a.parameters.values()] == [
          (p.name, p.kind) for p in b.parameters.values()], name
      assert [p.default for p in a.parameters.values()
              if not callable(p.default)] == [
                  p.default for p in b.parameters.values()
                  if not callable(p.default)], name
  for partial in ('summarize_variables', 'summarize_weights',
                  'summarize_biases'):
    a = getattr(_module(slimcompat, 'summaries'), partial)
    b = getattr(_module(reference, 'summaries'), partial)
    assert isinstance(a, functools.partial) and a.args == b.args
