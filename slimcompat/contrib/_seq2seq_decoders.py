"""The decoders of TF 1.x's ``contrib.legacy_seq2seq``, step by step.

A decoder here is a Python loop over a list of per-step inputs: step ``i``
runs the cell once (the cell's variables are made at step 0 and reused
after), and a ``loop_function(prev_output, i)``, when given, replaces the
inputs after the first by something made from the previous output (greedy
decoding).  The variable names are TF 1.15's, so its checkpoints load:
``rnn_decoder/<cell>/...``, and for attention ``attention_decoder/AttnW_0``,
``AttnV_0``, ``kernel``/``bias`` (input merge), ``Attention_0/kernel``,
``AttnOutputProjection/kernel``...
"""

from slimcompat._compat import tf
from slimcompat.contrib._rnn_wrappers import linear


def argmax_and_embed(embedding, output_projection=None,
                     update_embedding=True):
  """A loop_function feeding back the embedding of the previous argmax
  symbol (after the `output_projection` pair (W, B), when given)."""

  def feed_back(prev, step):
    del step
    if output_projection is not None:
      prev = tf.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
    embedded = tf.nn.embedding_lookup(embedding, tf.argmax(prev, 1))
    if not update_embedding:
      embedded = tf.stop_gradient(embedded)
    return embedded

  return feed_back


def _next_input(inp, prev, step, loop_function):
  if loop_function is None or prev is None:
    return inp
  with tf.variable_scope('loop_function', reuse=True):
    return loop_function(prev, step)


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None,
                scope=None):
  """Runs `cell` over `decoder_inputs` from `initial_state`.

  Args:
    decoder_inputs: a list of 2-D tensors [batch, input_size].
    initial_state: the cell's initial state.
    cell: an RNNCell.
    loop_function: None, or ``f(prev_output, step) -> next input``; when
      given, only the first decoder input is used.
    scope: the variable scope; default ``'rnn_decoder'``.

  Returns:
    (outputs, state): the list of per-step outputs and the final state.
  """
  with tf.variable_scope(scope or 'rnn_decoder'):
    state = initial_state
    outputs = []
    prev = None
    for step, inp in enumerate(decoder_inputs):
      inp = _next_input(inp, prev, step, loop_function)
      if step > 0:
        tf.get_variable_scope().reuse_variables()
      output, state = cell(inp, state)
      outputs.append(output)
      if loop_function is not None:
        prev = output
  return outputs, state


def check_projection(output_projection, num_symbols, dtype):
  """Raises ValueError if the (W, B) pair does not end in `num_symbols`."""
  weights = tf.convert_to_tensor(output_projection[0], dtype=dtype)
  weights.get_shape().assert_is_compatible_with([None, num_symbols])
  biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
  biases.get_shape().assert_is_compatible_with([num_symbols])


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols,
                          embedding_size, output_projection=None,
                          feed_previous=False,
                          update_embedding_for_previous=True, scope=None):
  """`rnn_decoder` over the embeddings of int32 symbol inputs.

  Makes ``embedding`` [num_symbols, embedding_size] in scope
  ``'embedding_rnn_decoder'``.  With `feed_previous`, each step after the
  first embeds the argmax of the previous output (projected by
  `output_projection` (W, B) when given).

  Raises:
    ValueError: if `output_projection` does not fit `num_symbols`.
  """
  with tf.variable_scope(scope or 'embedding_rnn_decoder') as outer:
    if output_projection is not None:
      check_projection(output_projection, num_symbols, outer.dtype)
    embedding = tf.get_variable('embedding', [num_symbols, embedding_size])
    loop_function = argmax_and_embed(
        embedding, output_projection,
        update_embedding_for_previous) if feed_previous else None
    # A generator, as in TF 1.x: each lookup is made inside the decoder's
    # scope, just before the step that reads it.
    embedded = (tf.nn.embedding_lookup(embedding, symbols)
                for symbols in decoder_inputs)
    return rnn_decoder(embedded, initial_state, cell,
                       loop_function=loop_function)


def _flat_query(query):
  """A 2-D query tensor from a (possibly nested) cell state."""
  if not tf.nest.is_nested(query):
    return query
  parts = tf.nest.flatten(query)
  for part in parts:
    if part.get_shape().ndims and part.get_shape().ndims != 2:
      raise AssertionError('attention expects 2-D state parts, got %s' %
                           part.get_shape())
  return tf.concat(parts, 1)


class _Attention:
  """The attention heads over `attention_states` [batch, length, size]."""

  def __init__(self, attention_states, num_heads):
    self.length = tf.dimension_value(attention_states.get_shape()[1])
    if self.length is None:
      self.length = tf.shape(attention_states)[1]
    self.size = tf.dimension_value(attention_states.get_shape()[2])
    self.num_heads = num_heads
    # W1 * h_t for every position, as a 1x1 convolution.
    self.hidden = tf.reshape(attention_states,
                             [-1, self.length, 1, self.size])
    self.features = []
    self.vectors = []
    for head in range(num_heads):
      kernel = tf.get_variable('AttnW_%d' % head,
                               [1, 1, self.size, self.size])
      self.features.append(
          tf.nn.conv2d(self.hidden, kernel, [1, 1, 1, 1], 'SAME'))
      self.vectors.append(tf.get_variable('AttnV_%d' % head, [self.size]))

  def read(self, query):
    """One attention-weighted read [batch, size] per head."""
    query = _flat_query(query)
    reads = []
    for head in range(self.num_heads):
      with tf.variable_scope('Attention_%d' % head):
        projected = tf.reshape(linear(query, self.size, True),
                               [-1, 1, 1, self.size])
        scores = tf.reduce_sum(
            self.vectors[head] * tf.tanh(self.features[head] + projected),
            [2, 3])
        weights = tf.nn.softmax(scores)
        read = tf.reduce_sum(
            tf.reshape(weights, [-1, self.length, 1, 1]) * self.hidden, [1, 2])
        reads.append(tf.reshape(read, [-1, self.size]))
    return reads


