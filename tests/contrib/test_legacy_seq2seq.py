"""contrib.legacy_seq2seq against TF 1.15's facts, NumPy and live equivalents.

There is no TF 1.15 package to run, so:
  * variable names and shapes are compared with the table `TF1_VARIABLES`,
    written from TF 1.15's ``legacy_seq2seq/python/ops/seq2seq.py`` and
    ``rnn/python/ops/core_rnn_cell.py`` (their variable scopes, and the
    shapes their ``get_variable`` calls give for the sizes used here) -- the
    names TF 1.x translation / captioning checkpoints carry;
  * outputs are checked live against an equivalent built another way
    (`rnn_decoder` against ``tf.compat.v1.nn.static_rnn`` over the same
    cell), against NumPy (the attention arithmetic, the losses), and against
    the behaviour TF 1.15's own seq2seq tests assert (greedy decoding ignores
    the inputs after the first; a boolean-Tensor feed_previous decodes as
    the Python bool).
The cells are slimcompat's Keras-free TF 1.x cells, so this runs on every
TensorFlow of the matrix.
"""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat import rnn_cell
from slimcompat.contrib import legacy_seq2seq as seq2seq
from slimcompat.contrib import rnn as contrib_rnn

BATCH = 2


def _gru(prefix, input_size, units):
  return {prefix + 'gru_cell/gates/kernel': (input_size + units, 2 * units),
          prefix + 'gru_cell/gates/bias': (2 * units,),
          prefix + 'gru_cell/candidate/kernel': (input_size + units, units),
          prefix + 'gru_cell/candidate/bias': (units,)}


def _lstm(prefix, input_size, units):
  return {prefix + 'basic_lstm_cell/kernel': (input_size + units, 4 * units),
          prefix + 'basic_lstm_cell/bias': (4 * units,)}


def _projection(prefix, units, symbols):
  return {prefix + 'output_projection_wrapper/kernel': (units, symbols),
          prefix + 'output_projection_wrapper/bias': (symbols,)}


def _attention(prefix, input_size, attn_size, query_size, cell_out, out):
  return {prefix + 'AttnW_0': (1, 1, attn_size, attn_size),
          prefix + 'AttnV_0': (attn_size,),
          prefix + 'kernel': (input_size + attn_size, input_size),
          prefix + 'bias': (input_size,),
          prefix + 'Attention_0/kernel': (query_size, attn_size),
          prefix + 'Attention_0/bias': (attn_size,),
          prefix + 'AttnOutputProjection/kernel': (cell_out + attn_size, out),
          prefix + 'AttnOutputProjection/bias': (out,)}


def _merged(*tables):
  out = {}
  for table in tables:
    out.update(table)
  return out


_P = 'output_projection_wrapper/'
_EMB = 'rnn/embedding_wrapper/'

