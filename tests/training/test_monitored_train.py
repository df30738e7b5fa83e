"""slim.training.train: the MonitoredTrainingSession loop, against the reference."""

import glob
import os

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from tests.parity import harness


def _train(s, logdir, steps, **kwargs):
  inputs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  targets = tf.constant([[1.0], [2.0], [3.0]])
  weights = s.model_variable('weights', shape=[2, 1],
                             initializer=tf.constant_initializer(0.5))
  loss = tf.reduce_mean(tf.square(tf.matmul(inputs, weights) - targets))
  tf.summary.scalar('loss_value', loss)
  train_op = s.training.create_train_op(
      loss, tf.train.GradientDescentOptimizer(0.01))
  hooks = [tf.train.StopAtStepHook(last_step=steps)]
  return s.training.train(train_op, logdir, hooks=hooks, **kwargs)


def _scalars(logdir, tag):
  found = []
  for path in glob.glob(os.path.join(logdir, 'events.out.tfevents.*')):
    for event in tf.train.summary_iterator(path):
      found.extend((event.step, v.simple_value) for v in event.summary.value
                   if v.tag == tag)
  return sorted(found)


def test_trains_checkpoints_and_summarises_like_the_reference(tmp_path):
  results = {}
  for name, module in (('ours', slim), ('reference', harness.reference())):
    logdir = str(tmp_path / name)
    with tf.Graph().as_default():
      loss = _train(module, logdir, 6, save_summaries_steps=2)
    results[name] = (loss, _scalars(logdir, 'loss_value'),
                     os.path.basename(tf.train.latest_checkpoint(logdir)),
                     tf.train.load_variable(logdir, 'weights'))
  ours, theirs = results['ours'], results['reference']
  np.testing.assert_allclose(ours[0], theirs[0], atol=1e-6)
  assert [s for s, _ in ours[1]] == [s for s, _ in theirs[1]]
  np.testing.assert_allclose([v for _, v in ours[1]],
                             [v for _, v in theirs[1]], atol=1e-6)
  assert ours[2] == theirs[2] == 'model.ckpt-6'
  np.testing.assert_allclose(ours[3], theirs[3], atol=1e-6)


def test_resumes_from_logdir(tmp_path):
  logdir = str(tmp_path / 'train')
  with tf.Graph().as_default():
    _train(slim, logdir, 3)
  with tf.Graph().as_default():
    _train(slim, logdir, 5)
  assert tf.train.load_variable(logdir, 'global_step') == 5


def test_no_logdir_and_run_metadata():
  metadata = tf.RunMetadata()
  with tf.Graph().as_default():
    loss = _train(slim, None, 2, save_checkpoint_secs=None,
                  save_summaries_steps=None, run_metadata=metadata)
  assert loss is not None and np.isfinite(loss)
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match='save_summaries_steps'):
      _train(slim, None, 2)
