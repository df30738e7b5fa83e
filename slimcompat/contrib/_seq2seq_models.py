"""The encoder-decoder models of TF 1.x's ``contrib.legacy_seq2seq``.

Each model encodes a list of per-step inputs with ``tf.compat.v1.nn.
static_rnn`` and decodes from the final encoder state with a decoder of
`_seq2seq_decoders`.  Where the encoder and decoder do not share weights the
encoder runs a deep copy of the cell, as TF 1.x did, so both have their own
variables.  A `feed_previous` that is a boolean Tensor builds both decoders
(the second reusing the first one's variables) and picks one with
``tf.cond``.
"""

import copy

from slimcompat._compat import tf
from slimcompat.contrib import _seq2seq_decoders as _decoders


def _wrappers():
  """contrib.rnn's EmbeddingWrapper and OutputProjectionWrapper (imported
  on first use: the cells package is only needed by these models)."""
  from slimcompat.contrib import rnn  # pylint: disable=import-outside-toplevel
  return rnn.EmbeddingWrapper, rnn.OutputProjectionWrapper


def _embedded_encoder(cell, num_symbols, embedding_size, encoder_inputs,
                      dtype):
  """static_rnn over `cell` behind an EmbeddingWrapper."""
  embedding_wrapper, _ = _wrappers()
  wrapped = embedding_wrapper(cell, embedding_classes=num_symbols,
                              embedding_size=embedding_size)
  return tf.nn.static_rnn(wrapped, encoder_inputs, dtype=dtype)


def _projected(cell, num_symbols):
  _, output_projection_wrapper = _wrappers()
  return output_projection_wrapper(cell, num_symbols)