# Function -> {variable name under 'root/': shape}, from TF 1.15's scopes.
TF1_VARIABLES = {
    'rnn_decoder': _merged(
        _gru('rnn_decoder/' + _P, 2, 2), _projection('rnn_decoder/', 2, 4)),
    'basic_rnn_seq2seq': _merged(
        _gru('basic_rnn_seq2seq/rnn/' + _P, 2, 2),
        _projection('basic_rnn_seq2seq/rnn/', 2, 4),
        _gru('basic_rnn_seq2seq/rnn_decoder/' + _P, 2, 2),
        _projection('basic_rnn_seq2seq/rnn_decoder/', 2, 4)),
    'tied_rnn_seq2seq': _merged(
        _gru('combined_tied_rnn_seq2seq/tied_rnn_seq2seq/' + _P, 2, 2),
        _projection('combined_tied_rnn_seq2seq/tied_rnn_seq2seq/', 2, 4)),
    'embedding_rnn_decoder': _merged(
        {'embedding_rnn_decoder/embedding': (4, 2)},
        _lstm('embedding_rnn_decoder/rnn_decoder/', 2, 2)),
    'embedding_rnn_seq2seq': _merged(
        {'embedding_rnn_seq2seq/%sembedding' % _EMB: (2, 2),
         'embedding_rnn_seq2seq/embedding_rnn_decoder/embedding': (5, 2)},
        _lstm('embedding_rnn_seq2seq/' + _EMB, 2, 2),
        _lstm('embedding_rnn_seq2seq/embedding_rnn_decoder/rnn_decoder/' + _P,
              2, 2),
        _projection('embedding_rnn_seq2seq/embedding_rnn_decoder/'
                    'rnn_decoder/', 2, 5)),
    'embedding_tied_rnn_seq2seq': _merged(
        {'embedding_tied_rnn_seq2seq/embedding': (5, 2)},
        _lstm('embedding_tied_rnn_seq2seq/combined_tied_rnn_seq2seq/'
              'tied_rnn_seq2seq/' + _P, 2, 2),
        _projection('embedding_tied_rnn_seq2seq/combined_tied_rnn_seq2seq/'
                    'tied_rnn_seq2seq/', 2, 5)),
    'attention_decoder': _merged(
        _attention('attention_decoder/', 2, 2, 2, 2, 4),
        _gru('attention_decoder/', 2, 2)),
    'embedding_attention_decoder': _merged(
        {'embedding_attention_decoder/embedding': (4, 2)},
        _attention('embedding_attention_decoder/attention_decoder/',
                   2, 2, 2, 2, 3),
        _gru('embedding_attention_decoder/attention_decoder/', 2, 2)),
    'embedding_attention_seq2seq': _merged(
        {'embedding_attention_seq2seq/%sembedding' % _EMB: (2, 2),
         'embedding_attention_seq2seq/embedding_attention_decoder/embedding':
             (5, 2)},
        _gru('embedding_attention_seq2seq/' + _EMB, 2, 2),
        _attention('embedding_attention_seq2seq/embedding_attention_decoder/'
                   'attention_decoder/', 2, 2, 2, 5, 5),
        _gru('embedding_attention_seq2seq/embedding_attention_decoder/'
             'attention_decoder/' + _P, 2, 2),
        _projection('embedding_attention_seq2seq/embedding_attention_decoder/'
                    'attention_decoder/', 2, 5)),
    'one2many_rnn_seq2seq': _merged(
        {'one2many_rnn_seq2seq/%sembedding' % _EMB: (2, 2),
         'one2many_rnn_seq2seq/one2many_decoder_a/embedding_rnn_decoder/'
         'embedding': (3, 2),
         'one2many_rnn_seq2seq/one2many_decoder_b/embedding_rnn_decoder/'
         'embedding': (4, 2)},
        _gru('one2many_rnn_seq2seq/' + _EMB, 2, 2),
        _gru('one2many_rnn_seq2seq/one2many_decoder_a/embedding_rnn_decoder/'
             'rnn_decoder/' + _P, 2, 2),
        _projection('one2many_rnn_seq2seq/one2many_decoder_a/'
                    'embedding_rnn_decoder/rnn_decoder/', 2, 3),
        _gru('one2many_rnn_seq2seq/one2many_decoder_b/embedding_rnn_decoder/'
             'rnn_decoder/' + _P, 2, 2),
        _projection('one2many_rnn_seq2seq/one2many_decoder_b/'
                    'embedding_rnn_decoder/rnn_decoder/', 2, 4)),
}


def _floats(value, steps):
  return [tf.constant(value + 0.1 * step, shape=[BATCH, 2])
          for step in range(steps)]


def _symbols(steps, offset=0, modulo=2):
  return [tf.constant([(step + offset) % modulo, (step + offset + 1) % modulo],
                      tf.int32) for step in range(steps)]


def _projected_gru(symbols=4):
  return contrib_rnn.OutputProjectionWrapper(rnn_cell.GRUCell(2), symbols)


def _encoded(steps=2):
  """A GRU encoder's outputs (as attention states) and final state."""
  cell = rnn_cell.GRUCell(2)
  outputs, state = tf.nn.static_rnn(cell, _floats(0.5, steps),
                                    dtype=tf.float32, scope='encoder')
  states = tf.concat([tf.reshape(o, [-1, 1, 2]) for o in outputs], 1)
  return states, state


