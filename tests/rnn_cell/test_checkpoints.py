"""Checkpoints between TensorFlow's own TF1 cells and slimcompat's: the same
model restored from one checkpoint gives equal outputs (atol 1e-5), in both
directions live where TensorFlow's cells run (TF 2.12-2.15), and from the
checkpoint TF 2.12's cells wrote (`make_checkpoint_fixture.py`) everywhere."""

import os
import tempfile

import numpy as np
import pytest

import slimcompat.rnn_cell as rnn_cell
from slimcompat._compat import tf
from tests.rnn_cell import checkpoint_model, make_checkpoint_fixture, reference

NATIVE = reference.native_cells()


def _save(rc, path):
  with tf.Graph().as_default():
    tf.set_random_seed(3)
    outputs = checkpoint_model.build(rc, tf.constant(checkpoint_model.inputs()))
    with tf.Session() as sess:
      checkpoint_model.train_steps(sess, outputs)
      tf.train.Saver().save(sess, path, write_meta_graph=False,
                            write_state=False)
      return sess.run(outputs)


def _restore(rc, path):
  with tf.Graph().as_default():
    outputs = checkpoint_model.build(rc, tf.constant(checkpoint_model.inputs()))
    with tf.Session() as sess:
      tf.train.Saver().restore(sess, path)
      return sess.run(outputs)


def _assert_equal(got, want):
  assert len(got) == len(want)
  for mine, theirs in zip(got, want):
    np.testing.assert_allclose(mine, theirs, atol=1e-5)


def test_tf212_checkpoint_restores_into_slimcompat():
  want = np.load(make_checkpoint_fixture.OUTPUTS)
  got = _restore(rnn_cell, make_checkpoint_fixture.CHECKPOINT)
  _assert_equal(got, [want['arr_%d' % i] for i in range(len(want.files))])
  names = sorted(name for name, _ in tf.train.list_variables(
      make_checkpoint_fixture.CHECKPOINT))
  assert 'bidirectional_rnn/fw/lstm_cell/projection/kernel' in names
  assert 'encoder/rnn/multi_rnn_cell/cell_0/gru_cell/gates/kernel' in names


@pytest.mark.skipif(NATIVE is None, reason="needs TF's own TF1 cells")
@pytest.mark.parametrize('direction', ['tensorflow_to_slimcompat',
                                       'slimcompat_to_tensorflow'])
def test_checkpoint_round_trip_live(direction):
  writer, reader = ((NATIVE, rnn_cell) if direction.startswith('tensorflow')
                    else (rnn_cell, NATIVE))
  with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, 'model.ckpt')
    want = _save(writer, path)
    _assert_equal(_restore(reader, path), want)
