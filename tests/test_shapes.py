"""slimcompat._shapes: conv / pool output lengths, against TensorFlow's own
shape inference (slim's layers and the TF1 layers both use these)."""

import itertools

import pytest

from slimcompat import _shapes
from slimcompat._compat import tf

# TensorFlow refuses strides and dilations > 1 together.
_CASES = [c for c in itertools.product((7, 10), (1, 3), ('VALID', 'SAME'),
                                       (1, 2), (1, 2))
          if c[3] == 1 or c[4] == 1]


@pytest.mark.parametrize('length, kernel, padding, stride, dilation', _CASES)
def test_conv_length_matches_tensorflow(length, kernel, padding, stride,
                                        dilation):
  with tf.Graph().as_default():
    out = tf.nn.convolution(tf.zeros([1, length, 1]), tf.zeros([kernel, 1, 1]),
                            strides=[stride], padding=padding,
                            dilations=[dilation])
  expected = out.shape[1]
  assert _shapes.conv_output_length(length, kernel, padding, stride,
                                    dilation) == expected
  # Lower case (the TF1 layers' spelling) is the same.
  assert _shapes.conv_output_length(length, kernel, padding.lower(), stride,
                                    dilation) == expected


@pytest.mark.parametrize('length, kernel, padding, stride',
                         [(5, 3, 'VALID', 2), (5, 3, 'SAME', 2),
                          (4, 1, 'VALID', 3), (4, 5, 'valid', 2)])
def test_deconv_length_inverts_conv(length, kernel, padding, stride):
  grown = _shapes.deconv_output_length(length, kernel, padding, stride)
  # A convolution with the same geometry maps the grown length back.
  assert _shapes.conv_output_length(grown, kernel, padding, stride) == length


def test_unknown_and_causal():
  assert _shapes.conv_output_length(None, 3, 'valid', 1) is None
  assert _shapes.deconv_output_length(None, 3, 'valid', 1) is None
  assert _shapes.conv_output_length(9, 3, 'causal', 2) == 5
  assert _shapes.deconv_output_length(5, 3, 'VALID', 2) == 11