def _build(function):
  """Builds TF 1.15 seq2seq_test-sized models of each function."""
  dec_floats, dec_symbols = _floats(0.4, 3), _symbols(3, modulo=4)
  enc_symbols = _symbols(2)
  if function == 'rnn_decoder':
    return seq2seq.rnn_decoder(dec_floats, tf.zeros([BATCH, 2]),
                               _projected_gru())
  if function == 'basic_rnn_seq2seq':
    return seq2seq.basic_rnn_seq2seq(_floats(0.5, 2), dec_floats,
                                     _projected_gru())
  if function == 'tied_rnn_seq2seq':
    return seq2seq.tied_rnn_seq2seq(_floats(0.5, 2), dec_floats,
                                    _projected_gru())
  if function == 'embedding_rnn_decoder':
    cell = rnn_cell.BasicLSTMCell(2)
    return seq2seq.embedding_rnn_decoder(
        dec_symbols, cell.zero_state(BATCH, tf.float32), cell, num_symbols=4,
        embedding_size=2)
  if function == 'embedding_rnn_seq2seq':
    return seq2seq.embedding_rnn_seq2seq(
        enc_symbols, dec_symbols, rnn_cell.BasicLSTMCell(2), 2, 5, 2)
  if function == 'embedding_tied_rnn_seq2seq':
    return seq2seq.embedding_tied_rnn_seq2seq(
        enc_symbols, dec_symbols, rnn_cell.BasicLSTMCell(2), num_symbols=5,
        embedding_size=2)
  if function == 'one2many_rnn_seq2seq':
    return seq2seq.one2many_rnn_seq2seq(
        enc_symbols, {'a': _symbols(3, modulo=3), 'b': dec_symbols},
        rnn_cell.GRUCell(2), {'a': rnn_cell.GRUCell(2),
                              'b': rnn_cell.GRUCell(2)},
        2, {'a': 3, 'b': 4}, 2)
  if function == 'embedding_attention_seq2seq':
    return seq2seq.embedding_attention_seq2seq(
        enc_symbols, dec_symbols, rnn_cell.GRUCell(2), 2, 5, 2)
  with tf.variable_scope('setup'):
    states, state = _encoded()
  if function == 'attention_decoder':
    return seq2seq.attention_decoder(dec_floats, state, states,
                                     rnn_cell.GRUCell(2), output_size=4)
  return seq2seq.embedding_attention_decoder(
      dec_symbols, state, states, rnn_cell.GRUCell(2), num_symbols=4,
      embedding_size=2, output_size=3)


# Per function: the width of each output and the state's shape(s).
OUTPUT_WIDTH = {'rnn_decoder': 4, 'basic_rnn_seq2seq': 4,
                'tied_rnn_seq2seq': 4, 'embedding_rnn_decoder': 2,
                'embedding_rnn_seq2seq': 5, 'embedding_tied_rnn_seq2seq': 5,
                'attention_decoder': 4, 'embedding_attention_decoder': 3,
                'embedding_attention_seq2seq': 5}


@pytest.mark.parametrize('function', sorted(TF1_VARIABLES))
def test_variables_and_output_shapes_are_tf1s(function):
  with tf.Graph().as_default():
    with tf.variable_scope(
        'root', initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=3)):
      outputs, state = _build(function)
    found = {v.op.name[len('root/'):]: tuple(v.shape.as_list())
             for v in tf.global_variables()
             if not v.op.name.startswith('root/setup/')}
    assert found == TF1_VARIABLES[function]
    assert all(v in tf.trainable_variables() for v in tf.global_variables())
  if function == 'one2many_rnn_seq2seq':
    assert {k: [o.shape.as_list() for o in v] for k, v in outputs.items()} == {
        'a': [[BATCH, 3]] * 3, 'b': [[BATCH, 4]] * 3}
    assert {k: s.shape.as_list() for k, s in state.items()} == {
        'a': [BATCH, 2], 'b': [BATCH, 2]}
    return
  assert [o.shape.as_list() for o in outputs] == [
      [BATCH, OUTPUT_WIDTH[function]]] * 3
  parts = tf.nest.flatten(state)
  assert [s.shape.as_list() for s in parts] == [[BATCH, 2]] * len(parts)