def _decode(feed_previous, decode, num_outputs, state_structure):
  """``decode(feed_previous_bool) -> (outputs, state)``, once for a Python
  bool, or for both values under ``tf.cond`` for a boolean Tensor."""
  if isinstance(feed_previous, bool):
    return decode(feed_previous)

  def branch(flag):
    with tf.variable_scope(tf.get_variable_scope(),
                           reuse=None if flag else True):
      outputs, state = decode(flag)
      return list(outputs) + tf.nest.flatten(state)

  flat = tf.cond(feed_previous, lambda: branch(True), lambda: branch(False))
  outputs, state_parts = flat[:num_outputs], flat[num_outputs:]
  if tf.nest.is_nested(state_structure):
    return outputs, tf.nest.pack_sequence_as(state_structure, state_parts)
  return outputs, state_parts[0]


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=tf.float32,
                      scope=None):
  """Encodes with a copy of `cell`, decodes with `cell` (no shared weights).

  Args:
    encoder_inputs: a list of 2-D tensors [batch, input_size].
    decoder_inputs: a list of 2-D tensors [batch, input_size].
    cell: an RNNCell.
    dtype: dtype of the encoder's initial state.
    scope: variable scope; default ``'basic_rnn_seq2seq'``.

  Returns:
    (outputs, state) of the decoder (see `rnn_decoder`).
  """
  with tf.variable_scope(scope or 'basic_rnn_seq2seq'):
    _, encoder_state = tf.nn.static_rnn(copy.deepcopy(cell), encoder_inputs,
                                        dtype=dtype)
    return _decoders.rnn_decoder(decoder_inputs, encoder_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None,
                     dtype=tf.float32, scope=None):
  """Encoder and decoder run the same `cell` with the same weights, in scope
  ``combined_tied_rnn_seq2seq/<scope or 'tied_rnn_seq2seq'>``.

  Returns:
    (outputs, state) of the decoder (see `rnn_decoder`).
  """
  with tf.variable_scope('combined_tied_rnn_seq2seq'):
    scope = scope or 'tied_rnn_seq2seq'
    _, encoder_state = tf.nn.static_rnn(cell, encoder_inputs, dtype=dtype,
                                        scope=scope)
    tf.get_variable_scope().reuse_variables()
    return _decoders.rnn_decoder(decoder_inputs, encoder_state, cell,
                                 loop_function=loop_function, scope=scope)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell,
                          num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None,
                          feed_previous=False, dtype=None, scope=None):
  """Embeds int32 symbols, encodes with a copy of `cell` and decodes with
  `embedding_rnn_decoder` (outputs over `num_decoder_symbols` unless an
  `output_projection` (W, B) is given).

  Args:
    encoder_inputs, decoder_inputs: lists of int32 tensors [batch].
    cell: an RNNCell.
    num_encoder_symbols, num_decoder_symbols: vocabulary sizes.
    embedding_size: length of each embedding vector.
    output_projection: None or (W, B).
    feed_previous: a bool or a scalar boolean Tensor (greedy decoding).
    dtype: dtype of the initial states; default float32.
    scope: variable scope; default ``'embedding_rnn_seq2seq'``.

  Returns:
    (outputs, state) of the decoder.
  """
  with tf.variable_scope(scope or 'embedding_rnn_seq2seq') as outer:
    if dtype is not None:
      outer.set_dtype(dtype)
    else:
      dtype = outer.dtype
    _, encoder_state = _embedded_encoder(
        copy.deepcopy(cell), num_encoder_symbols, embedding_size,
        encoder_inputs, dtype)
    if output_projection is None:
      cell = _projected(cell, num_decoder_symbols)

    def decode(flag):
      return _decoders.embedding_rnn_decoder(
          decoder_inputs, encoder_state, cell, num_decoder_symbols,
          embedding_size, output_projection=output_projection,
          feed_previous=flag,
          update_embedding_for_previous=isinstance(feed_previous, bool))

    return _decode(feed_previous, decode, len(decoder_inputs), encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell,
                               num_symbols, embedding_size,
                               num_decoder_symbols=None,
                               output_projection=None, feed_previous=False,
                               dtype=None, scope=None):
  """`tied_rnn_seq2seq` over one shared ``embedding`` [num_symbols,
  embedding_size] for encoder and decoder symbols; outputs over
  `num_decoder_symbols` (default `num_symbols`) unless an
  `output_projection` is given.

  Raises:
    ValueError: if `output_projection` does not fit `num_symbols`.
  """
  with tf.variable_scope(scope or 'embedding_tied_rnn_seq2seq',
                         dtype=dtype) as outer:
    dtype = outer.dtype
    if output_projection is not None:
      _decoders.check_projection(output_projection, num_symbols, dtype)
    embedding = tf.get_variable('embedding', [num_symbols, embedding_size],
                                dtype=dtype)
    embedded_encoder = [tf.nn.embedding_lookup(embedding, symbols)
                        for symbols in encoder_inputs]
    embedded_decoder = [tf.nn.embedding_lookup(embedding, symbols)
                        for symbols in decoder_inputs]
    if output_projection is None:
      cell = _projected(cell, num_decoder_symbols or num_symbols)

    def decode(flag):
      loop_function = _decoders.argmax_and_embed(
          embedding, output_projection,
          isinstance(feed_previous, bool)) if flag else None
      return tied_rnn_seq2seq(embedded_encoder, embedded_decoder, cell,
                              loop_function=loop_function, dtype=dtype)

    return _decode(feed_previous, decode, len(decoder_inputs),
                   cell.state_size)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell,
                                num_encoder_symbols, num_decoder_symbols,
                                embedding_size, encoder_cell=None,
                                num_heads=1, output_projection=None,
                                feed_previous=False, dtype=None, scope=None,
                                initial_state_attention=False):
  """Embeds and encodes (with `encoder_cell`, default a copy of `cell`),
  then decodes with `embedding_attention_decoder` attending over every
  encoder output.

  Returns:
    (outputs, state) of the decoder; outputs are over
    `num_decoder_symbols` unless an `output_projection` is given.
  """
  with tf.variable_scope(scope or 'embedding_attention_seq2seq',
                         dtype=dtype) as outer:
    dtype = outer.dtype
    if encoder_cell is None:
      encoder_cell = copy.deepcopy(cell)
    encoder_outputs, encoder_state = _embedded_encoder(
        encoder_cell, num_encoder_symbols, embedding_size, encoder_inputs,
        dtype)
    attention_states = tf.concat(
        [tf.reshape(output, [-1, 1, cell.output_size])
         for output in encoder_outputs], 1)
    output_size = None
    if output_projection is None:
      cell = _projected(cell, num_decoder_symbols)
      output_size = num_decoder_symbols

    def decode(flag):
      return _decoders.embedding_attention_decoder(
          decoder_inputs, encoder_state, attention_states, cell,
          num_decoder_symbols, embedding_size, num_heads=num_heads,
          output_size=output_size, output_projection=output_projection,
          feed_previous=flag,
          update_embedding_for_previous=isinstance(feed_previous, bool),
          initial_state_attention=initial_state_attention)

    return _decode(feed_previous, decode, len(decoder_inputs), encoder_state)


