"""Every network of slimcompat.nets, bridged, against its graph-mode build:
variables created once (first built inside a tf.function, retraced with
another batch size, then called eagerly), names / shapes / dtypes /
trainable equal in creation order, the TF1 checkpoint of that build loads by
name, and outputs and regularization losses then equal graph mode's.

One net of each family also trains a few steps from that checkpoint, once
eagerly in a module first built eagerly and once in a `tf.function`: the
loss goes down and the two runs agree, losses and variables alike."""

import importlib
import inspect
import tempfile

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf, tf2
from tests.bridge import _harness

# name -> (module, arg_scope function, image size).  The sizes are the
# smallest each architecture accepts: fc6 is a VALID convolution as wide as
# the last feature map (alexnet 5x5, overfeat 6x6, vgg 7x7), inception_v1's
# final average pool is a fixed VALID 7x7, inception_v3's auxiliary head
# pools 'Mixed_6e' with a VALID 5x5; the others shrink their pools.
NETS = {
    'alexnet_v2': ('alexnet', 'alexnet_v2_arg_scope', 195),
    'overfeat': ('overfeat', 'overfeat_arg_scope', 231),
    'vgg_a': ('vgg', 'vgg_arg_scope', 224),
    'vgg_16': ('vgg', 'vgg_arg_scope', 224),
    'vgg_19': ('vgg', 'vgg_arg_scope', 224),
    'inception_v1': ('inception', 'inception_v1_arg_scope', 193),
    'inception_v2': ('inception', 'inception_v2_arg_scope', 64),
    'inception_v3': ('inception', 'inception_v3_arg_scope', 107),
    'resnet_v1_50': ('resnet_v1', 'resnet_arg_scope', 32),
    'resnet_v1_101': ('resnet_v1', 'resnet_arg_scope', 32),
    'resnet_v1_152': ('resnet_v1', 'resnet_arg_scope', 32),
    'resnet_v1_200': ('resnet_v1', 'resnet_arg_scope', 32),
    'resnet_v2_50': ('resnet_v2', 'resnet_arg_scope', 32),
    'resnet_v2_101': ('resnet_v2', 'resnet_arg_scope', 32),
    'resnet_v2_152': ('resnet_v2', 'resnet_arg_scope', 32),
    'resnet_v2_200': ('resnet_v2', 'resnet_arg_scope', 32),
}
NUM_CLASSES = 3
# The net of each family that also trains, with its (image size, batch).
# alexnet_v2, overfeat and the vggs are one family: `nets/_common.py` builds
# all three from their tables of layers (alexnet_v2 is the lightest: 50 M
# parameters against 141 M for overfeat).  Batch norm trains on the batch's
# statistics: at 32x32 ResNet's last blocks are 1x1, two values per channel
# at batch 2, and gradients blow up (norm ~1e12); 64x64 at batch 4 trains
# smoothly.
TRAINED = {
    'alexnet_v2': (195, 2),
    'inception_v2': (64, 4),
    'resnet_v1_50': (64, 4),
    'resnet_v2_50': (64, 4),
}
TRAINING_STEPS = 3
LEARNING_RATE = 1e-4


def model_fn_of(name):
  module_name, arg_scope_name, _ = NETS[name]
  module = importlib.import_module('slimcompat.nets.' + module_name)
  network = getattr(module, name)
  arg_scope = getattr(module, arg_scope_name)
  # No dropout while training either: an eager run and a tf.function would
  # draw different masks.  It has no variables, so the build is the same.
  options = ({'dropout_keep_prob': 1.0} if 'dropout_keep_prob' in
             inspect.signature(network).parameters else {})

  def model_fn(images, training=False):
    with slimcompat.arg_scope(arg_scope()):
      return network(images, NUM_CLASSES, is_training=training, **options)

  return model_fn


def images_for(name, batch=2, size=None):
  size = size or NETS[name][2]
  return np.random.RandomState(1).rand(batch, size, size, 3).astype(
      np.float32)


