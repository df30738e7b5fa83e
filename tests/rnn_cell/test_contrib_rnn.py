"""contrib.rnn's cells and functions: TF 1.15's names (its API reference),
TF 1.x variable names, and maths checked against the plain cells (whose
parity with TensorFlow's own is test_parity.py's) or NumPy."""

import inspect
import types

import numpy as np

import pytest

from slimcompat import rnn_cell
from slimcompat._compat import tf
from slimcompat.contrib import rnn

# tf.contrib.rnn in TF 1.15's API reference (classes and functions).
TF115_NAMES = [
    'AttentionCellWrapper', 'BasicLSTMCell', 'BasicRNNCell',
    'BidirectionalGridLSTMCell', 'CompiledWrapper', 'Conv1DLSTMCell',
    'Conv2DLSTMCell', 'Conv3DLSTMCell', 'ConvLSTMCell',
    'CoupledInputForgetGateLSTMCell', 'DeviceWrapper', 'DropoutWrapper',
    'EmbeddingWrapper', 'FusedRNNCell', 'FusedRNNCellAdaptor', 'GLSTMCell',
    'GRUBlockCell', 'GRUBlockCellV2', 'GRUCell', 'GridLSTMCell',
    'HighwayWrapper', 'IndRNNCell', 'IndyGRUCell', 'IndyLSTMCell',
    'InputProjectionWrapper', 'IntersectionRNNCell', 'LSTMBlockCell',
    'LSTMBlockFusedCell', 'LSTMBlockWrapper', 'LSTMCell', 'LSTMStateTuple',
    'LayerNormBasicLSTMCell', 'LayerNormLSTMCell', 'LayerRNNCell',
    'MultiRNNCell', 'NASCell', 'OutputProjectionWrapper', 'PhasedLSTMCell',
    'RNNCell', 'ResidualWrapper', 'SRUCell', 'TimeFreqLSTMCell',
    'TimeReversedFusedRNN', 'UGRNNCell', 'best_effort_input_batch_size',
    'stack_bidirectional_dynamic_rnn', 'stack_bidirectional_rnn',
    'static_bidirectional_rnn', 'static_rnn', 'static_state_saving_rnn',
    'transpose_batch_time']

RNG = np.random.RandomState(3)
INPUTS = RNG.uniform(-1, 1, (3, 5, 4)).astype(np.float32)
LENGTHS = np.array([5, 3, 1], np.int32)


def test_names_are_tf115s():
  # A TF 1.x deep path imported earlier (`...contrib.rnn.python.ops`) leaves
  # its package as an attribute, as importing it did in TF 1.x: not a name.
  public = sorted(n for n in dir(rnn) if not n.startswith('_') and
                  not isinstance(getattr(rnn, n), types.ModuleType))
  assert public == TF115_NAMES == sorted(rnn.__all__)
  assert rnn.LSTMCell is rnn_cell.LSTMCell
  assert rnn.static_rnn is tf.nn.static_rnn


def test_unserved_cells_say_what_to_use():
  with pytest.raises(NotImplementedError, match='RNNCell'):
    rnn.NASCell(4)
  with pytest.raises(NotImplementedError, match='ConvLSTM2D'):
    rnn.ConvLSTMCell(2, [8, 8, 1], 4, [3, 3])
  with pytest.raises(NotImplementedError, match='LayerNormBasicLSTMCell'):
    rnn.LayerNormLSTMCell(4)


def _values(sess, variables):
  return {v.op.name.split('/', 1)[1]: sess.run(v) for v in variables}


def _run_both(make_a, make_b, feed_lengths=True):
  """Outputs and final states of two cells under dynamic_rnn, b's weights
  copied from a's by variable name (below the first scope)."""
  with tf.Graph().as_default():
    x = tf.constant(INPUTS)
    lengths = tf.constant(LENGTHS) if feed_lengths else None
    with tf.variable_scope('a'):
      out_a, state_a = tf.nn.dynamic_rnn(make_a(), x, sequence_length=lengths,
                                         dtype=tf.float32)
    vars_a = tf.global_variables()
    with tf.variable_scope('b'):
      out_b, state_b = tf.nn.dynamic_rnn(make_b(), x, sequence_length=lengths,
                                         dtype=tf.float32)
    vars_b = tf.global_variables()[len(vars_a):]
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      values = _values(sess, vars_a)
      assert sorted(values) == sorted(v.op.name.split('/', 1)[1]
                                      for v in vars_b)
      for variable in vars_b:
        variable.load(values[variable.op.name.split('/', 1)[1]] * 1.7, sess)
      for variable in vars_a:
        variable.load(values[variable.op.name.split('/', 1)[1]] * 1.7, sess)
      return sess.run([out_a, state_a, out_b, state_b]), [
          v.op.name for v in vars_b]


