"""The contrib table: served modules, names raising on call, refused modules
(every import spelling), TF 1.x deep paths, and `slimcompat.contrib.status`."""

import importlib
import re
import types

import pytest

import slimcompat
from slimcompat import _aliases
from slimcompat._compat import tf
from slimcompat.contrib import status
from slimcompat.contrib._missing import OnCall
from slimcompat.contrib._missing import Refused

REFUSED = sorted(key for key, entry in _aliases.ALIASES.items()
                 if isinstance(entry, Refused) and key.count('.') == 2)
ON_CALL = sorted(key for key, entry in _aliases.ALIASES.items()
                 if isinstance(entry, OnCall))


def test_table_has_the_issue_replacements():
  hints = {key: _aliases.ALIASES[key].hint for key in REFUSED}
  assert 'tf.compat.v1.nn.rnn_cell' in hints['tensorflow.contrib.grid_rnn']
  for legacy in ('tensorflow.contrib.seq2seq', 'tensorflow.contrib.cudnn_rnn'):
    assert 'tf.compat.v1.nn.dynamic_rnn' in hints[legacy]
    assert 'tf.compat.v1.nn.rnn_cell' in hints[legacy]
    assert 'Keras 3' in hints[legacy]
  assert 'tf.data' in hints['tensorflow.contrib.data']
  assert 'tf.image' in hints['tensorflow.contrib.image']
  assert 'TPUStrategy' in hints['tensorflow.contrib.tpu']
  assert 'tf.compat.v1.train' in hints['tensorflow.contrib.opt']
  assert 'tf.signal' in hints['tensorflow.contrib.signal']
  assert 'tensorrt' in hints['tensorflow.contrib.tensorrt']
  assert len(REFUSED) >= 60


@pytest.mark.parametrize('legacy', REFUSED)
def test_refused_module_every_spelling(installed, legacy):
  del installed
  hint = _aliases.ALIASES[legacy].hint
  short = legacy.rpartition('.')[2]
  with pytest.raises(ModuleNotFoundError) as error:
    importlib.import_module(legacy)
  assert hint in str(error.value)
  with pytest.raises(ImportError) as error:
    exec('from tensorflow.contrib import %s' % short, {})
  assert legacy in str(error.value) and hint in str(error.value)
  with pytest.raises(AttributeError) as error:
    getattr(tf.contrib, short)
  assert ('tf.contrib.' + short) in str(error.value)
  assert hint in str(error.value)
  assert status(legacy) == ('refused', hint)
  assert status('tf.contrib.%s.Anything' % short) == ('refused', hint)


def test_guarded_import_takes_the_fallback(installed):
  del installed
  namespace = {}
  exec('try:\n'
       '  import tensorflow.contrib.grid_rnn.python.ops.grid_rnn_cell as rnn_cell\n'
       'except ImportError:\n'
       '  rnn_cell = None\n'
       'try:\n'
       '  from tensorflow.contrib.seq2seq import BasicDecoder\n'
       'except ImportError:\n'
       '  BasicDecoder = None\n', namespace)
  assert namespace['rnn_cell'] is None and namespace['BasicDecoder'] is None
  assert getattr(tf.contrib, 'crf', None) is None
  assert 'tensorflow.contrib.grid_rnn' not in importlib.sys.modules


def test_unknown_contrib_name_still_says_so(installed):
  del installed
  with pytest.raises(ImportError, match='tensorflow.contrib.nope is not '
                     'provided by slimcompat'):
    exec('from tensorflow.contrib import nope', {})
  assert status('tensorflow.contrib.nope') == ('unknown', '')


@pytest.mark.parametrize('legacy', ON_CALL)
def test_on_call_names_import_and_raise_when_called(installed, legacy):
  del installed
  module_name, _, short = legacy.rpartition('.')
  if module_name.endswith('.HParams'):
    owner = getattr(importlib.import_module(module_name.rpartition('.')[0]),
                    'HParams')
  else:
    owner = importlib.import_module(module_name)
  stand_in = getattr(owner, short)
  hint = _aliases.ALIASES[legacy].hint
  assert stand_in.__slimcompat_unsupported__ == hint
  with pytest.raises(NotImplementedError) as error:
    stand_in(object())
  assert legacy in str(error.value) and hint in str(error.value)
  assert status(legacy) == ('unsupported-on-call', hint)


def test_quantize_message_and_graph_untouched(installed):
  del installed
  from tensorflow.contrib import quantize
  with tf.Graph().as_default() as graph:
    tf.constant(1.0)
    before = [op.name for op in graph.get_operations()]
    for rewrite in (quantize.create_training_graph, quantize.create_eval_graph,
                    quantize.experimental_create_training_graph,
                    quantize.experimental_create_eval_graph):
      with pytest.raises(NotImplementedError,
                         match='graph surgery.*quantization off.*TFLite'):
        rewrite(input_graph=graph)
    assert [op.name for op in graph.get_operations()] == before


