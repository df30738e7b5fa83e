"""Legacy import names served by slimcompat: one table, one meta-path importer.

`install()` puts a finder at the front of ``sys.meta_path`` that answers
imports of the legacy names in `ALIASES` with the slimcompat module standing
for them: ``import tf_slim.nets.vgg`` returns ``slimcompat.nets.vgg`` itself,
so identity checks and ``isinstance`` agree.  An entry is a prefix: it also
serves every submodule below it, and the longest matching entry wins.  A
target of None is an empty package that only exists so that deeper legacy
paths (``tensorflow.contrib.slim.python.slim.nets``) can be imported.
`Refused` entries raise an ImportError (an AttributeError on ``tf.contrib``)
that names the TF 2 replacement; `OnCall` entries are names that import but
raise NotImplementedError when called.

`install()` also gives ``tensorflow`` and ``tensorflow.compat.v1`` a
``contrib`` attribute, so that ``slim = tf.contrib.slim`` works.  Nothing is
installed by ``import slimcompat``; `uninstall()` undoes all of it.
"""

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

from slimcompat._alias_entries import OnCall
from slimcompat._alias_entries import Refused
from slimcompat._alias_entries import missing_name_error
from slimcompat._alias_entries import refused_error

_QUANTIZE = OnCall(
    'Quantization-aware graph rewriting is not provided: it needs graph '
    'surgery that public TensorFlow does not offer. Run with quantization '
    'off (the rest of the script is unaffected) and quantize for deployment '
    'after training with post-training quantization in the TFLite converter '
    '(tf.lite.TFLiteConverter with optimizations=[tf.lite.Optimize.DEFAULT])')
_BUCKETING = OnCall(
    'Batch by length with tf.data: tf.data.Dataset.bucket_by_sequence_length '
    '(or tf.data.experimental.bucket_by_sequence_length before TF 2.6)')
_RESAMPLING = OnCall(
    'Resample with tf.data: tf.data.Dataset.rejection_resample, or '
    'tf.data.Dataset.sample_from_datasets over per-class datasets')
_STATE_SAVER = OnCall(
    'No TF 2 equivalent: split sequences with tf.data (Dataset.window / '
    'padded_batch) and carry RNN state across segments in your own loop')
_PS_PLACEMENT = OnCall(
    'Place variables with tf.compat.v1.train.replica_device_setter (round '
    'robin) or use tf.distribute.experimental.ParameterServerStrategy')
_FEEDING = OnCall(
    'Feed Python / NumPy data through tf.data.Dataset.from_tensor_slices or '
    'tf.data.Dataset.from_generator')

_RARE_CELL = OnCall(
    'not provided: write the cell as a subclass of '
    'tf.compat.v1.nn.rnn_cell.RNNCell (served by slimcompat; see '
    'docs/sequence_models.md), or use a Keras RNN layer in new code')
_CONV_LSTM = OnCall(
    "Keras' ConvLSTM1D / ConvLSTM2D / ConvLSTM3D layers, or a subclass of "
    'tf.compat.v1.nn.rnn_cell.RNNCell with tf.compat.v1.nn.conv2d in call')
_GRID_RNN = OnCall(
    'no TF 2 equivalent; compose tf.compat.v1.nn.rnn_cell cells (served by '
    'slimcompat) with tf.compat.v1.nn.dynamic_rnn')
_FUSED = OnCall(
    'tf.contrib.rnn.LSTMBlockFusedCell (served), or '
    'tf.compat.v1.nn.dynamic_rnn over a cell (tf.reverse_sequence for a '
    'time-reversed run)')