@pytest.mark.parametrize('options', [{}, {'use_peephole': True,
                                          'cell_clip': 0.3,
                                          'forget_bias': 0.2}])
def test_lstm_block_cell_is_lstm_cell_with_tf1_names(options):
  peepholes = options.get('use_peephole', False)
  lstm_options = dict(use_peepholes=peepholes,
                      cell_clip=options.get('cell_clip'),
                      forget_bias=options.get('forget_bias', 1.0))
  (out_a, state_a, out_b, state_b), names = _run_both(
      lambda: rnn_cell.LSTMCell(6, **lstm_options),
      lambda: rnn.LSTMBlockCell(6, **options))
  expected = ['b/rnn/lstm_cell/kernel', 'b/rnn/lstm_cell/bias']
  if peepholes:
    expected += ['b/rnn/lstm_cell/w_i_diag', 'b/rnn/lstm_cell/w_f_diag',
                 'b/rnn/lstm_cell/w_o_diag']
  assert names == expected
  np.testing.assert_allclose(out_b, out_a, atol=1e-5)
  np.testing.assert_allclose(state_b, state_a, atol=1e-5)


def test_gru_block_cells_are_gru_cell():
  (out_a, _, out_b, _), names = _run_both(
      lambda: rnn_cell.GRUCell(5), lambda: rnn.GRUBlockCellV2(5))
  assert names == ['b/rnn/gru_cell/gates/kernel', 'b/rnn/gru_cell/gates/bias',
                   'b/rnn/gru_cell/candidate/kernel',
                   'b/rnn/gru_cell/candidate/bias']
  np.testing.assert_allclose(out_b, out_a, atol=1e-5)
  with tf.Graph().as_default():
    cell = rnn.GRUBlockCell(cell_size=3)
    tf.nn.dynamic_rnn(cell, tf.constant(INPUTS), dtype=tf.float32)
    assert [v.op.name for v in tf.global_variables()] == [
        'rnn/gru_cell/w_ru', 'rnn/gru_cell/b_ru', 'rnn/gru_cell/w_c',
        'rnn/gru_cell/b_c']
  with pytest.raises(ValueError, match='exactly one'):
    rnn.GRUBlockCell()


def test_lstm_block_fused_cell_runs_the_sequence_like_the_step_cell():
  with tf.Graph().as_default():
    x = tf.constant(INPUTS)
    with tf.variable_scope('step'):
      step_out, step_state = tf.nn.dynamic_rnn(
          rnn.LSTMBlockCell(4, use_peephole=True, cell_clip=0.5), x,
          sequence_length=LENGTHS, dtype=tf.float32)
    fused = rnn.LSTMBlockFusedCell(4, use_peephole=True, cell_clip=0.5)
    fused_out, fused_state = fused(tf.transpose(x, [1, 0, 2]),
                                   dtype=tf.float32,
                                   sequence_length=LENGTHS)
    names = [v.op.name for v in fused.weights]
    loss = tf.reduce_sum(fused_out) + tf.reduce_sum(fused_state.c)
    grads = tf.gradients(loss, fused.weights)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      step_vars = tf.global_variables()[:5]
      for mine, theirs in zip(fused.weights, step_vars):
        mine.load(sess.run(theirs), sess)
      got = sess.run([step_out, step_state, fused_out, fused_state, grads])
  assert names == ['lstm_fused_cell/kernel', 'lstm_fused_cell/bias',
                   'lstm_fused_cell/w_i_diag', 'lstm_fused_cell/w_f_diag',
                   'lstm_fused_cell/w_o_diag']
  np.testing.assert_allclose(got[2].transpose(1, 0, 2), got[0], atol=1e-5)
  np.testing.assert_allclose(got[3], got[1], atol=1e-5)
  assert all(np.all(np.isfinite(g)) and np.any(g != 0) for g in got[4])


def _sigmoid(x):
  return 1 / (1 + np.exp(-x))


def _layer_norm(x):
  mean = x.mean(1, keepdims=True)
  return (x - mean) / np.sqrt(x.var(1, keepdims=True) + 1e-12)


