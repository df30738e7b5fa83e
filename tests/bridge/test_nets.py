"""Every network of slimcompat.nets, bridged: variables created once (first
built inside a tf.function, retraced with another batch size, then called
eagerly), names / shapes / dtypes / trainable equal to the graph-mode build
in creation order, the TF1 checkpoint of that build loads by name, and
outputs and regularization losses then equal graph mode's."""

import importlib

import numpy as np
import pytest

import slimcompat
from slimcompat._compat import tf2
from tests.bridge import _harness

# name -> (module, arg_scope function, image size); the sizes are the
# smallest each architecture accepts (fixed-size pools / VALID fc layers
# keep alexnet, overfeat, vgg and inception_v1 at their usual sizes).
NETS = {
    'alexnet_v2': ('alexnet', 'alexnet_v2_arg_scope', 224),
    'overfeat': ('overfeat', 'overfeat_arg_scope', 231),
    'vgg_a': ('vgg', 'vgg_arg_scope', 224),
    'vgg_16': ('vgg', 'vgg_arg_scope', 224),
    'vgg_19': ('vgg', 'vgg_arg_scope', 224),
    'inception_v1': ('inception', 'inception_v1_arg_scope', 224),
    'inception_v2': ('inception', 'inception_v2_arg_scope', 64),
    'inception_v3': ('inception', 'inception_v3_arg_scope', 160),
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


def model_fn_of(name):
  module_name, arg_scope_name, _ = NETS[name]
  module = importlib.import_module('slimcompat.nets.' + module_name)
  network = getattr(module, name)
  arg_scope = getattr(module, arg_scope_name)

  def model_fn(images, training=False):
    with slimcompat.arg_scope(arg_scope()):
      return network(images, NUM_CLASSES, is_training=training)

  return model_fn


# Run in full (checkpoint, outputs, losses, tf.function) for a few nets that
# cover every layer the others use; all nets are checked on variables and
# losses (eagerly), to keep the test run short.
FULL = ['inception_v2', 'resnet_v1_50', 'resnet_v2_50']


def images_for(name, batch=2):
  size = NETS[name][2]
  return np.random.RandomState(1).rand(batch, size, size, 3).astype(
      np.float32)


@pytest.mark.parametrize('name', sorted(NETS))
def test_net_variables_created_once_with_graph_mode_names(name):
  model_fn = model_fn_of(name)
  images = images_for(name, batch=1)
  expected, loss_count = _harness.graph_variables(model_fn, images)
  module = slimcompat.SlimModule(model_fn, name=name)
  with _harness.count_creations() as created:
    module(images)
    module(images)
  assert created[0] == len(expected)
  assert _harness.bridged_description(module) == expected
  assert len(module.losses) == loss_count > 0


@pytest.mark.parametrize('name', FULL)
def test_net_outputs_equal_graph_mode_after_tf1_checkpoint(name, tmp_path):
  model_fn = model_fn_of(name)
  images = images_for(name)
  reference = _harness.graph_build(model_fn, images, str(tmp_path))

  module = slimcompat.SlimModule(model_fn, name=name)
  traced = tf2.function(module)
  with _harness.count_creations() as created:
    traced(images[:1])   # first built inside the function
    traced(images)       # retraced for another batch size
    module(images)       # and called eagerly
  assert created[0] == len(reference.variables)
  assert _harness.bridged_description(module) == reference.variables
  assert [v.name for v in module.variables] == [
      v.name for v in module.variables_by_name.values()]

  report = slimcompat.load_tf1_checkpoint(module, reference.checkpoint)
  assert (report.missing, report.unexpected, report.mismatched) == ([], [], [])
  eager = _harness.first(module(images))
  losses = [loss.numpy() for loss in module.losses]
  np.testing.assert_allclose(eager.numpy(), reference.outputs, rtol=1e-5,
                             atol=1e-5)
  np.testing.assert_allclose(_harness.first(traced(images)).numpy(),
                             reference.outputs, rtol=1e-5, atol=1e-5)
  assert len(losses) == len(reference.losses) > 0
  np.testing.assert_allclose(sorted(losses), sorted(reference.losses),
                             rtol=1e-5)