# The one table of legacy names.  Keys are dotted legacy names; an entry is a
# prefix for the modules below it and the longest matching key wins.  Values:
#   'slimcompat.x'  the module serving it (and, as a prefix, its submodules);
#   None            an empty package, only there so deeper paths import;
#   OnCall(hint)    a served name that raises NotImplementedError on call;
#   Refused(hint)   not served: ImportError / AttributeError naming the hint.
ALIASES = {
    # tf_slim and tf.contrib.slim: slimcompat itself.
    'tf_slim': 'slimcompat',
    'tensorflow.contrib': 'slimcompat.contrib',
    'tensorflow.contrib.slim': 'slimcompat',
    'tensorflow.contrib.slim.python': None,
    'tensorflow.contrib.slim.python.slim': 'slimcompat',
    # contrib.framework: slim's arg_scope, variables and graph helpers.
    'tensorflow.contrib.framework': 'slimcompat.contrib.framework',
    'tensorflow.contrib.framework.python': None,
    'tensorflow.contrib.framework.python.ops': 'slimcompat.contrib.framework',
    'tensorflow.contrib.framework.python.ops.arg_scope':
        'slimcompat.ops.arg_scope',
    'tensorflow.contrib.framework.python.ops.variables':
        'slimcompat.ops.variables',
    'tensorflow.contrib.framework.python.ops.ops': 'slimcompat.ops.framework_ops',
    'tensorflow.contrib.framework.python.ops.checkpoint_ops': Refused(
        'tf.compat.v1.train.warm_start'),
    'tensorflow.contrib.framework.python.ops.critical_section_ops': Refused(
        'tf.CriticalSection'),
    'tensorflow.contrib.framework.python.ops.prettyprint_ops': Refused(
        'tf.print'),
    'tensorflow.contrib.framework.python.ops.script_ops': Refused(
        'tf.py_function / tf.compat.v1.py_func'),
    'tensorflow.contrib.framework.python.ops.sort_ops': Refused(
        'tf.sort / tf.argsort'),
    'tensorflow.contrib.framework.python.framework': Refused(
        'tf.train.list_variables / tf.train.load_variable / '
        'tf.train.load_checkpoint (checkpoint_utils), tf.get_static_value '
        '(tensor_util)'),
    # contrib.layers: slim's layers, initializers, regularizers, optimizers...
    'tensorflow.contrib.layers': 'slimcompat.contrib.layers',
    'tensorflow.contrib.layers.python': None,
    'tensorflow.contrib.layers.python.layers':
        'slimcompat.contrib.layers_python',
    'tensorflow.contrib.layers.python.layers.layers':
        'slimcompat.contrib.layers_layers',
    'tensorflow.contrib.layers.python.layers.embedding_ops': Refused(
        'tf.nn.safe_embedding_lookup_sparse / tf.nn.embedding_lookup_sparse'),
    'tensorflow.contrib.layers.python.layers.encoders': Refused(
        'tf.nn.embedding_lookup followed by a reduction (bow_encoder)'),
    'tensorflow.contrib.layers.python.layers.feature_column': Refused(
        'tf.compat.v1.feature_column'),
    'tensorflow.contrib.layers.python.layers.feature_column_ops': Refused(
        'tf.compat.v1.feature_column.input_layer'),
    'tensorflow.contrib.layers.python.layers.target_column': Refused(
        'no TF 2 equivalent; write the head loss with tf.compat.v1.losses'),
    'tensorflow.contrib.layers.python.layers.initializers':
        'slimcompat.layers.initializers',
    'tensorflow.contrib.layers.python.layers.normalization':
        'slimcompat.layers.normalization',
    'tensorflow.contrib.layers.python.layers.optimizers':
        'slimcompat.layers.optimizers',
    'tensorflow.contrib.layers.python.layers.regularizers':
        'slimcompat.layers.regularizers',
    'tensorflow.contrib.layers.python.layers.rev_block_lib':
        'slimcompat.layers.rev_block_lib',
    'tensorflow.contrib.layers.python.layers.summaries':
        'slimcompat.layers.summaries',
    'tensorflow.contrib.layers.python.layers.utils': 'slimcompat.layers.utils',
    'tensorflow.contrib.layers.python.ops': None,
    'tensorflow.contrib.layers.python.ops.bucketization_op':
        'slimcompat.layers.bucketization_op',
    'tensorflow.contrib.layers.python.ops.sparse_ops':
        'slimcompat.layers.sparse_ops',
    # contrib.training: tf_slim.training's names plus HParams.
    'tensorflow.contrib.training': 'slimcompat.contrib.training',
    'tensorflow.contrib.training.python': None,
    'tensorflow.contrib.training.python.training': None,
    'tensorflow.contrib.training.python.training.hparam':
        'slimcompat.contrib.hparam',
    'tensorflow.contrib.training.python.training.training':
        'slimcompat.training.training',
    'tensorflow.contrib.training.python.training.evaluation':
        'slimcompat.training.evaluation',
    'tensorflow.contrib.training.FeedingQueueRunner': _FEEDING,
    'tensorflow.contrib.training.GreedyLoadBalancingStrategy': _PS_PLACEMENT,
    'tensorflow.contrib.training.NextQueuedSequenceBatch': _STATE_SAVER,
    'tensorflow.contrib.training.RandomStrategy': _PS_PLACEMENT,
    'tensorflow.contrib.training.SequenceQueueingStateSaver': _STATE_SAVER,
    'tensorflow.contrib.training.batch_sequences_with_states': _STATE_SAVER,
    'tensorflow.contrib.training.bucket': _BUCKETING,
    'tensorflow.contrib.training.bucket_by_sequence_length': _BUCKETING,
    'tensorflow.contrib.training.byte_size_load_fn': _PS_PLACEMENT,
    'tensorflow.contrib.training.rejection_sample': _RESAMPLING,
    'tensorflow.contrib.training.resample_at_rate': _RESAMPLING,
    'tensorflow.contrib.training.stratified_sample': _RESAMPLING,
    'tensorflow.contrib.training.weighted_resample': _RESAMPLING,
    # contrib.metrics / contrib.losses: slim.metrics and slim.losses, as in
    # TF 1.x where they were the same modules.
    'tensorflow.contrib.metrics': 'slimcompat.metrics',
    'tensorflow.contrib.metrics.python': None,
    'tensorflow.contrib.metrics.python.ops': None,
    'tensorflow.contrib.metrics.python.ops.metric_ops':
        'slimcompat.metrics.metric_ops',
    'tensorflow.contrib.metrics.python.ops.histogram_ops':
        'slimcompat.metrics.histogram_ops',
    'tensorflow.contrib.metrics.python.ops.set_ops':
        'slimcompat.contrib.set_ops',
    'tensorflow.contrib.metrics.python.metrics': None,
    'tensorflow.contrib.metrics.python.metrics.classification':
        'slimcompat.metrics.classification',
    'tensorflow.contrib.metrics.confusion_matrix': Refused(
        'tf.math.confusion_matrix'),
    'tensorflow.contrib.metrics.set_difference': Refused(
        'tf.sets.difference, or set_difference from '
        'tensorflow.contrib.metrics.python.ops.set_ops'),
    'tensorflow.contrib.metrics.set_intersection': Refused(
        'tf.sets.intersection, or set_intersection from '
        'tensorflow.contrib.metrics.python.ops.set_ops'),
    'tensorflow.contrib.metrics.set_size': Refused(
        'tf.sets.size, or set_size from '
        'tensorflow.contrib.metrics.python.ops.set_ops'),
    'tensorflow.contrib.metrics.set_union': Refused(
        'tf.sets.union, or set_union from '
        'tensorflow.contrib.metrics.python.ops.set_ops'),
    'tensorflow.contrib.losses': 'slimcompat.losses',
    'tensorflow.contrib.losses.python': None,
    'tensorflow.contrib.losses.python.losses': 'slimcompat.losses',
    'tensorflow.contrib.losses.python.metric_learning':
        'slimcompat.losses.metric_learning',
    'tensorflow.contrib.losses.python.metric_learning.metric_loss_ops':
        'slimcompat.losses.metric_learning',
    # contrib.quantize: importable; the graph rewrites raise when called.
    'tensorflow.contrib.quantize': 'slimcompat.contrib.quantize',
    'tensorflow.contrib.quantize.create_training_graph': _QUANTIZE,
    'tensorflow.contrib.quantize.create_eval_graph': _QUANTIZE,
    'tensorflow.contrib.quantize.experimental_create_training_graph':
        _QUANTIZE,
    'tensorflow.contrib.quantize.experimental_create_eval_graph': _QUANTIZE,
    # contrib.lookup: TF 1.x's vocabulary tables over tf.compat.v1.lookup.
    'tensorflow.contrib.lookup': 'slimcompat.contrib.lookup',
    'tensorflow.contrib.lookup.lookup_ops': 'slimcompat.contrib.lookup',
    # contrib.legacy_seq2seq: the TF 1.x decoders, seq2seq models and losses.
    'tensorflow.contrib.legacy_seq2seq': 'slimcompat.contrib.legacy_seq2seq',
    'tensorflow.contrib.legacy_seq2seq.python': None,
    'tensorflow.contrib.legacy_seq2seq.python.ops': None,
    'tensorflow.contrib.legacy_seq2seq.python.ops.seq2seq':
        'slimcompat.contrib.legacy_seq2seq',
    # contrib.rnn: TF 1.x's cells (slimcompat.rnn_cell), the block and
    # layer-norm cells, the wrappers legacy_seq2seq uses, stacked
    # bidirectional RNNs; the rarely used rest raises on call.
    'tensorflow.contrib.rnn': 'slimcompat.contrib.rnn',
    'tensorflow.contrib.rnn.python': None,
    'tensorflow.contrib.rnn.python.ops': None,
    'tensorflow.contrib.rnn.python.ops.core_rnn_cell': 'slimcompat.contrib.rnn',
    'tensorflow.contrib.rnn.python.ops.gru_ops': 'slimcompat.contrib.rnn',
    'tensorflow.contrib.rnn.python.ops.lstm_ops': 'slimcompat.contrib.rnn',
    'tensorflow.contrib.rnn.python.ops.rnn': 'slimcompat.contrib.rnn',
    'tensorflow.contrib.rnn.python.ops.rnn_cell': 'slimcompat.contrib.rnn',
    'tensorflow.contrib.rnn.BidirectionalGridLSTMCell': _GRID_RNN,
    'tensorflow.contrib.rnn.CompiledWrapper': OnCall(
        'drop the wrapper (it only asked XLA to compile the step), or use '
        'tf.function(jit_compile=True) in TF 2 code'),
    'tensorflow.contrib.rnn.Conv1DLSTMCell': _CONV_LSTM,
    'tensorflow.contrib.rnn.Conv2DLSTMCell': _CONV_LSTM,
    'tensorflow.contrib.rnn.Conv3DLSTMCell': _CONV_LSTM,
    'tensorflow.contrib.rnn.ConvLSTMCell': _CONV_LSTM,
    'tensorflow.contrib.rnn.CoupledInputForgetGateLSTMCell': _RARE_CELL,
    'tensorflow.contrib.rnn.FusedRNNCell': _FUSED,
    'tensorflow.contrib.rnn.FusedRNNCellAdaptor': _FUSED,
    'tensorflow.contrib.rnn.GLSTMCell': _RARE_CELL,
    'tensorflow.contrib.rnn.GridLSTMCell': _GRID_RNN,
    'tensorflow.contrib.rnn.HighwayWrapper': _RARE_CELL,
    'tensorflow.contrib.rnn.IndRNNCell': _RARE_CELL,
    'tensorflow.contrib.rnn.IndyGRUCell': _RARE_CELL,
    'tensorflow.contrib.rnn.IndyLSTMCell': _RARE_CELL,
    'tensorflow.contrib.rnn.IntersectionRNNCell': _RARE_CELL,
    'tensorflow.contrib.rnn.LSTMBlockWrapper': _FUSED,
    'tensorflow.contrib.rnn.LayerNormLSTMCell': OnCall(
        'tf.contrib.rnn.LayerNormBasicLSTMCell (served: layer-normalised '
        'LSTM without peepholes or projection)'),
    'tensorflow.contrib.rnn.NASCell': _RARE_CELL,
    'tensorflow.contrib.rnn.PhasedLSTMCell': _RARE_CELL,
    'tensorflow.contrib.rnn.SRUCell': _RARE_CELL,
    'tensorflow.contrib.rnn.TimeFreqLSTMCell': _GRID_RNN,
    'tensorflow.contrib.rnn.TimeReversedFusedRNN': _FUSED,
    'tensorflow.contrib.rnn.UGRNNCell': _RARE_CELL,
    # contrib.tfprof: ProfileContext and the model analyzer.
    'tensorflow.contrib.tfprof': 'slimcompat.contrib.tfprof',
    # Every other tf.contrib module: refused, naming what to use instead.
    'tensorflow.contrib.autograph': Refused('tf.autograph'),
    'tensorflow.contrib.batching': Refused('tf.nondifferentiable_batch_function'),
    'tensorflow.contrib.bayesflow': Refused('TensorFlow Probability (tfp)'),
    'tensorflow.contrib.bigtable': Refused('TensorFlow I/O (tensorflow_io)'),
    'tensorflow.contrib.boosted_trees': Refused(
        'TensorFlow Decision Forests (tensorflow_decision_forests)'),
    'tensorflow.contrib.checkpoint': Refused(
        'tf.train.Checkpoint / tf.train.CheckpointManager'),
    'tensorflow.contrib.cloud': Refused(
        'tf.io.gfile (gs:// paths) or TensorFlow I/O (BigQuery)'),
    'tensorflow.contrib.cluster_resolver': Refused(
        'tf.distribute.cluster_resolver'),
    'tensorflow.contrib.compiler': Refused(
        'tf.function(jit_compile=True) (XLA)'),
    'tensorflow.contrib.constrained_optimization': Refused(
        'TensorFlow Constrained Optimization (tensorflow_constrained_'
        'optimization)'),
    'tensorflow.contrib.copy_graph': Refused(
        'rebuild the graph, or tf.compat.v1.train.export_meta_graph / '
        'import_meta_graph'),
    'tensorflow.contrib.crf': Refused(
        'TensorFlow Addons tfa.text.crf_log_likelihood / crf_decode'),
    'tensorflow.contrib.cudnn_rnn': Refused(
        'the TF 1.x cells slimcompat serves without Keras '
        '(tf.compat.v1.nn.rnn_cell.LSTMCell / GRUCell, '
        'tf.contrib.rnn.LSTMBlockFusedCell) with tf.compat.v1.nn.dynamic_rnn '
        '(cuDNN checkpoints hold opaque parameters: retrain or convert '
        'them); for new code, Keras 3 LSTM / GRU layers, which pick cuDNN '
        'kernels on GPU'),
    'tensorflow.contrib.data': Refused('tf.data / tf.data.experimental'),
    'tensorflow.contrib.deprecated': Refused('tf.compat.v1.summary'),
    'tensorflow.contrib.distribute': Refused('tf.distribute'),
    'tensorflow.contrib.distributions': Refused(
        'TensorFlow Probability (tfp.distributions)'),
    'tensorflow.contrib.eager': Refused(
        'TF 2 eager execution: tf.function, tf.GradientTape, tf.Variable'),
    'tensorflow.contrib.estimator': Refused(
        'tf.compat.v1.estimator up to TF 2.15 (removed in 2.16); or a '
        'tf.compat.v1 training loop such as slimcompat.learning.train'),
    'tensorflow.contrib.factorization': Refused(
        'no TF 2 equivalent (k-means / WALS were removed); scikit-learn or a '
        'hand-written tf.compat.v1 graph'),
    'tensorflow.contrib.feature_column': Refused('tf.compat.v1.feature_column'),
    'tensorflow.contrib.ffmpeg': Refused(
        'tf.audio.decode_wav or TensorFlow I/O (tensorflow_io)'),
    'tensorflow.contrib.gan': Refused('TF-GAN (tensorflow_gan)'),
    'tensorflow.contrib.graph_editor': Refused(
        'no TF 2 equivalent (graph surgery is not public API); rebuild the '
        'graph, or use tf.compat.v1.graph_util for freezing'),
    'tensorflow.contrib.grid_rnn': Refused(
        'no TF 2 equivalent; compose tf.compat.v1.nn.rnn_cell cells'),
    'tensorflow.contrib.image': Refused(
        'tf.image (transform / rotate / connected_components moved to '
        'TensorFlow Addons tfa.image)'),
    'tensorflow.contrib.input_pipeline': Refused('tf.data'),
    'tensorflow.contrib.integrate': Refused(
        'TensorFlow Probability tfp.math.ode'),
    'tensorflow.contrib.keras': Refused('the keras package'),
    'tensorflow.contrib.kernel_methods': Refused(
        "Keras' RandomFourierFeatures layer"),
    'tensorflow.contrib.labeled_tensor': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.learn': Refused(
        'removed without successor: tf.data for input, tf.compat.v1.train / '
        'slimcompat.learning.train for training, tf.saved_model for export'),
    'tensorflow.contrib.linear_optimizer': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.memory_stats': Refused(
        'tf.config.experimental.get_memory_info'),
    'tensorflow.contrib.mixed_precision': Refused(
        'tf.compat.v1.mixed_precision'),
    'tensorflow.contrib.model_pruning': Refused(
        'TensorFlow Model Optimization (tfmot.sparsity)'),
    'tensorflow.contrib.nccl': Refused(
        'tf.distribute.MirroredStrategy (NCCL all-reduce)'),
    'tensorflow.contrib.nn': Refused('tf.nn (tf.compat.v1.nn)'),
    'tensorflow.contrib.opt': Refused(
        'the tf.compat.v1.train optimizers (Adam, Momentum, RMSProp...); '
        'AdamW / LazyAdam / MovingAverage in TensorFlow Addons or Keras '
        'optimizers; tf.compat.v1.train.ExponentialMovingAverage'),
    'tensorflow.contrib.optimizer_v2': Refused(
        'the tf.compat.v1.train optimizers or Keras optimizers'),
    'tensorflow.contrib.periodic_resample': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.predictor': Refused(
        'tf.saved_model.load (or tf.compat.v1.saved_model.load into a '
        'Session)'),
    'tensorflow.contrib.proto': Refused(
        'tf.io.decode_proto / tf.io.encode_proto'),
    'tensorflow.contrib.quantization': Refused('tf.quantization'),
    'tensorflow.contrib.rate': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.receptive_field': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.recurrent': Refused(
        'tf.compat.v1.nn.dynamic_rnn or Keras RNN layers'),
    'tensorflow.contrib.reduce_slice_ops': Refused(
        'tf.math.segment_sum / tf.math.unsorted_segment_sum'),
    'tensorflow.contrib.remote_fused_graph': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.resampler': Refused(
        'TensorFlow Addons tfa.image.resampler'),
    'tensorflow.contrib.rpc': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.saved_model': Refused(
        'tf.saved_model / tf.compat.v1.saved_model'),
    'tensorflow.contrib.seq2seq': Refused(
        'tf.contrib.legacy_seq2seq (served: attention_decoder, '
        'embedding_attention_seq2seq, sequence_loss...) or a decoding loop '
        '(tf.compat.v1.nn.dynamic_rnn / raw_rnn) over the TF 1.x cells '
        'slimcompat serves without Keras (tf.compat.v1.nn.rnn_cell, '
        'tf.contrib.rnn); for new code, Keras 3 RNN layers'),
    'tensorflow.contrib.session_bundle': Refused('tf.saved_model'),
    'tensorflow.contrib.signal': Refused('tf.signal'),
    'tensorflow.contrib.solvers': Refused('tf.linalg'),
    'tensorflow.contrib.sparsemax': Refused(
        'TensorFlow Addons tfa.activations.sparsemax'),
    'tensorflow.contrib.specs': Refused('no TF 2 equivalent'),
    'tensorflow.contrib.staging': Refused('tf.data.Dataset.prefetch'),
    'tensorflow.contrib.stat_summarizer': Refused('tf.compat.v1.profiler'),
    'tensorflow.contrib.stateless': Refused(
        'tf.random.stateless_uniform / stateless_normal'),
    'tensorflow.contrib.summary': Refused(
        'tf.summary (TF 2) or tf.compat.v1.summary'),
    'tensorflow.contrib.tensor_forest': Refused(
        'TensorFlow Decision Forests (tensorflow_decision_forests)'),
    'tensorflow.contrib.tensorboard': Refused(
        'the tensorboard package (tensorboard.plugins.projector)'),
    'tensorflow.contrib.tensorrt': Refused(
        'tf.experimental.tensorrt.Converter (TF-TRT)'),
    'tensorflow.contrib.testing': Refused('tf.test'),
    'tensorflow.contrib.text': Refused('TensorFlow Text (tensorflow_text)'),
    'tensorflow.contrib.timeseries': Refused(
        'TensorFlow Probability structural time series (tfp.sts)'),
    'tensorflow.contrib.tpu': Refused(
        'tf.compat.v1.tpu / tf.distribute.TPUStrategy'),
    'tensorflow.contrib.util': Refused(
        'tf.make_ndarray / tf.make_tensor_proto / tf.get_static_value'),
}