def test_rnn_decoder_is_static_rnn_from_the_given_state():
  with tf.Graph().as_default():
    cell = rnn_cell.GRUCell(3)
    inputs = [tf.constant(np.random.RandomState(step).rand(BATCH, 2),
                          tf.float32) for step in range(4)]
    start = tf.constant(np.random.RandomState(9).rand(BATCH, 3), tf.float32)
    outputs, state = seq2seq.rnn_decoder(inputs, start, cell)
    with tf.variable_scope('rnn_decoder', reuse=True):
      expected, expected_state = tf.nn.static_rnn(cell, inputs,
                                                  initial_state=start)
    assert len(tf.global_variables()) == 4
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      got, want = session.run([(outputs, state), (expected, expected_state)])
  np.testing.assert_allclose(np.array(got[0]), np.array(want[0]), atol=1e-6)
  np.testing.assert_allclose(got[1], want[1], atol=1e-6)


class _TanhCell:
  """A minimal RNNCell (the interface legacy_seq2seq needs): state and
  output are ``tanh([x, h] @ W)``; W is ``tanh_cell/w``."""

  def __init__(self, units):
    self.state_size = self.output_size = units

  def zero_state(self, batch_size, dtype):
    return tf.zeros([batch_size, self.state_size], dtype)

  def __call__(self, inputs, state):
    with tf.variable_scope('tanh_cell'):
      width = inputs.shape[1] + state.shape[1]
      weights = tf.get_variable('w', [width, self.state_size])
      new = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), weights))
    return new, new


def _numpy_attention_decoder(v, inputs, state, states, heads, from_state):
  """TF 1.15's attention_decoder arithmetic, in NumPy, from variables `v`."""
  def softmax(x):
    e = np.exp(x - x.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)

  def read(query):
    reads = []
    for head in range(heads):
      features = states @ v['AttnW_%d' % head][0, 0]   # [b, len, size]
      y = query @ v['Attention_%d/kernel' % head] + v['Attention_%d/bias' % head]
      score = (v['AttnV_%d' % head] * np.tanh(features + y[:, None])).sum(2)
      reads.append((softmax(score)[:, :, None] * states).sum(1))
    return reads

  reads = read(state) if from_state else [np.zeros_like(states[:, 0])] * heads
  outputs = []
  for x in inputs:
    merged = np.concatenate([x] + reads, 1) @ v['kernel'] + v['bias']
    state = np.tanh(np.concatenate([merged, state], 1) @ v['tanh_cell/w'])
    reads = read(state)
    out = np.concatenate([state] + reads, 1)
    outputs.append(out @ v['AttnOutputProjection/kernel'] +
                   v['AttnOutputProjection/bias'])
  return outputs, state


@pytest.mark.parametrize('heads,from_state', [(1, False), (2, True)])
def test_attention_decoder_arithmetic(heads, from_state):
  rng = np.random.RandomState(4)
  inputs_np = [rng.rand(BATCH, 3).astype(np.float32) for _ in range(3)]
  state_np = rng.rand(BATCH, 4).astype(np.float32)
  states_np = rng.rand(BATCH, 5, 6).astype(np.float32)
  with tf.Graph().as_default():
    tf.set_random_seed(1)
    outputs, state = seq2seq.attention_decoder(
        [tf.constant(x) for x in inputs_np], tf.constant(state_np),
        tf.constant(states_np), _TanhCell(4), output_size=7, num_heads=heads,
        initial_state_attention=from_state)
    variables = {v.op.name[len('attention_decoder/'):]: v
                 for v in tf.global_variables()}
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      got, got_state, values = session.run([outputs, state, variables])
  want, want_state = _numpy_attention_decoder(values, inputs_np, state_np,
                                              states_np, heads, from_state)
  np.testing.assert_allclose(np.array(got), np.array(want), atol=1e-5)
  np.testing.assert_allclose(got_state, want_state, atol=1e-5)


@pytest.mark.parametrize('model', ['embedding_rnn_seq2seq',
                                   'embedding_tied_rnn_seq2seq',
                                   'embedding_attention_seq2seq'])
