"""`slim.learning.train` end to end: log lines, checkpoints, TensorBoard events,
traces, resuming -- each run once with slimcompat and once with the reference
tf-slim, and compared.

The Supervisor behind `learning.train` needs eager execution disabled for the
whole process, so every scenario runs in a forked child
(`_procs.call_in_graph_mode`) and returns plain data.
"""

import glob
import json
import logging
import os
import re

import numpy as np
import pytest

from slimcompat._compat import tf
from tests.training import _procs

LOG_LINE = re.compile(
    r'^global step (\d+): loss = (\d+\.\d{4}) \((\d+\.\d{3}) sec/step\)$')


def _slim(which):
  if which == 'ours':
    import slimcompat
    return slimcompat
  from tests.parity import harness
  return harness.reference()


class _Messages(logging.Handler):

  def __init__(self):
    super(_Messages, self).__init__(logging.INFO)
    self.messages = []

  def emit(self, record):
    self.messages.append(record.getMessage())


def _model(slim):
  inputs = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  targets = tf.constant([[1.0], [2.0], [3.0]])
  weights = slim.model_variable('weights', shape=[2, 1],
                                initializer=tf.constant_initializer(0.5))
  loss = tf.reduce_mean(tf.square(tf.matmul(inputs, weights) - targets))
  tf.summary.scalar('loss', loss)
  tf.summary.histogram('weight_values', weights)
  optimizer = tf.train.GradientDescentOptimizer(0.01)
  train_op = slim.learning.create_train_op(loss, optimizer,
                                           summarize_gradients=True)
  return train_op, weights


def train_scenario(which, logdir, kwargs, runs=1):
  """Trains the model `runs` times in `logdir`; returns what was observed."""
  slim = _slim(which)
  handler = _Messages()
  logging.getLogger('tensorflow').addHandler(handler)
  results = []
  for run in range(runs):
    calls = []
    with tf.Graph().as_default():
      train_op, weights = _model(slim)
      run_kwargs = dict(kwargs)
      if run_kwargs.pop('record_init_fn', False):
        run_kwargs['init_fn'] = lambda sess: calls.append(sess.run(weights))
      if 'number_of_steps' in run_kwargs and runs > 1:
        run_kwargs['number_of_steps'] = kwargs['number_of_steps'] * (run + 1)
      loss = slim.learning.train(train_op, logdir, **run_kwargs)
    results.append({'loss': float(loss), 'init_fn_calls': len(calls)})
  logging.getLogger('tensorflow').removeHandler(handler)
  return {'runs': results, 'messages': handler.messages}


def _events(logdir):
  """[(wall_time, step, kind, tag, value)] of every event file in logdir."""
  found = []
  for path in sorted(glob.glob(os.path.join(logdir, 'events.out.tfevents.*'))):
    for event in tf.train.summary_iterator(path):
      if event.HasField('graph_def'):
        found.append((event.step, 'graph', None, None))
      if event.HasField('tagged_run_metadata'):
        found.append((event.step, 'run_metadata',
                      event.tagged_run_metadata.tag, None))
      for value in event.summary.value:
        if value.HasField('histo'):
          found.append((event.step, 'histogram', value.tag, value.histo))
        elif value.HasField('simple_value'):
          found.append((event.step, 'scalar', value.tag, value.simple_value))
  return found


def _tags(events, kind):
  return sorted(set(tag for _, k, tag, _ in events if k == kind))


def _log_lines(messages):
  return [LOG_LINE.match(m).groups() for m in messages if LOG_LINE.match(m)]


@pytest.fixture(scope='module')
def basic(tmp_path_factory):
  """Both implementations trained 12 steps (log every 5) in fresh logdirs."""
  kwargs = {'number_of_steps': 12, 'log_every_n_steps': 5}
  out = {}
  for which in ('ours', 'reference'):
    logdir = str(tmp_path_factory.mktemp(which) / 'train')
    out[which] = (logdir, _procs.call_in_graph_mode(
        train_scenario, which, logdir, kwargs))
  return out