NO_MODULE = object()


def entry_of(fullname):
  """(key, value) of the longest `ALIASES` key that is `fullname` or a
  package above it; (None, None) when no key matches."""
  best = None
  name = fullname
  while True:
    if name in ALIASES:
      best = name
      break
    name, dot, _ = name.rpartition('.')
    if not dot:
      return None, None
  return best, ALIASES[best]


def target_of(fullname):
  """The module serving `fullname`, None for an empty package, or NO_MODULE
  (not served as a module: unknown, refused, or a name served on call)."""
  key, target = entry_of(fullname)
  if key is None or isinstance(target, (Refused, OnCall)):
    return NO_MODULE
  if fullname == key:
    return target
  if target is None:
    return NO_MODULE
  return target + fullname[len(key):]


class _AliasLoader(importlib.abc.Loader):
  """Hands out the slimcompat module (or an empty package) under a legacy name."""

  def __init__(self, target):
    self._target = target
    self._own_spec = None

  def create_module(self, spec):
    if self._target is None:
      module = types.ModuleType(spec.name)
      module.__path__ = []
      return module
    module = importlib.import_module(self._target)
    self._own_spec = module.__spec__
    return module

  def exec_module(self, module):
    # The import system stamped the legacy spec onto the module; a real
    # slimcompat module gets its own spec back so that reloads keep working.
    if self._target is not None:
      module.__spec__ = self._own_spec


