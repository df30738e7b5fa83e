"""`status`: how slimcompat treats a legacy contrib name, from the table alone.

Nothing is imported to answer (the alias table and the name lists below are
plain data), so tools such as ``slimcompat scan`` can ask about thousands of
names cheaply.
"""

from slimcompat import _aliases

# Public names of the contrib modules slimcompat writes itself, so that
# ``status`` can tell a served name from a misspelt one without importing.
# (tests/contrib/test_contrib_imports.py checks these against the modules.)
SERVED_NAMES = {
    'tensorflow.contrib.training': (
        'HParams', 'StopAfterNEvalsHook', 'SummaryAtEndHook',
        'add_gradients_summaries', 'checkpoints_iterator',
        'clip_gradient_norms', 'clip_gradient_norms_fn', 'create_train_op',
        'evaluate_once', 'evaluate_repeatedly', 'get_or_create_eval_step',
        'multiply_gradients', 'parse_values', 'train',
        'wait_for_new_checkpoint'),
    'tensorflow.contrib.quantize': (),
    'tensorflow.contrib.tfprof': ('ProfileContext', 'model_analyzer',
                                  'tfprof_logger'),
    'tensorflow.contrib.tfprof.model_analyzer': (
        'FLOAT_OPS_OPTIONS', 'PRINT_ALL_TIMING_MEMORY',
        'PRINT_PARAMS_ON_DEVICE', 'TRAINABLE_VARS_PARAMS_STAT_OPTIONS',
        'print_model_analysis'),
    'tensorflow.contrib.tfprof.tfprof_logger': ('write_op_log',),
    'tensorflow.contrib.lookup': (
        'FastHashSpec', 'HashTable', 'HasherSpec', 'IdTableWithHashBuckets',
        'InitializableLookupTableBase', 'KeyValueTensorInitializer',
        'LookupInterface', 'MutableDenseHashTable', 'MutableHashTable',
        'StrongHashSpec', 'TableInitializerBase',
        'TextFileIdTableInitializer', 'TextFileIndex', 'TextFileInitializer',
        'TextFileStringTableInitializer', 'index_table_from_file',
        'index_table_from_tensor', 'index_to_string',
        'index_to_string_table_from_file',
        'index_to_string_table_from_tensor', 'string_to_index',
        'string_to_index_table_from_file',
        'string_to_index_table_from_tensor'),
    'tensorflow.contrib.legacy_seq2seq': (
        'attention_decoder', 'basic_rnn_seq2seq', 'embedding_attention_decoder',
        'embedding_attention_seq2seq', 'embedding_rnn_decoder',
        'embedding_rnn_seq2seq', 'embedding_tied_rnn_seq2seq',
        'model_with_buckets', 'one2many_rnn_seq2seq', 'rnn_decoder',
        'sequence_loss', 'sequence_loss_by_example', 'tied_rnn_seq2seq'),
    'tensorflow.contrib.rnn': (
        'AttentionCellWrapper', 'BasicLSTMCell', 'BasicRNNCell',
        'DeviceWrapper', 'DropoutWrapper', 'EmbeddingWrapper', 'GRUBlockCell',
        'GRUBlockCellV2', 'GRUCell', 'InputProjectionWrapper',
        'LSTMBlockCell', 'LSTMBlockFusedCell', 'LSTMCell', 'LSTMStateTuple',
        'LayerNormBasicLSTMCell', 'LayerRNNCell', 'MultiRNNCell',
        'OutputProjectionWrapper', 'RNNCell', 'ResidualWrapper',
        'best_effort_input_batch_size', 'stack_bidirectional_dynamic_rnn',
        'stack_bidirectional_rnn', 'static_bidirectional_rnn', 'static_rnn',
        'static_state_saving_rnn', 'transpose_batch_time'),
    'tensorflow.contrib.metrics.python.ops.set_ops': (
        'set_difference', 'set_intersection', 'set_size', 'set_union'),
}

SERVED = 'served'
UNSUPPORTED_ON_CALL = 'unsupported-on-call'
REFUSED = 'refused'
UNKNOWN = 'unknown'

# How people (and the README's tables) spell a contrib name.
_SPELLINGS = (('tensorflow.compat.v1.contrib', 'tensorflow.contrib'),
              ('tf.compat.v1.contrib', 'tensorflow.contrib'),
              ('tf.contrib', 'tensorflow.contrib'),
              ('contrib', 'tensorflow.contrib'))


def _normalise(name):
  for spelling, canonical in _SPELLINGS:
    if name == spelling or name.startswith(spelling + '.'):
      return canonical + name[len(spelling):]
  return name


def status(dotted_name):
  """(verdict, hint) for a legacy name such as
  ``'tensorflow.contrib.quantize.create_training_graph'`` (also spelt
  ``tf.contrib.quantize...`` or ``contrib.quantize...``).

  Verdicts: ``'served'`` (a served module, or a name of one that slimcompat
  writes itself), ``'unsupported-on-call'`` (importable, raises
  NotImplementedError when called; the hint says what to use),
  ``'refused'`` (importing it raises ImportError; the hint names the TF 2
  replacement) and ``'unknown'`` (the table does not decide: a slim name of
  ``contrib.slim`` / ``framework`` / ``layers`` / ``metrics`` / ``losses``,
  which only importing can check, or a name slimcompat never heard of).
  The hint is '' unless the verdict is refused or unsupported-on-call.
  """
  name = _normalise(dotted_name)
  key, entry = _aliases.entry_of(name)
  if key is None:
    return UNKNOWN, ''
  if isinstance(entry, _aliases.Refused):
    return REFUSED, entry.hint
  if isinstance(entry, _aliases.OnCall):
    if key == name:
      return UNSUPPORTED_ON_CALL, entry.hint
    return UNKNOWN, ''  # an attribute of a stand-in
  if key == name:
    return SERVED, ''
  parent, _, short = name.rpartition('.')
  if short in SERVED_NAMES.get(parent, ()):
    return SERVED, ''
  return UNKNOWN, ''