def test_log_lines_are_slims(basic):
  _, ours = basic['ours']
  _, theirs = basic['reference']
  lines = _log_lines(ours['messages'])
  # Logged after the steps that bring the global step to 5 and 10; the step
  # printed is fetched with the train op, before or after its increment (a
  # race of resource variables, the reference's too).
  for log in (lines, _log_lines(theirs['messages'])):
    assert [int(step) in (5 * n - 1, 5 * n)
            for n, (step, _, _) in enumerate(log, 1)] == [True, True]
  assert [loss for _, loss, _ in lines] == [
      loss for _, loss, _ in _log_lines(theirs['messages'])]
  for message in ('Starting Session.', 'Starting Queues.',
                  'Stopping Training.',
                  'Finished training! Saving model to disk.'):
    assert message in ours['messages']


def test_returns_the_last_loss_like_the_reference(basic):
  ours = basic['ours'][1]['runs'][0]['loss']
  theirs = basic['reference'][1]['runs'][0]['loss']
  np.testing.assert_allclose(ours, theirs, atol=1e-6)


def _twelve_gradient_steps():
  """The model's weights after 12 steps of gradient descent, in NumPy."""
  inputs = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  targets = np.array([[1.0], [2.0], [3.0]])
  weights = np.full((2, 1), 0.5)
  for _ in range(12):
    gradient = 2 * inputs.T @ (inputs @ weights - targets) / len(inputs)
    weights -= 0.01 * gradient
  return weights


def test_checkpoints_model_ckpt_n(basic):
  # The final save is model.ckpt-12 in both.  Which checkpoint the
  # `checkpoint` file names last is not compared: under load the
  # Supervisor's background saver (TensorFlow's, in both) can finish an
  # early save after the final one and be named latest.
  logdir, _ = basic['ours']
  ref_logdir, _ = basic['reference']
  final = os.path.join(logdir, 'model.ckpt-12')
  ref_final = os.path.join(ref_logdir, 'model.ckpt-12')
  assert os.path.exists(final + '.index')
  assert tf.train.load_variable(final, 'global_step') == 12
  ours = dict(tf.train.list_variables(final))
  assert ours == dict(tf.train.list_variables(ref_final))
  np.testing.assert_allclose(tf.train.load_variable(final, 'weights'),
                             tf.train.load_variable(ref_final, 'weights'),
                             atol=1e-6)
  np.testing.assert_allclose(tf.train.load_variable(final, 'weights'),
                             _twelve_gradient_steps(), atol=1e-6)
  assert os.path.exists(os.path.join(logdir, 'graph.pbtxt'))
  assert os.path.exists(final + '.meta')


def test_event_files_hold_slims_summaries(basic):
  logdir, _ = basic['ours']
  events = _events(logdir)
  ref_events = _events(basic['reference'][0])
  assert any(kind == 'graph' for _, kind, _, _ in events)
  scalars = _tags(events, 'scalar')
  histograms = _tags(events, 'histogram')
  # create_train_op(summarize_gradients=True) names them <var>_gradient...
  assert {'loss', 'summarize_grads/weights_gradient_norm'} <= set(scalars)
  assert histograms == ['summarize_grads/weights_gradient', 'weight_values']
  assert histograms == _tags(ref_events, 'histogram')
  assert set(scalars) - {'global_step/sec'} == (
      set(_tags(ref_events, 'scalar')) - {'global_step/sec'})
  steps = [step for step, kind, _, _ in events if kind != 'graph']
  assert steps and all(0 <= step <= 12 for step in steps)
  # The first summary is taken before any step, from the initial model.
  first_loss = [value for step, kind, tag, value in events
                if kind == 'scalar' and tag == 'loss' and step == 0]
  ref_first = [value for step, kind, tag, value in ref_events
               if kind == 'scalar' and tag == 'loss' and step == 0]
  assert first_loss and first_loss == ref_first
  weights = [value for step, kind, tag, value in events
             if kind == 'histogram' and tag == 'weight_values' and step == 0][0]
  assert weights.num == 2 and weights.min == weights.max == 0.5