_CONTRIB_PACKAGE = 'slimcompat.contrib.'


class _AliasFinder(importlib.abc.MetaPathFinder):
  """Serves the names of `ALIASES`; refuses other ``tensorflow.contrib`` ones."""

  def find_spec(self, fullname, path=None, target=None):
    del target
    if fullname.startswith(_CONTRIB_PACKAGE):
      # ``from tensorflow.contrib import rnn`` asks for slimcompat.contrib.rnn.
      return self._contrib_submodule(fullname, path)
    key, entry = entry_of(fullname)
    if isinstance(entry, Refused):
      raise refused_error(key, entry.hint)
    real = target_of(fullname)
    if real is NO_MODULE and not fullname.startswith('tensorflow.contrib.'):
      return None
    if real is NO_MODULE or (real is not None and
                              importlib.util.find_spec(real) is None):
      parent, _, name = fullname.rpartition('.')
      raise missing_name_error(parent, name, ModuleNotFoundError)
    return importlib.util.spec_from_loader(fullname, _AliasLoader(real),
                                           is_package=True)

  @staticmethod
  def _contrib_submodule(fullname, path):
    """``from tensorflow.contrib[.x.y] import z`` asks for the serving
    module's ``z`` (``slimcompat.contrib.z``...): a refused legacy ``z``
    raises its hinted error here, or Python would swallow it."""
    parent, _, name = fullname.rpartition('.')
    if name.startswith('_'):
      return None
    for key, served in ALIASES.items():
      if served == parent:
        legacy_key, entry = entry_of(key + '.' + name)
        if isinstance(entry, Refused):
          raise refused_error(legacy_key, entry.hint)
    if parent + '.' != _CONTRIB_PACKAGE:
      return None
    legacy = 'tensorflow.contrib.' + name
    if legacy in ALIASES or importlib.machinery.PathFinder.find_spec(
        fullname, path) is not None:
      return None
    raise missing_name_error('tensorflow.contrib', name, ModuleNotFoundError)