def attention_decoder(decoder_inputs, initial_state, attention_states, cell,
                      output_size=None, num_heads=1, loop_function=None,
                      dtype=None, scope=None, initial_state_attention=False):
  """An RNN decoder that reads `attention_states` at every step.

  Step i: the cell runs on ``linear([input_i] + previous reads)``; the
  heads then read `attention_states` with the new state as query, and the
  step's output is ``linear([cell_output] + reads, output_size)``.

  Args:
    decoder_inputs: a non-empty list of 2-D tensors [batch, input_size].
    initial_state: the cell's initial state.
    attention_states: [batch, length, size], size statically known.
    cell: an RNNCell.
    output_size: size of the outputs; default ``cell.output_size``.
    num_heads: number of attention heads (>= 1).
    loop_function: as for `rnn_decoder`.
    dtype: dtype of the zero initial reads; default the scope's.
    scope: the variable scope; default ``'attention_decoder'``.
    initial_state_attention: if True, the first reads come from
      `initial_state` instead of zeros.

  Returns:
    (outputs, state): per-step outputs [batch, output_size], final state.

  Raises:
    ValueError: no inputs, num_heads < 1, the attention size or an input
      size not statically known.
  """
  if not decoder_inputs:
    raise ValueError('attention_decoder needs at least one decoder input.')
  if num_heads < 1:
    raise ValueError('attention_decoder needs num_heads >= 1, got %s; use '
                     'rnn_decoder for no attention.' % num_heads)
  if tf.dimension_value(attention_states.get_shape()[2]) is None:
    raise ValueError('The last dimension of attention_states must be known: '
                     '%s' % attention_states.get_shape())
  if output_size is None:
    output_size = cell.output_size
  with tf.variable_scope(scope or 'attention_decoder', dtype=dtype) as outer:
    dtype = outer.dtype
    batch_size = tf.shape(decoder_inputs[0])[0]
    attention = _Attention(attention_states, num_heads)
    state = initial_state
    outputs = []
    prev = None
    zeros_shape = tf.stack([batch_size, attention.size])
    reads = [tf.zeros(zeros_shape, dtype=dtype) for _ in range(num_heads)]
    for read in reads:
      read.set_shape([None, attention.size])
    if initial_state_attention:
      reads = attention.read(initial_state)
    for step, inp in enumerate(decoder_inputs):
      if step > 0:
        tf.get_variable_scope().reuse_variables()
      inp = _next_input(inp, prev, step, loop_function)
      input_size = tf.dimension_value(inp.get_shape().with_rank(2)[1])
      if input_size is None:
        raise ValueError('Could not infer the input size of %s: give the '
                         'decoder inputs a static last dimension.' % inp.name)
      cell_output, state = cell(linear([inp] + reads, input_size, True),
                                state)
      if step == 0 and initial_state_attention:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
          reads = attention.read(state)
      else:
        reads = attention.read(state)
      with tf.variable_scope('AttnOutputProjection'):
        output = linear([cell_output] + reads, output_size, True)
      if loop_function is not None:
        prev = output
      outputs.append(output)
  return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state,
                                attention_states, cell, num_symbols,
                                embedding_size, num_heads=1, output_size=None,
                                output_projection=None, feed_previous=False,
                                update_embedding_for_previous=True, dtype=None,
                                scope=None, initial_state_attention=False):
  """`attention_decoder` over the embeddings of int32 symbol inputs.

  Makes ``embedding`` [num_symbols, embedding_size] in scope
  ``'embedding_attention_decoder'``; `feed_previous` and
  `output_projection` as for `embedding_rnn_decoder`.

  Raises:
    ValueError: if `output_projection`'s bias does not fit `num_symbols`.
  """
  if output_size is None:
    output_size = cell.output_size
  if output_projection is not None:
    biases = tf.convert_to_tensor(output_projection[1], dtype=dtype)
    biases.get_shape().assert_is_compatible_with([num_symbols])
  with tf.variable_scope(scope or 'embedding_attention_decoder', dtype=dtype):
    embedding = tf.get_variable('embedding', [num_symbols, embedding_size])
    loop_function = argmax_and_embed(
        embedding, output_projection,
        update_embedding_for_previous) if feed_previous else None
    embedded = [tf.nn.embedding_lookup(embedding, symbols)
                for symbols in decoder_inputs]
    return attention_decoder(
        embedded, initial_state, attention_states, cell,
        output_size=output_size, num_heads=num_heads,
        loop_function=loop_function,
        initial_state_attention=initial_state_attention)
