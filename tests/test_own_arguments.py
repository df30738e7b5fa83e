"""Functions that forward `own_arguments(locals())` work inside a tf.function.

Inside a `tf.function`, autograph converts the slim functions a traced
function calls, and a converted function's `locals()` holds autograph's own
names too (a plain `**locals()` then passes `fscope=...` on, or shifts a
positional forwarding by four).  Unit tests for `slimcompat._own_arguments`:
every `locals()` in the package goes through it, it gives a converted
function's parameters exactly, and a few public functions of each kind that
forward their arguments build inside a tf.function as they do in a graph.
"""

import ast
import os

import pytest

import slimcompat as slim
from slimcompat import v1_layers
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat._own_arguments import own_arguments
from slimcompat.nets import resnet_v1

PACKAGE = os.path.dirname(os.path.abspath(slim.__file__))


def _locals_calls():
  """(file, line, wrapped) for every `locals()` call in the package."""
  found = []
  for root, _, files in os.walk(PACKAGE):
    for name in files:
      if not name.endswith('.py'):
        continue
      path = os.path.join(root, name)
      with open(path) as source:
        tree = ast.parse(source.read())
      wrapped = set()
      for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and
            node.func.id in ('own_arguments', '_own_arguments')):
          wrapped.update(id(arg) for arg in node.args)
      for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and
            node.func.id == 'locals'):
          found.append((os.path.relpath(path, PACKAGE), node.lineno,
                        id(node) in wrapped))
  return found


def test_every_locals_call_goes_through_own_arguments():
  calls = _locals_calls()
  assert len(calls) > 50   # the forwarding public functions exist
  assert [c[:2] for c in calls if not c[2]] == []


def _forwarder(inputs, num_outputs, kernel_size=3, *, scope=None):
  return own_arguments(locals())


def test_converted_function_gives_its_parameters_in_order():
  plain = _forwarder('x', 4, scope='s')
  seen = {}

  @tf2.function
  def traced():
    seen['converted'] = _forwarder('x', 4, scope='s')
    return tf2.constant(0)

  traced()
  assert list(plain) == ['inputs', 'num_outputs', 'kernel_size', 'scope']
  assert seen['converted'] == plain


def _plain_and_converted(build, *shapes):
  """The output shapes of `build` run as written and run converted by
  autograph (recursively, as inside a tf.function), each in a fresh graph."""
  shapes_out = []
  for fn in (build, tf2.autograph.to_graph(build, recursive=True)):
    with tf.Graph().as_default():
      out = fn(*[tf.placeholder(tf.float32, s) for s in shapes])
      shapes_out.append(out.shape.as_list())
  return shapes_out


BUILDS = {
    'conv2d': lambda x: slim.conv2d(x, 4, 3, scope='c'),
    'conv1d': lambda x: slim.conv1d(tf.reshape(x, [2, 64, 3]), 4, 3),
    'max_pool2d': lambda x: slim.max_pool2d(x, 2),
    'avg_pool3d': lambda x: slim.avg_pool3d(tf.reshape(x, [2, 4, 4, 4, 3]),
                                            2),
    'conv2d_transpose': lambda x: slim.conv2d_transpose(x, 4, 3, stride=2),
    'v1 conv2d': lambda x: v1_layers.conv2d(x, 4, 3, name='v1c'),
    'v1 dense': lambda x: v1_layers.dense(tf.reshape(x, [2, -1]), 5),
    'v1 max_pooling2d': lambda x: v1_layers.max_pooling2d(x, 2, 2),
    'v1 dropout': lambda x: v1_layers.dropout(x, 0.5, training=True),
    'resnet_v1_50': lambda x: resnet_v1.resnet_v1_50(x, 3)[0],
}


@pytest.mark.parametrize('name', sorted(BUILDS))
def test_forwarding_layers_build_when_converted(name):
  shape = [2, 8, 8, 3] if name != 'resnet_v1_50' else [1, 32, 32, 3]
  plain, converted = _plain_and_converted(BUILDS[name], shape)
  assert converted == plain


def test_forwarding_metric_builds_when_converted():
  def build(predictions, labels):
    return slim.metrics.streaming_mean_squared_error(predictions, labels)[0]

  shapes = [[3], [3]]
  plain, converted = _plain_and_converted(build, *shapes)
  assert converted == plain == []
