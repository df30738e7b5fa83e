"""Behaviour of slimcompat's TF1 `Layer` that has no TensorFlow counterpart
to compare with: what it refuses, and how."""

import subprocess
import sys

import pytest

import slimcompat.v1_layers as v1_layers


def test_initial_weights_keyword_is_refused_with_a_way_out():
  with pytest.raises(ValueError, match='set_weights'):
    v1_layers.Dense(2, weights=[[1.0]])


def test_unknown_constructor_keyword_is_a_type_error():
  with pytest.raises(TypeError, match='colour'):
    v1_layers.Conv2D(2, 3, colour='red')


def test_eager_call_says_to_build_a_graph():
  code = ('import tensorflow as tf\n'
          'import slimcompat.v1_layers as layers\n'
          'try:\n'
          '  layers.dense(tf.zeros([1, 2]), 3)\n'
          'except RuntimeError as err:\n'
          '  print("REFUSED", "graph" in str(err))\n')
  result = subprocess.run([sys.executable, '-c', code], capture_output=True,
                          text=True, check=False)
  assert 'REFUSED True' in result.stdout, result.stderr[-2000:]