def test_served_modules_are_slim_modules(installed):
  del installed
  assert importlib.import_module('tensorflow.contrib.metrics') is (
      slimcompat.metrics)
  assert tf.contrib.metrics is slimcompat.metrics
  assert tf.contrib.losses is slimcompat.losses
  assert tf.contrib.losses.metric_learning is (
      importlib.import_module('slimcompat.losses.metric_learning'))
  assert tf.contrib.metrics.aggregate_metric_map is (
      slimcompat.metrics.aggregate_metric_map)
  training = importlib.import_module('tensorflow.contrib.training')
  evaluation = importlib.import_module('slimcompat.training.evaluation')
  assert training.evaluate_repeatedly is evaluation.evaluate_repeatedly
  assert training.SummaryAtEndHook is evaluation.SummaryAtEndHook
  assert training.create_train_op is (
      importlib.import_module('slimcompat.training.training').create_train_op)
  deep = importlib.import_module(
      'tensorflow.contrib.training.python.training.hparam')
  assert deep.HParams is training.HParams
  assert sorted(dir(tf.contrib)) == [
      'framework', 'layers', 'legacy_seq2seq', 'lookup', 'losses', 'metrics',
      'quantize', 'rnn', 'slim', 'tfprof', 'training']


DEEP_PATHS = [
    ('tensorflow.contrib.framework.python.ops', 'add_arg_scope',
     'slimcompat.ops.arg_scope'),
    ('tensorflow.contrib.framework.python.ops', 'arg_scope',
     'slimcompat.ops.arg_scope'),
    ('tensorflow.contrib.framework.python.ops', 'arg_scoped_arguments',
     'slimcompat.ops.arg_scope'),
    ('tensorflow.contrib.framework.python.ops', 'get_variables',
     'slimcompat.ops.variables'),
    ('tensorflow.contrib.framework.python.ops', 'model_variable',
     'slimcompat.ops.variables'),
    ('tensorflow.contrib.framework.python.ops', 'get_or_create_global_step',
     'slimcompat.ops.variables'),
    ('tensorflow.contrib.framework.python.ops', 'assign_from_checkpoint_fn',
     'slimcompat.ops.variables'),
    ('tensorflow.contrib.layers.python.layers', 'conv2d', 'slimcompat.layers'),
    ('tensorflow.contrib.layers.python.layers.layers', 'batch_norm',
     'slimcompat.layers.layers'),
    ('tensorflow.contrib.layers.python.layers.initializers',
     'xavier_initializer', 'slimcompat.layers.initializers'),
    ('tensorflow.contrib.layers.python.layers.regularizers', 'l2_regularizer',
     'slimcompat.layers.regularizers'),
    ('tensorflow.contrib.layers.python.layers.optimizers', 'optimize_loss',
     'slimcompat.layers.optimizers'),
    ('tensorflow.contrib.layers.python.layers.utils', 'collect_named_outputs',
     'slimcompat.layers.utils'),
    ('tensorflow.contrib.slim.python.slim.learning', 'train',
     'slimcompat.learning'),
    ('tensorflow.contrib.slim.python.slim.evaluation', 'evaluation_loop',
     'slimcompat.evaluation'),
    ('tensorflow.contrib.slim.python.slim.data.tfexample_decoder',
     'TFExampleDecoder', 'slimcompat.data.tfexample_decoder'),
    ('tensorflow.contrib.metrics.python.ops.metric_ops', 'streaming_mean',
     'slimcompat.metrics.metric_ops'),
    ('tensorflow.contrib.losses.python.losses', 'log_loss',
     'slimcompat.losses'),
    ('tensorflow.contrib.rnn', 'LSTMCell', 'slimcompat.rnn_cell'),
    ('tensorflow.contrib.rnn.python.ops.core_rnn_cell',
     'OutputProjectionWrapper', 'slimcompat.contrib.rnn'),
    ('tensorflow.contrib.rnn.python.ops.rnn_cell', 'LayerNormBasicLSTMCell',
     'slimcompat.contrib.rnn'),
    ('tensorflow.contrib.rnn.python.ops.lstm_ops', 'LSTMBlockFusedCell',
     'slimcompat.contrib.rnn'),
    ('tensorflow.contrib.rnn.python.ops.gru_ops', 'GRUBlockCellV2',
     'slimcompat.contrib.rnn'),
    ('tensorflow.contrib.rnn.python.ops.rnn',
     'stack_bidirectional_dynamic_rnn', 'slimcompat.contrib.rnn'),
]


@pytest.mark.parametrize('legacy, name, home', DEEP_PATHS)
def test_deep_paths_carry_slim_names(installed, legacy, name, home):
  del installed
  value = getattr(importlib.import_module(legacy), name)
  assert value is getattr(importlib.import_module(home), name)


