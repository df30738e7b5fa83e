"""slim.evaluation and slim.train_eval (tf_slim.training.evaluation): evaluate
checkpoints once or as they appear, with the reference as the oracle.

A small "model" (one variable `scale`, saved at global step 7) is evaluated
on a streaming mean of ``scale * [1, 2, 3, 4]``; the expected values are
computed here with NumPy.
"""

import glob
import logging
import os

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf
from tests.parity import harness

SCALE = 2.5
STEP = 7
DATA = np.array([1.0, 2.0, 3.0, 4.0], np.float32)


def _model():
  """(scale variable, streaming mean value, its update op)."""
  tf.train.get_or_create_global_step()
  scale = tf.Variable(1.0, name='scale')
  value, update = tf.metrics.mean(scale * tf.constant(DATA))
  return scale, value, update


@pytest.fixture(scope='module')
def checkpoint(tmp_path_factory):
  """A checkpoint of the model with scale=SCALE at global step STEP."""
  directory = str(tmp_path_factory.mktemp('checkpoints'))
  with tf.Graph().as_default():
    scale, _, _ = _model()
    step = tf.train.get_global_step()
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      sess.run([scale.assign(SCALE), step.assign(STEP)])
      path = tf.train.Saver().save(sess, os.path.join(directory, 'model.ckpt'),
                                   global_step=STEP)
  return directory, path


def _scalar_events(logdir):
  """{tag: [(step, value)]} of the event files in logdir."""
  found = {}
  for path in glob.glob(os.path.join(logdir, 'events.out.tfevents.*')):
    for event in tf.train.summary_iterator(path):
      for value in event.summary.value:
        found.setdefault(value.tag, []).append((event.step, value.simple_value))
  return found


class _CountRuns(tf.train.SessionRunHook):

  def __init__(self):
    self.runs = 0
    self.ended = 0

  def after_run(self, run_context, run_values):
    self.runs += 1

  def end(self, session):
    self.ended += 1


def _evaluate_once(s, checkpoint_path, logdir, hooks=None, **kwargs):
  _, value, update = _model()
  tf.summary.scalar('mean_value', value)
  return s.evaluation.evaluate_once('', checkpoint_path, logdir,
                                    eval_op=update, final_op=value,
                                    hooks=hooks, **kwargs)


def test_evaluate_once_restores_runs_and_summarises(checkpoint, tmp_path):
  _, path = checkpoint
  counter = _CountRuns()
  logdir = str(tmp_path / 'eval')
  with tf.Graph().as_default():
    result = _evaluate_once(slim, path, logdir, hooks=[counter], num_evals=3)
  assert result == pytest.approx(np.mean(DATA * SCALE))
  assert counter.runs == 3 and counter.ended == 1
  # The summary is written once, at the end, at the checkpoint's step.
  assert _scalar_events(logdir) == {
      'mean_value': [(STEP, pytest.approx(np.mean(DATA * SCALE)))]}


def test_evaluate_once_matches_reference(checkpoint, tmp_path):
  _, path = checkpoint
  results = {}
  for name, module in (('ours', slim), ('reference', harness.reference())):
    with tf.Graph().as_default():
      results[name] = _evaluate_once(module, path, str(tmp_path / name),
                                     num_evals=2)
    results[name + '_events'] = _scalar_events(str(tmp_path / name))
  assert results['ours'] == results['reference']
  assert results['ours_events'] == results['reference_events']


def _restore_subset(s, path, logdir, extra_variable):
  scale, value, update = _model()
  if extra_variable:
    tf.Variable(5.0, name='not_in_checkpoint')
  return s.evaluation.evaluate_once(
      '', path, logdir, initial_op=tf.global_variables_initializer(),
      eval_op=update, final_op=value, summary_op=None,
      variables_to_restore=[scale, tf.train.get_global_step()])


def test_evaluate_once_variables_to_restore_and_no_summary(checkpoint,
                                                           tmp_path):
  _, path = checkpoint
  logdir = str(tmp_path / 'eval')
  with tf.Graph().as_default():
    result = _restore_subset(slim, path, logdir, False)
  assert result == pytest.approx(np.mean(DATA * SCALE))
  assert not os.path.exists(logdir)
  # A restored session skips initial_op, so a variable left out of the
  # checkpoint stays uninitialised: RuntimeError, as with tf-slim.
  for module in (slim, harness.reference()):
    with tf.Graph().as_default():
      with pytest.raises(RuntimeError, match='not_in_checkpoint'):
        _restore_subset(module, path, logdir, True)


def test_evaluation_loop_evaluates_the_newest_checkpoint(checkpoint,
                                                         tmp_path):
  directory, _ = checkpoint
  logdir = str(tmp_path / 'eval')
  with tf.Graph().as_default():
    _, value, update = _model()
    tf.summary.scalar('mean_value', value)
    result = slim.evaluation.evaluation_loop(
        '', directory, logdir, num_evals=2, eval_op=update, final_op=value,
        eval_interval_secs=0, max_number_of_evaluations=1)
  assert result == pytest.approx(np.mean(DATA * SCALE))
  assert _scalar_events(logdir)['mean_value'][0][0] == STEP