def test_feed_previous_decodes_greedily(model):
  """TF 1.15's own test: with feed_previous only the first decoder input
  counts, and a boolean Tensor True decodes as the Python True."""
  def build(decoder_inputs, feed_previous):
    cell = rnn_cell.BasicLSTMCell(2)
    if model == 'embedding_tied_rnn_seq2seq':
      return seq2seq.embedding_tied_rnn_seq2seq(
          _symbols(2), decoder_inputs, cell, num_symbols=5, embedding_size=2,
          feed_previous=feed_previous)[0]
    function = getattr(seq2seq, model)
    return function(_symbols(2), decoder_inputs, cell, 2, 5, 2,
                    feed_previous=feed_previous)[0]

  with tf.Graph().as_default():
    # One seeded initializer: the four models start from the same weights.
    with tf.variable_scope(
        'root', initializer=tf.random_uniform_initializer(-1, 1, seed=7)):
      zeros = [tf.constant([0, 0], tf.int32)] * 3
      # The same first ("GO") input, different later ones.
      others = zeros[:1] + _symbols(2, offset=2, modulo=5)
      with tf.variable_scope('tensor_flag'):
        by_tensor = build(zeros, tf.constant(True))
      with tf.variable_scope('given_inputs'):
        given = build(others, True)
      with tf.variable_scope('zero_inputs'):
        by_bool = build(zeros, True)
      with tf.variable_scope('teacher_forced'):
        forced = build(others, False)
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      tensor_out, given_out, bool_out, forced_out = session.run(
          [by_tensor, given, by_bool, forced])
  np.testing.assert_allclose(given_out, bool_out, atol=1e-6)
  np.testing.assert_allclose(given_out, tensor_out, atol=1e-6)
  assert not np.allclose(forced_out[1:], bool_out[1:])


def _numpy_xent(logits, labels):
  shifted = logits - logits.max(1, keepdims=True)
  log_softmax = shifted - np.log(np.exp(shifted).sum(1, keepdims=True))
  return -log_softmax[np.arange(len(labels)), labels]


@pytest.mark.parametrize('across_time,across_batch',
                         [(True, True), (False, True), (True, False)])
def test_sequence_losses(across_time, across_batch):
  rng = np.random.RandomState(2)
  logits = [rng.randn(3, 5).astype(np.float32) for _ in range(4)]
  targets = [rng.randint(0, 5, 3).astype(np.int32) for _ in range(4)]
  weights = [rng.rand(3).astype(np.float32) for _ in range(4)]
  per_example = sum(_numpy_xent(l, t) * w
                    for l, t, w in zip(logits, targets, weights))
  if across_time:
    per_example = per_example / (sum(weights) + 1e-12)
  total = per_example.sum() / (3 if across_batch else 1)
  with tf.Graph().as_default():
    as_tensors = [[tf.constant(x) for x in xs]
                  for xs in (logits, targets, weights)]
    by_example = seq2seq.sequence_loss_by_example(
        *as_tensors, average_across_timesteps=across_time)
    loss = seq2seq.sequence_loss(
        *as_tensors, average_across_timesteps=across_time,
        average_across_batch=across_batch)
    custom = seq2seq.sequence_loss_by_example(
        *as_tensors, average_across_timesteps=across_time,
        softmax_loss_function=tf.nn.sparse_softmax_cross_entropy_with_logits)
    assert by_example.op.name.startswith('sequence_loss_by_example/')
    assert loss.op.name.startswith('sequence_loss/')
    with tf.Session() as session:
      got_example, got_loss, got_custom = session.run(
          [by_example, loss, custom])
  np.testing.assert_allclose(got_example, per_example, rtol=1e-5)
  np.testing.assert_allclose(got_custom, per_example, rtol=1e-5)
  np.testing.assert_allclose(got_loss, total, rtol=1e-5)


@pytest.mark.parametrize('per_example_loss', [False, True])
def test_model_with_buckets_shares_one_model(per_example_loss):
  buckets = [(2, 2), (3, 4)]
  with tf.Graph().as_default():
    encoder_inputs = _floats(0.3, 3)
    decoder_inputs = _floats(0.6, 4)
    targets = [tf.constant([1, 2]) for _ in range(4)]
    weights = [tf.ones([BATCH]) for _ in range(4)]

    def model(enc, dec):
      # A new cell per bucket, as TF 1.x required (deep-copying a cell that
      # already holds variables failed there too).
      return seq2seq.basic_rnn_seq2seq(
          enc, dec, contrib_rnn.OutputProjectionWrapper(rnn_cell.GRUCell(3),
                                                        4))

    outputs, losses = seq2seq.model_with_buckets(
        encoder_inputs, decoder_inputs, targets, weights, buckets, model,
        per_example_loss=per_example_loss)
    names = sorted(v.op.name for v in tf.global_variables())
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
      again = [seq2seq.sequence_loss(o, targets[:n], weights[:n])
               for o, (_, n) in zip(outputs, buckets)]
    assert [len(o) for o in outputs] == [2, 4]
    assert losses[0].op.name.startswith('model_with_buckets/')
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      got, want = session.run([losses, again])
  assert len(names) == 12  # one encoder, one decoder: 2 x (GRU 4 + proj 2)
  assert all(name.startswith('basic_rnn_seq2seq/') for name in names)
  if per_example_loss:
    assert [g.shape for g in got] == [(BATCH,), (BATCH,)]
    got = [g.mean() for g in got]
  np.testing.assert_allclose(got, want, rtol=1e-5)