def test_arg_scope_stays_the_function_after_its_module_is_imported(installed):
  del installed
  ops = importlib.import_module('tensorflow.contrib.framework.python.ops')
  module = importlib.import_module(
      'tensorflow.contrib.framework.python.ops.arg_scope')
  assert isinstance(module, types.ModuleType)
  assert ops.arg_scope is slimcompat.arg_scope
  assert tf.contrib.framework.arg_scope is slimcompat.arg_scope
  namespace = {}
  exec('from tensorflow.contrib.framework.python.ops import arg_scope, '
       'variables', namespace)
  assert namespace['arg_scope'] is slimcompat.arg_scope
  assert namespace['variables'] is importlib.import_module(
      'slimcompat.ops.variables')
  layers = importlib.import_module('tensorflow.contrib.layers.python.layers')
  importlib.import_module('tensorflow.contrib.layers.python.layers.layers')
  assert slimcompat.layers.layers is importlib.import_module(
      'slimcompat.layers.layers')
  assert layers.layers._build_variable_getter


def test_set_ops(installed):
  del installed
  set_ops = importlib.import_module(
      'tensorflow.contrib.metrics.python.ops.set_ops')
  with tf.Graph().as_default():
    a = tf.constant([[1, 2, 2, 3], [4, 4, 4, 4]])
    b = tf.constant([[2, 5, 5, 5], [4, 6, 6, 6]])
    with tf.Session() as sess:
      # set_size takes a SparseTensor (as in TF 1.x).
      assert sess.run(set_ops.set_size(
          tf.sparse.from_dense(a))).tolist() == [3, 1]
      union = sess.run(set_ops.set_union(a, b))
      inter = sess.run(set_ops.set_intersection(a, b))
      diff = sess.run(set_ops.set_difference(a, b))
  assert union.values.tolist() == [1, 2, 3, 5, 4, 6]
  assert inter.values.tolist() == [2, 4]
  assert diff.values.tolist() == [1, 3]
  assert status('tensorflow.contrib.metrics.python.ops.set_ops.set_union') == (
      'served', '')
  verdict, hint = status('tensorflow.contrib.metrics.set_union')
  assert verdict == 'refused' and 'tf.sets.union' in hint


def test_status_is_a_table_lookup():
  assert status('tensorflow.contrib.training.HParams') == ('served', '')
  assert status('tf.contrib.training.evaluate_repeatedly') == ('served', '')
  assert status('tensorflow.contrib.training') == ('served', '')
  assert status('tensorflow.contrib.tfprof.ProfileContext') == ('served', '')
  assert status('tensorflow.contrib.tfprof.model_analyzer.'
                'print_model_analysis') == ('served', '')
  assert status('tensorflow.contrib.training.Nope') == ('unknown', '')
  assert status('tensorflow.contrib.slim.conv2d') == ('unknown', '')
  assert status('numpy.zeros') == ('unknown', '')
  verdict, hint = status('tensorflow.compat.v1.contrib.quantize.'
                         'create_eval_graph')
  assert verdict == 'unsupported-on-call' and 'TFLite' in hint
  verdict, hint = status('tensorflow.contrib.training.bucket_by_sequence_length')
  assert verdict == 'unsupported-on-call' and 'tf.data' in hint


@pytest.mark.parametrize('module_name', [
    'slimcompat.contrib.training', 'slimcompat.contrib.tfprof',
    'slimcompat.contrib.tfprof.model_analyzer',
    'slimcompat.contrib.tfprof.tfprof_logger', 'slimcompat.contrib.set_ops',
    'slimcompat.contrib.lookup', 'slimcompat.contrib.legacy_seq2seq',
    'slimcompat.contrib.rnn'])
def test_status_name_lists_match_the_modules(module_name):
  from slimcompat.contrib import _status
  legacy = {'slimcompat.contrib.set_ops':
                'tensorflow.contrib.metrics.python.ops.set_ops'}.get(
                    module_name,
                    module_name.replace('slimcompat.', 'tensorflow.'))
  module = importlib.import_module(module_name)
  on_call = {key.rpartition('.')[2] for key in ON_CALL
             if key.rpartition('.')[0] == legacy}
  assert set(_status.SERVED_NAMES[legacy]) | on_call == set(module.__all__)


def test_uninstall_forgets_contrib_modules(installed):
  del installed
  importlib.import_module('tensorflow.contrib.training.python.training.hparam')
  importlib.import_module('tensorflow.contrib.metrics.python.ops.set_ops')
  slimcompat.uninstall()
  assert not [n for n in importlib.sys.modules
              if n.startswith('tensorflow.contrib')]
  with pytest.raises(ImportError):
    importlib.import_module('tensorflow.contrib.training')
  slimcompat.install()


DEEP_REFUSED = sorted(key for key, entry in _aliases.ALIASES.items()
                      if isinstance(entry, Refused) and key.count('.') > 2 and
                      '.python.' in key)


@pytest.mark.parametrize('legacy', DEEP_REFUSED)
def test_refused_deep_module(installed, legacy):
  del installed
  hint = _aliases.ALIASES[legacy].hint
  with pytest.raises(ModuleNotFoundError) as error:
    importlib.import_module(legacy)
  assert legacy in str(error.value) and hint in str(error.value)
  parent, _, short = legacy.rpartition('.')
  with pytest.raises(ImportError, match=re.escape(hint)):
    exec('from %s import %s' % (parent, short), {})
  assert status(legacy) == ('refused', hint)