def test_evaluation_loop_timeout_fn():
  calls = []

  def timeout_fn():
    calls.append(1)
    return len(calls) >= 3

  with tf.Graph().as_default():
    assert slim.evaluation.evaluation_loop(
        '', '/nonexistent-dir', '/nonexistent-log', timeout=0,
        timeout_fn=timeout_fn) is None
  assert len(calls) == 3


@pytest.mark.parametrize('kind', ['single', 'list', 'dict'])
def test_train_eval_evaluate_once_eval_ops_structures(checkpoint, kind):
  _, path = checkpoint
  results = {}
  for name, module in (('ours', slim), ('reference', harness.reference())):
    with tf.Graph().as_default():
      _, value, update = _model()
      eval_ops = {'single': update, 'list': [update],
                  'dict': {'mean': update}}[kind]
      final = module.train_eval.evaluate_once(
          path, eval_ops=eval_ops, final_ops={'mean': value},
          hooks=[module.train_eval.StopAfterNEvalsHook(4)])
      results[name] = (final, sorted(eval_ops) if kind == 'dict' else None)
  assert results['ours'] == results['reference']
  assert results['ours'][0]['mean'] == pytest.approx(np.mean(DATA * SCALE))
  if kind == 'dict':  # extended in place, as tf-slim does
    assert results['ours'][1] == ['mean', 'update_eval_step']


def test_evaluate_repeatedly_appends_final_ops_hook_like_slim(checkpoint):
  directory, _ = checkpoint
  results = {}
  for name, module in (('ours', slim), ('reference', harness.reference())):
    hooks = [module.train_eval.StopAfterNEvalsHook(2)]
    with tf.Graph().as_default():
      _, value, update = _model()
      final = module.train_eval.evaluate_repeatedly(
          directory, eval_ops=update, final_ops=value, hooks=hooks,
          eval_interval_secs=0, max_number_of_evaluations=1)
    # (The reference's hook class is TensorFlow's private _StopAfterNEvalsHook.)
    results[name] = (final, [type(h).__name__.lstrip('_') for h in hooks])
  assert results['ours'] == results['reference']
  assert results['ours'][0] == pytest.approx(np.mean(DATA * SCALE))


def test_stop_after_n_evals_hook_logs_progress(checkpoint, caplog):
  _, path = checkpoint
  for num_evals, expected in ((3, [1, 2, 3]), (25, [2, 4, 6, 8, 10, 12, 14,
                                                    16, 18, 20, 22, 24, 25])):
    caplog.clear()
    with tf.Graph().as_default(), caplog.at_level(logging.INFO,
                                                  logger='tensorflow'):
      _, value, update = _model()
      slim.train_eval.evaluate_once(
          path, eval_ops=update, final_ops=value,
          hooks=[slim.train_eval.StopAfterNEvalsHook(num_evals)])
    logged = [m for m in caplog.messages if m.startswith('Evaluation [')]
    assert logged == ['Evaluation [%d/%d]' % (n, num_evals) for n in expected]


def test_summary_at_end_hook(tmp_path):
  logdir = str(tmp_path / 'summaries')
  with tf.Graph().as_default():
    step = tf.train.get_or_create_global_step()
    tf.summary.scalar('four', tf.constant(4.0))
    hook = slim.train_eval.SummaryAtEndHook(log_dir=logdir)
    hook.begin()
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      sess.run(step.assign(3))
      hook.after_create_session(sess, None)
      hook.end(sess)
  assert _scalar_events(logdir) == {'four': [(3, 4.0)]}
  with pytest.raises(ValueError, match='log_dir'):
    slim.train_eval.SummaryAtEndHook()


def test_summary_at_end_hook_without_summaries(tmp_path):
  logdir = str(tmp_path / 'summaries')
  with tf.Graph().as_default():
    hook = slim.evaluation.SummaryAtEndHook(log_dir=logdir)
    hook.begin()
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      hook.after_create_session(sess, None)
      hook.end(sess)
  assert _scalar_events(logdir) == {}


def test_checkpoints_iterator_and_wait_for_new_checkpoint(checkpoint):
  directory, path = checkpoint
  assert list(slim.evaluation.checkpoints_iterator(directory, timeout=0)) == [
      path]
  assert slim.evaluation.wait_for_new_checkpoint(directory) == path
  assert slim.evaluation.wait_for_new_checkpoint(
      directory, last_checkpoint=path, seconds_to_sleep=0.01,
      timeout=0.05) is None


def test_get_or_create_eval_step():
  def build(s):
    first = s.evaluation.get_or_create_eval_step()
    assert s.train_eval.get_or_create_eval_step() is first
    return first

  ours, theirs = harness.build_both(build)
  assert ours.variables == theirs.variables
  assert ours.result.dtype.base_dtype == tf.int64
  assert ours.graph.get_collection(tf.GraphKeys.EVAL_STEP) == [ours.result]
  with tf.Graph().as_default():
    tf.add_to_collection(tf.GraphKeys.EVAL_STEP, tf.constant(1))
    tf.add_to_collection(tf.GraphKeys.EVAL_STEP, tf.constant(2))
    with pytest.raises(ValueError, match='EVAL_STEP'):
      slim.evaluation.get_or_create_eval_step()