def test_layer_norm_basic_lstm_against_numpy():
  with tf.Graph().as_default():
    cell = rnn.LayerNormBasicLSTMCell(3, forget_bias=0.5)
    out, state = tf.nn.dynamic_rnn(cell, tf.constant(INPUTS),
                                   dtype=tf.float32)
    names = [v.op.name for v in tf.global_variables()]
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      kernel = sess.run(tf.global_variables()[0])
      got, got_state = sess.run([out, state])
  assert names == ['rnn/layer_norm_basic_lstm_cell/kernel'] + [
      'rnn/layer_norm_basic_lstm_cell/%s/%s' % (part, kind)
      for part in ('input', 'transform', 'forget', 'output', 'state')
      for kind in ('gamma', 'beta')]
  c = h = np.zeros((3, 3), np.float32)
  for t in range(5):
    gates = np.concatenate([INPUTS[:, t], h], 1) @ kernel
    i, j, f, o = [_layer_norm(g) for g in np.split(gates, 4, 1)]
    c = _layer_norm(c * _sigmoid(f + 0.5) + _sigmoid(i) * np.tanh(j))
    h = np.tanh(c) * _sigmoid(o)
    np.testing.assert_allclose(got[:, t], h, atol=1e-4)
  np.testing.assert_allclose(got_state.c, c, atol=1e-4)


def test_projection_and_embedding_wrappers():
  with tf.Graph().as_default():
    cell = rnn.OutputProjectionWrapper(
        rnn.InputProjectionWrapper(rnn_cell.GRUCell(3), 5), 2,
        activation=tf.nn.relu)
    out, _ = tf.nn.dynamic_rnn(cell, tf.constant(INPUTS), dtype=tf.float32)
    ids = tf.constant([[1, 4], [0, 2]])
    embedded = rnn.EmbeddingWrapper(rnn_cell.BasicRNNCell(3), 6, 4)
    with tf.variable_scope('decoder'):
      _, emb_state = tf.nn.static_rnn(embedded, tf.unstack(ids, axis=1),
                                      dtype=tf.float32)
    names = [v.op.name for v in tf.global_variables()]
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      got = sess.run(out)
      embedding = sess.run(tf.global_variables()[8])
      assert emb_state.shape.as_list() == [2, 3]
  assert names == [
      'rnn/output_projection_wrapper/input_projection_wrapper/kernel',
      'rnn/output_projection_wrapper/input_projection_wrapper/bias',
      'rnn/output_projection_wrapper/input_projection_wrapper/gru_cell/'
      'gates/kernel',
      'rnn/output_projection_wrapper/input_projection_wrapper/gru_cell/'
      'gates/bias',
      'rnn/output_projection_wrapper/input_projection_wrapper/gru_cell/'
      'candidate/kernel',
      'rnn/output_projection_wrapper/input_projection_wrapper/gru_cell/'
      'candidate/bias',
      'rnn/output_projection_wrapper/kernel',
      'rnn/output_projection_wrapper/bias',
      'decoder/rnn/embedding_wrapper/embedding',
      'decoder/rnn/embedding_wrapper/basic_rnn_cell/kernel',
      'decoder/rnn/embedding_wrapper/basic_rnn_cell/bias']
  assert got.shape == (3, 5, 2) and got.min() >= 0
  # The default embedding initializer has variance 1: U(-sqrt 3, sqrt 3).
  assert np.abs(embedding).max() <= np.sqrt(3) + 1e-6
  with pytest.raises(ValueError, match='output_size > 0'):
    rnn.OutputProjectionWrapper(rnn_cell.GRUCell(3), 0)
  with pytest.raises(TypeError, match='not an RNNCell'):
    rnn.EmbeddingWrapper('cell', 3, 3)


def test_attention_cell_wrapper_names_and_state():
  with tf.Graph().as_default():
    cell = rnn.AttentionCellWrapper(rnn_cell.LSTMCell(3), attn_length=4)
    assert cell.state_size == (rnn_cell.LSTMStateTuple(3, 3), 3, 12)
    out, state = tf.nn.dynamic_rnn(cell, tf.constant(INPUTS),
                                   sequence_length=LENGTHS, dtype=tf.float32)
    names = [v.op.name for v in tf.global_variables()]
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      got, window = sess.run([out, state[2]])
  prefix = 'rnn/attention_cell_wrapper/'
  assert names == [prefix + n for n in (
      'kernel', 'bias', 'lstm_cell/kernel', 'lstm_cell/bias',
      'attention/attn_w', 'attention/attn_v', 'attention/kernel',
      'attention/bias', 'attn_output_projection/kernel',
      'attn_output_projection/bias')]
  assert got.shape == (3, 5, 3) and window.shape == (3, 12)
  # The window's newest slot is the last output (the first sequence runs
  # to the end).
  np.testing.assert_allclose(window[0, -3:], got[0, -1], atol=1e-6)
  with pytest.raises(ValueError, match='attn_length'):
    rnn.AttentionCellWrapper(rnn_cell.GRUCell(3), 0)