def test_resume_continues_from_checkpoint_and_skips_init_fn(tmp_path):
  logdir = str(tmp_path / 'train')
  result = _procs.call_in_graph_mode(
      train_scenario, 'ours', logdir,
      {'number_of_steps': 4, 'log_every_n_steps': 1, 'record_init_fn': True},
      2)
  first, second = result['runs']
  assert first['init_fn_calls'] == 1
  assert second['init_fn_calls'] == 0  # restored, not initialised
  steps = [int(step) for step, _, _ in _log_lines(result['messages'])]
  assert len(steps) == 8
  assert steps[4:] == sorted(steps[4:]) and min(steps[4:]) >= 4
  assert os.path.basename(tf.train.latest_checkpoint(logdir)) == 'model.ckpt-8'


def test_trace_every_n_steps_writes_chrome_traces(tmp_path):
  names = {}
  for which in ('ours', 'reference'):
    logdir = str(tmp_path / which)
    _procs.call_in_graph_mode(
        train_scenario, which, logdir,
        {'number_of_steps': 7, 'log_every_n_steps': 0,
         'trace_every_n_steps': 3})
    names[which] = sorted(os.path.basename(p) for p in
                          glob.glob(os.path.join(logdir, 'tf_trace-*.json')))
    tags = [tag for _, kind, tag, _ in _events(logdir)
            if kind == 'run_metadata']
    assert sorted(tags) == sorted(
        n.replace('tf_trace', 'run_metadata').replace('.json', '')
        for n in names[which])
  # should_trace is decided before the step, on global steps 0, 3, 6; the
  # file is named after the step fetched with the traced run, which (with
  # resource variables) may be read before or after the increment.
  for which in ('ours', 'reference'):
    steps = [int(re.search(r'(\d+)', n).group(1)) for n in names[which]]
    assert sorted(k - (k % 3) for k in steps) == [0, 3, 6], names
    assert all(k % 3 in (0, 1) for k in steps), names
  with open(os.path.join(str(tmp_path / 'ours'), names['ours'][0])) as trace:
    document = json.load(trace)
  ops = [e for e in document['traceEvents'] if e.get('ph') == 'X']
  assert any('ApplyGradientDescent' in e['args']['op'] for e in ops)
  assert all(e['dur'] >= 0 and 'name' in e['args'] for e in ops)


def no_logdir_scenario(which):
  slim = _slim(which)
  with tf.Graph().as_default():
    train_op, _ = _model(slim)
    return float(slim.learning.train(train_op, None, number_of_steps=3,
                                     summary_writer=None))


def test_logdir_none_trains_and_writes_nothing(tmp_path, monkeypatch):
  monkeypatch.chdir(tmp_path)
  ours = _procs.call_in_graph_mode(no_logdir_scenario, 'ours')
  theirs = _procs.call_in_graph_mode(no_logdir_scenario, 'reference')
  np.testing.assert_allclose(ours, theirs, atol=1e-6)
  assert not os.listdir(str(tmp_path))


def custom_step_scenario(logdir):
  import slimcompat as slim
  seen = {'wrapped': 0, 'steps': 0, 'keys': None}

  def wrapper(sess):
    seen['wrapped'] += 1
    return sess

  def step_fn(sess, train_op, global_step, kwargs):
    seen['steps'] += 1
    seen['keys'] = sorted(kwargs)
    sess.run(train_op)
    return 1.5, seen['steps'] >= 3

  with tf.Graph().as_default():
    train_op, _ = _model(slim)
    kwargs = {'mine': 1}
    loss = slim.learning.train(train_op, logdir, train_step_fn=step_fn,
                               train_step_kwargs=kwargs,
                               session_wrapper=wrapper)
  return loss, seen, sorted(kwargs)


def test_custom_train_step_fn_kwargs_and_session_wrapper(tmp_path):
  loss, seen, kwargs = _procs.call_in_graph_mode(custom_step_scenario,
                                                 str(tmp_path / 'train'))
  assert loss == 1.5
  assert seen['wrapped'] == 1 and seen['steps'] == 3
  # As in tf-slim, the summary writer is added to the caller's dict.
  assert seen['keys'] == kwargs == ['mine', 'summary_writer']