def _is_cell(cell):
  return all(hasattr(cell, name)
             for name in ('state_size', 'output_size', 'zero_state'))


def one2many_rnn_seq2seq(encoder_inputs, decoder_inputs_dict, enc_cell,
                         dec_cells_dict, num_encoder_symbols,
                         num_decoder_symbols_dict, embedding_size,
                         feed_previous=False, dtype=None, scope=None):
  """One embedded encoder, one `embedding_rnn_decoder` per task.

  Args:
    encoder_inputs: a list of int32 tensors [batch].
    decoder_inputs_dict: task name -> list of int32 tensors [batch].
    enc_cell: the encoder's RNNCell.
    dec_cells_dict: task name -> the task decoder's RNNCell.
    num_encoder_symbols: encoder vocabulary size.
    num_decoder_symbols_dict: task name -> decoder vocabulary size.
    embedding_size: length of each embedding vector.
    feed_previous: a bool or a scalar boolean Tensor.
    dtype: dtype of the initial states; default float32.
    scope: variable scope; default ``'one2many_rnn_seq2seq'``.

  Returns:
    (outputs_dict, state_dict), keyed by task name.

  Raises:
    TypeError: if a cell is not an RNNCell.
    ValueError: if the task names of the cells and the inputs differ.
  """
  if not _is_cell(enc_cell):
    raise TypeError('enc_cell is not an RNNCell: %s' % type(enc_cell))
  if set(dec_cells_dict) != set(decoder_inputs_dict):
    raise ValueError('dec_cells_dict and decoder_inputs_dict must have the '
                     'same task names; got %s and %s' %
                     (sorted(dec_cells_dict), sorted(decoder_inputs_dict)))
  for dec_cell in dec_cells_dict.values():
    if not _is_cell(dec_cell):
      raise TypeError('dec_cell is not an RNNCell: %s' % type(dec_cell))
  outputs_dict = {}
  state_dict = {}
  with tf.variable_scope(scope or 'one2many_rnn_seq2seq',
                         dtype=dtype) as outer:
    dtype = outer.dtype
    _, encoder_state = _embedded_encoder(enc_cell, num_encoder_symbols,
                                         embedding_size, encoder_inputs, dtype)
    for name, decoder_inputs in decoder_inputs_dict.items():
      num_symbols = num_decoder_symbols_dict[name]
      with tf.variable_scope('one2many_decoder_' + str(name)):
        dec_cell = _projected(dec_cells_dict[name], num_symbols)

        def decode(flag, inputs=decoder_inputs, cell=dec_cell,
                   symbols=num_symbols):
          return _decoders.embedding_rnn_decoder(
              inputs, encoder_state, cell, symbols, embedding_size,
              feed_previous=flag)

        outputs_dict[name], state_dict[name] = _decode(
            feed_previous, decode, len(decoder_inputs), encoder_state)
  return outputs_dict, state_dict
