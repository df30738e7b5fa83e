"""The bench's raw tf.compat.v1 builders make the same variables as slimcompat.

`bench/raw_builders.py` is the physical limit the bench compares graph build
times against; the limit is only honest if it builds the same model. Each raw
builder and slimcompat's network (under its training arg_scope) are built in
fresh graphs and compared: variable names, shapes, the collections each
variable is in (trainable, model, moving_vars ...), and how many regularization losses and update ops
each adds.
"""

import importlib

import pytest

import slimcompat
from bench import raw_builders
from slimcompat._compat import tf

# net -> (module in slimcompat.nets, arg_scope function, image size)
_NETS = {
    'resnet_v1_50': ('resnet_v1', 'resnet_arg_scope', 224),
    'resnet_v1_152': ('resnet_v1', 'resnet_arg_scope', 224),
    'vgg_16': ('vgg', 'vgg_arg_scope', 224),
    'inception_v3': ('inception_v3', 'inception_v3_arg_scope', 299),
}


def _facts(build, size):
  graph = tf.Graph()
  with graph.as_default():
    images = tf.placeholder(tf.float32, [2, size, size, 3])
    logits = build(images)
    keys = graph.get_all_collection_keys()

    def member_of(var):
      return tuple(sorted(k for k in keys if any(
          item is var for item in graph.get_collection(k))))

    variables = [(v.op.name, tuple(v.shape.as_list()), member_of(v))
                 for v in tf.global_variables()]
    return {
        'variables': sorted(variables),
        'logits': tuple(logits.shape.as_list()),
        'regularization_losses': len(
            tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
        'update_ops': len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
    }


def test_every_raw_builder_is_checked():
  assert set(raw_builders.BUILDERS) == set(_NETS)


@pytest.mark.parametrize('net', sorted(_NETS))
def test_raw_builder_matches_slimcompat(net):
  module_name, scope_name, size = _NETS[net]
  module = importlib.import_module('slimcompat.nets.' + module_name)

  def slim_build(images):
    with slimcompat.arg_scope(getattr(module, scope_name)()):
      logits, _ = getattr(module, net)(images, 1000, is_training=True)
    return logits

  ours = _facts(slim_build, size)
  raw = _facts(lambda images: raw_builders.BUILDERS[net](images, 1000), size)
  assert ours['variables'], 'slimcompat built no variables'
  assert raw == ours