def _attention_states():
  return tf.zeros([BATCH, 3, 2])


@pytest.mark.parametrize('call,error', [
    (lambda: seq2seq.attention_decoder([], tf.zeros([BATCH, 2]),
                                       _attention_states(),
                                       rnn_cell.GRUCell(2)), ValueError),
    (lambda: seq2seq.attention_decoder(_floats(0.1, 2), tf.zeros([BATCH, 2]),
                                       _attention_states(),
                                       rnn_cell.GRUCell(2), num_heads=0),
     ValueError),
    (lambda: seq2seq.attention_decoder(
        _floats(0.1, 2), tf.zeros([BATCH, 2]),
        tf.placeholder(tf.float32, [BATCH, 3, None]), rnn_cell.GRUCell(2)),
     ValueError),
    (lambda: seq2seq.sequence_loss(_floats(0.1, 2), [tf.constant([1, 0])],
                                   [tf.ones([BATCH])] * 2), ValueError),
    (lambda: seq2seq.model_with_buckets(
        _floats(0.1, 1), _floats(0.1, 2), [tf.constant([1, 0])] * 2,
        [tf.ones([BATCH])] * 2, [(2, 2)], lambda x, y: (y, None)),
     ValueError),
    (lambda: seq2seq.one2many_rnn_seq2seq(
        _symbols(2), {'a': _symbols(2)}, 'not a cell',
        {'a': rnn_cell.GRUCell(2)}, 2, {'a': 3}, 2), TypeError),
    (lambda: seq2seq.one2many_rnn_seq2seq(
        _symbols(2), {'a': _symbols(2)}, rnn_cell.GRUCell(2),
        {'b': rnn_cell.GRUCell(2)}, 2, {'a': 3}, 2), ValueError),
    (lambda: seq2seq.embedding_rnn_decoder(
        _symbols(2), tf.zeros([BATCH, 2]), rnn_cell.GRUCell(2), 4, 2,
        output_projection=(tf.zeros([2, 3]), tf.zeros([3]))), ValueError),
])
def test_bad_input_raises_tf1s_error_before_making_variables(call, error):
  with tf.Graph().as_default():
    with pytest.raises(error):
      call()
    assert not tf.global_variables()


def test_served_as_tf_contrib_legacy_seq2seq(installed):
  del installed
  import importlib  # pylint: disable=import-outside-toplevel
  deep = importlib.import_module(
      'tensorflow.contrib.legacy_seq2seq.python.ops.seq2seq')
  assert deep is seq2seq
  assert tf.contrib.legacy_seq2seq.sequence_loss is seq2seq.sequence_loss
  assert len(seq2seq.__all__) == 13


def test_tf212_own_cells_checkpoint_gives_the_same_outputs():
  """A checkpoint and outputs recorded on TF 2.12 with TensorFlow's own TF1
  cells under these decoders (`make_seq2seq_fixture.py`) restore into the
  same decoders over slimcompat's cells with the same outputs (atol 1e-5)."""
  from tests.contrib import make_seq2seq_fixture  # pylint: disable=import-outside-toplevel
  from tests.contrib import seq2seq_fixture_model  # pylint: disable=import-outside-toplevel
  recorded = np.load(make_seq2seq_fixture.OUTPUTS)
  with tf.Graph().as_default():
    outputs = seq2seq_fixture_model.build(rnn_cell)
    with tf.Session() as session:
      tf.train.Saver(tf.global_variables()).restore(
          session, make_seq2seq_fixture.CHECKPOINT)
      values = session.run(outputs)
  assert len(values) == len(recorded.files) == 9
  for index, value in enumerate(values):
    np.testing.assert_allclose(value, recorded['arr_%d' % index], atol=1e-5)