_FINDER = _AliasFinder()


def _tensorflow_modules():
  from slimcompat import _compat
  return [_compat.tf2, _compat.tf]


def install():
  """Serves ``tf_slim``, the ``tensorflow.contrib`` names of `ALIASES` and
  ``tf.contrib`` from slimcompat, and, where TensorFlow's own cannot run
  (Keras 3 without tf_keras), the TF1 layers and rnn_cell modules and
  ``tf.compat.v1.keras.utils.track_tf1_style_variables`` (see the ``_serve``
  modules of `slimcompat.v1_layers` and `slimcompat._bridge`).  Calling it
  again changes nothing."""
  if _FINDER not in sys.meta_path:
    sys.meta_path.insert(0, _FINDER)
  contrib = importlib.import_module('slimcompat.contrib')
  for module in _tensorflow_modules():
    setattr(module, 'contrib', contrib)
  importlib.import_module('slimcompat.v1_layers._serve').serve()
  importlib.import_module('slimcompat.rnn_cell._serve').serve()
  importlib.import_module('slimcompat._bridge._serve').serve()


def uninstall():
  """Stops serving legacy names and forgets the aliases already imported."""
  while _FINDER in sys.meta_path:
    sys.meta_path.remove(_FINDER)
  for name in list(sys.modules):
    if target_of(name) is not NO_MODULE:
      del sys.modules[name]
  for module in _tensorflow_modules():
    if 'contrib' in vars(module):
      delattr(module, 'contrib')
  if 'slimcompat.v1_layers._serve' in sys.modules:
    sys.modules['slimcompat.v1_layers._serve'].unserve()
  if 'slimcompat.rnn_cell._serve' in sys.modules:
    sys.modules['slimcompat.rnn_cell._serve'].unserve()
  importlib.import_module('slimcompat._bridge._serve').unserve()


def installed():
  """True while `install()` is in force."""
  return _FINDER in sys.meta_path
