"""The conv family takes its sizes as every type tf-slim 1.1.0 takes them.

Legacy networks compute output depths from shapes: ``net.get_shape()[3]`` is
a TF1 `Dimension` under v1 shape behaviour (what ``slimcompat run --tf1``
sets) and an int under v2; NumPy code hands over ``np.int64``.  Each
conv-family function is built from such sizes with slimcompat and with the
reference, under both shape behaviours, and must give the same variables
(names, shapes, dtypes, collections) and output.  `fully_connected` refuses
a `Dimension` in both (ValueError), and a 0-d tensor `num_outputs` is
refused by both alike.  The unit twin is tests/test_argcheck.py.
"""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat._compat import tf2
from tests.parity import harness

# function -> (input shape, extra positional arguments after kernel_size)
CONV_FAMILY = {
    'conv2d': ([2, 6, 6, 16], ()),
    'convolution': ([2, 6, 6, 16], ()),
    'convolution2d': ([2, 6, 6, 16], ()),
    'conv1d': ([2, 6, 16], ()),
    'conv3d': ([2, 4, 4, 4, 16], ()),
    'conv2d_transpose': ([2, 6, 6, 16], ()),
    'convolution2d_transpose': ([2, 6, 6, 16], ()),
    'conv3d_transpose': ([2, 4, 4, 4, 16], ()),
    'separable_conv2d': ([2, 6, 6, 16], (1,)),
    'separable_convolution2d': ([2, 6, 6, 16], (1,)),
}

# How a size reaches the layer: from the input's shape (a Dimension under
# v1 shape behaviour), or as NumPy scalars and a 0-d NumPy array.
SIZE_KINDS = {
    'get_shape()[-1]': lambda net, n: net.get_shape()[-1],
    'Dimension': lambda net, n: tf.Dimension(n),
    'np.int64': lambda net, n: np.int64(n),
    'np.int32': lambda net, n: np.int32(n),
    'np.array(n)': lambda net, n: np.array(n),
}


@pytest.fixture(params=['v2_shapes', 'v1_shapes'])
def shape_behaviour(request):
  with harness.shape_behaviour(v1=request.param == 'v1_shapes'):
    yield request.param


def _builder(function, kind):
  shape, extra = CONV_FAMILY[function]

  def build(slim):
    net = tf.placeholder(tf.float32, shape, name='net')
    size = SIZE_KINDS[kind](net, shape[-1])
    kernel = [np.int64(1)] * (len(shape) - 2)
    return getattr(slim, function)(net, size, kernel, *extra, scope='block')

  return build


@pytest.mark.parametrize('function', sorted(CONV_FAMILY))
def test_conv_family_takes_computed_sizes(function, shape_behaviour):  # pylint: disable=redefined-outer-name
  for kind in SIZE_KINDS:
    ours, theirs = harness.build_both(_builder(function, kind))
    assert ours.variables == theirs.variables, (function, kind,
                                                shape_behaviour)
    assert ours.variables, (function, kind)
    assert ours.result.name == theirs.result.name
    assert ours.result.shape.as_list() == theirs.result.shape.as_list()
    assert ours.result.shape.as_list()[-1] == CONV_FAMILY[function][0][-1]


def test_the_issue_snippet_under_v1_shapes(shape_behaviour):  # pylint: disable=redefined-outer-name
  def build(slim):
    x = tf.placeholder(tf.float32, [None, 8, 8, 16])
    return slim.conv2d(x, x.get_shape()[3], 1)

  ours, theirs = harness.build_both(build)
  assert set(ours.variables) == {'Conv/weights', 'Conv/biases'}
  assert ours.variables == theirs.variables
  assert ours.result.name == theirs.result.name == 'Conv/Relu:0'


@pytest.mark.parametrize('kind', ['Dimension', 'np.int64'])
def test_fully_connected_refuses_a_dimension_like_the_reference(kind):
  def build(slim):
    net = tf.placeholder(tf.float32, [2, 16])
    size = SIZE_KINDS[kind](net, 4)
    return slim.fully_connected(net, size)

  assert harness.raised_by(build, harness.reference()) is ValueError
  ours = harness.raised_by(build, __import__('slimcompat'))
  assert ours is not None and issubclass(ours, ValueError)


@pytest.mark.parametrize('function', ['conv2d', 'conv2d_transpose',
                                      'separable_conv2d'])
def test_a_0d_tensor_size_is_refused_like_the_reference(function):
  """tf-slim compares `num_outputs` with 0 in Python, which a graph tensor
  refuses; slimcompat raises the same class, before creating anything."""
  def build(slim):
    net = tf.placeholder(tf.float32, [2, 6, 6, 16])
    extra = (1,) if function == 'separable_conv2d' else ()
    return getattr(slim, function)(net, tf.constant(4), 1, *extra)

  theirs = harness.raised_by(build, harness.reference())
  assert theirs is tf2.errors.OperatorNotAllowedInGraphError
  assert harness.raised_by(build, __import__('slimcompat')) is theirs