@pytest.mark.parametrize('name', sorted(NETS))
def test_net_matches_graph_mode(name):
  model_fn = model_fn_of(name)
  images = images_for(name)
  # Not tmp_path: pytest keeps those, and these checkpoints weigh up to
  # 0.6 GB each.
  with tempfile.TemporaryDirectory() as directory:
    reference = _harness.graph_build(model_fn, images, directory)

    module = slimcompat.SlimModule(model_fn, name=name)
    traced = tf2.function(module)
    with _harness.count_creations() as created:
      traced(images[:1])   # first built inside the function
      traced(images)       # retraced for another batch size
      report = slimcompat.load_tf1_checkpoint(module, reference.checkpoint)
      eager = _harness.first(module(images)).numpy()   # and called eagerly
      losses = [loss.numpy() for loss in module.losses]
      compiled = _harness.first(traced(images)).numpy()
    assert created[0] == len(reference.variables)
    assert _harness.bridged_description(module) == reference.variables
    assert [v.name for v in module.variables] == [
        v.name for v in module.variables_by_name.values()]
    assert (report.missing, report.unexpected, report.mismatched) == (
        [], [], [])
    # Deep ResNets in inference mode, with random weights and statistics
    # that do not normalize, give logits up to 1e10 (ResNet-200): 1e-5 is
    # then taken of the logits' scale (float32 sums over 200 layers differ
    # in the 5th digit).
    scale = max(1.0, np.abs(reference.outputs).max())
    for outputs in (eager, compiled):
      np.testing.assert_allclose(outputs, reference.outputs, rtol=1e-5,
                                 atol=1e-5 * scale)
    assert len(losses) == len(reference.losses) > 0
    np.testing.assert_allclose(sorted(losses), sorted(reference.losses),
                               rtol=1e-5)
    if name in TRAINED:
      _check_training(name, model_fn, module, reference)


def _train(module, images, labels, compiled):
  """Losses of TRAINING_STEPS plain SGD steps (cross entropy plus the
  module's regularization losses), eagerly or in a tf.function."""
  optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE)

  def step():
    with tf2.GradientTape() as tape:
      logits = _harness.first(module(images, training=True))
      loss = tf2.reduce_mean(tf2.nn.softmax_cross_entropy_with_logits(
          labels, logits)) + tf2.add_n(module.losses)
    variables = module.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return loss

  run = tf2.function(step) if compiled else step
  return [float(run()) for _ in range(TRAINING_STEPS)]


def _check_training(name, model_fn, module, reference):
  size, batch = TRAINED[name]
  images = images_for(name, batch, size)
  labels = np.eye(NUM_CLASSES, dtype=np.float32)[
      np.arange(len(images)) % NUM_CLASSES]
  fresh = slimcompat.SlimModule(model_fn, name=name)
  with _harness.count_creations() as created:
    fresh(images, training=True)   # first built eagerly, training
  assert created[0] == len(reference.variables)
  assert _harness.bridged_description(fresh) == reference.variables
  slimcompat.load_tf1_checkpoint(fresh, reference.checkpoint)
  eager = _train(fresh, images, labels, compiled=False)

  slimcompat.load_tf1_checkpoint(module, reference.checkpoint)
  with _harness.count_creations() as created:
    traced = _train(module, images, labels, compiled=True)
  assert created[0] == 0
  assert eager[-1] < eager[0], eager
  # Batch statistics of a few values per channel make the steps sensitive:
  # rounding differences reach 1.2e-4 of the loss by the third (TF 2.12).
  np.testing.assert_allclose(traced, eager, rtol=1e-3)
  # What each variable moved by (weights by SGD, moving statistics by their
  # updates) agrees to 25% of that move, so a variable one run left alone
  # would show (100%).  (oneDNN's rounding put resnet_v2_50's conv1 at 10.5%
  # on TF 2.12.)  Below 1e-4 of the largest move a move is rounding noise
  # (a bias followed by batch norm has a zero gradient); every moving
  # statistic moves more.
  reader = tf2.train.load_checkpoint(reference.checkpoint)
  moves = []   # (name, largest eager move, largest difference of the moves)
  for (key, one), other in zip(fresh.variables_by_name.items(),
                               module.variables):
    start = reader.get_tensor(key)
    eager_move = one.numpy() - start
    moves.append((key, np.abs(eager_move).max(),
                  np.abs(other.numpy() - start - eager_move).max()))
  noise = 1e-4 * max(largest for _, largest, _ in moves)
  assert [key for key, largest, _ in moves if largest <= noise and
          key.endswith(('moving_mean', 'moving_variance'))] == []
  assert [(key, largest, difference) for key, largest, difference in moves
          if difference > max(0.25 * largest, noise)] == []