def test_stack_bidirectional_dynamic_rnn_is_layers_of_bidirectional():
  with tf.Graph().as_default():
    x = tf.constant(INPUTS)
    out, states_fw, states_bw = rnn.stack_bidirectional_dynamic_rnn(
        [rnn_cell.LSTMCell(3), rnn_cell.GRUCell(2)],
        [rnn_cell.LSTMCell(3), rnn_cell.GRUCell(2)], x,
        sequence_length=LENGTHS, dtype=tf.float32)
    names = [v.op.name for v in tf.global_variables()]
    assert out.shape.as_list() == [3, 5, 4]
    assert len(states_fw) == len(states_bw) == 2
    with tf.variable_scope('stack_bidirectional_rnn', reuse=True):
      with tf.variable_scope('cell_0'):
        first, _ = tf.nn.bidirectional_dynamic_rnn(
            rnn_cell.LSTMCell(3), rnn_cell.LSTMCell(3), x,
            sequence_length=LENGTHS, dtype=tf.float32)
      with tf.variable_scope('cell_1'):
        second, _ = tf.nn.bidirectional_dynamic_rnn(
            rnn_cell.GRUCell(2), rnn_cell.GRUCell(2), tf.concat(first, 2),
            sequence_length=LENGTHS, dtype=tf.float32)
    static_out, _, _ = rnn.stack_bidirectional_rnn(
        [rnn_cell.GRUCell(2)], [rnn_cell.GRUCell(2)], tf.unstack(x, axis=1),
        dtype=tf.float32, scope='static')
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      got, want = sess.run([out, tf.concat(second, 2)])
      assert len(sess.run(static_out)) == 5
  assert names[:2] == [
      'stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/lstm_cell/kernel',
      'stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/lstm_cell/bias']
  assert names[-1] == ('stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/'
                       'gru_cell/candidate/bias')
  np.testing.assert_allclose(got, want, atol=1e-6)
  with pytest.raises(ValueError, match='same number of layers'):
    rnn.stack_bidirectional_dynamic_rnn(
        [rnn_cell.GRUCell(2)], [rnn_cell.GRUCell(2)] * 2, None)


def test_transpose_batch_time_and_batch_size():
  with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 7, 2])
    swapped = rnn.transpose_batch_time(x)
    assert swapped.shape.as_list() == [7, None, 2]
    assert rnn.best_effort_input_batch_size([tf.zeros([4, 6, 2])]) == 6
    dynamic = rnn.best_effort_input_batch_size([swapped])
    with tf.Session() as sess:
      assert sess.run(dynamic, {x: np.zeros((5, 7, 2))}) == 5


# Constructor / function signatures in TF 1.15's API reference.
TF115_SIGNATURES = {
    'LSTMBlockCell': "(num_units, forget_bias=1.0, cell_clip=None, "
                     "use_peephole=False, dtype=None, reuse=None, "
                     "name='lstm_cell')",
    'LSTMBlockFusedCell': "(num_units, forget_bias=1.0, cell_clip=None, "
                          "use_peephole=False, reuse=None, dtype=None, "
                          "name='lstm_fused_cell')",
    'GRUBlockCellV2': "(num_units=None, cell_size=None, reuse=None, "
                      "name='gru_cell')",
    'AttentionCellWrapper': '(cell, attn_length, attn_size=None, '
                            'attn_vec_size=None, input_size=None, '
                            'state_is_tuple=True, reuse=None)',
    'EmbeddingWrapper': '(cell, embedding_classes, embedding_size, '
                        'initializer=None, reuse=None)',
    'InputProjectionWrapper': '(cell, num_proj, activation=None, '
                              'input_size=None, reuse=None)',
    'OutputProjectionWrapper': '(cell, output_size, activation=None, '
                               'reuse=None)',
    'stack_bidirectional_dynamic_rnn': (
        '(cells_fw, cells_bw, inputs, initial_states_fw=None, '
        'initial_states_bw=None, dtype=None, sequence_length=None, '
        'parallel_iterations=None, time_major=False, scope=None, '
        'swap_memory=False)'),
    'stack_bidirectional_rnn': (
        '(cells_fw, cells_bw, inputs, initial_states_fw=None, '
        'initial_states_bw=None, dtype=None, sequence_length=None, '
        'scope=None)'),
}


@pytest.mark.parametrize('name', sorted(TF115_SIGNATURES))
def test_signatures_are_tf115s(name):
  value = getattr(rnn, name)
  assert str(inspect.signature(value)) == TF115_SIGNATURES[name]


def test_layer_norm_cell_signature():
  params = inspect.signature(rnn.LayerNormBasicLSTMCell).parameters
  assert list(params) == [
      'num_units', 'forget_bias', 'input_size', 'activation', 'layer_norm',
      'norm_gain', 'norm_shift', 'dropout_keep_prob', 'dropout_prob_seed',
      'reuse']
  assert params['activation'].default is tf.tanh
