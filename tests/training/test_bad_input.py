"""Bad input to the training and evaluation loops: the reference's exception
classes, clear messages, and nothing half-done (no new graph ops for a
rejected argument, no checkpoint from a run that failed to initialise).

Each implementation runs every case in one forked child
(`_procs.call_in_graph_mode`); the outcomes are compared here.
"""

import glob
import os

import pytest

from slimcompat._compat import tf
from tests.training import _procs


def _slim(which):
  if which == 'ours':
    import slimcompat
    return slimcompat
  from tests.parity import harness
  return harness.reference()


def _model(slim):
  inputs = tf.constant([[1.0, 2.0], [3.0, 4.0]])
  weights = slim.model_variable('weights', shape=[2, 1],
                                initializer=tf.ones_initializer())
  loss = tf.reduce_mean(tf.square(tf.matmul(inputs, weights) - 1.0))
  optimizer = tf.train.GradientDescentOptimizer(0.01)
  return slim.learning.create_train_op(loss, optimizer), optimizer


def _files(logdir):
  return sorted(os.path.basename(p) for p in glob.glob(
      os.path.join(logdir, 'model.ckpt*')))


def _outcome(fn):
  """('ok', value) or ('raised', class name, message, new op count)."""
  graph = tf.get_default_graph()
  before = len(graph.get_operations())
  try:
    value = fn()
  except Exception as err:
    return ('raised', type(err).__name__, str(err),
            len(graph.get_operations()) - before)
  return ('ok', value)


def _raise_in_init_fn(sess):
  del sess
  raise ValueError('init_fn failed on purpose')


def learning_cases(which, workdir):
  """Runs every bad-input case of slim.learning; returns {case: outcome}."""
  slim = _slim(which)
  learning = slim.learning
  out = {}

  def case(name, build_and_call, setup=None):
    """`setup()` builds what the call needs before new ops are counted."""
    logdir = os.path.join(workdir, which, name)
    with tf.Graph().as_default():
      train_op, optimizer = _model(slim)
      if setup is not None:
        optimizer = setup()
      out[name] = _outcome(
          lambda: build_and_call(logdir, train_op, optimizer))
      out[name + ':files'] = _files(logdir)

  def train(**kwargs):
    def call(logdir, train_op, optimizer):
      del optimizer
      loss = learning.train(train_op, logdir, number_of_steps=3, **kwargs)
      return None if loss is None else round(float(loss), 5)
    return call

  case('missing_logdir_parent', lambda logdir, op, opt: learning.train(
      op, os.path.join(logdir, 'not', 'there'), number_of_steps=2) and
       _files(os.path.join(logdir, 'not', 'there')))
  case('init_fn_raises', train(init_fn=_raise_in_init_fn))
  case('train_op_none', lambda logdir, op, opt: learning.train(None, logdir))
  case('train_op_float', lambda logdir, op, opt: learning.train(
      3.0, logdir, number_of_steps=2))
  case('train_op_unknown_name', lambda logdir, op, opt: learning.train(
      'no_such_tensor:0', logdir, number_of_steps=2))
  case('number_of_steps_zero', lambda logdir, op, opt: learning.train(
      op, logdir, number_of_steps=0))
  case('sync_optimizer_plain', lambda logdir, op, opt: learning.train(
      op, logdir, number_of_steps=2, sync_optimizer=opt))
  case('sync_optimizer_list_of_plain', lambda logdir, op, opt:
       learning.train(op, logdir, number_of_steps=2, sync_optimizer=[opt]))
  case('startup_delay_with_sync', lambda logdir, op, opt: learning.train(
      op, logdir, startup_delay_steps=3,
      sync_optimizer=tf.train.SyncReplicasOptimizer(opt, 1)))
  case('no_logdir_with_saver', lambda logdir, op, saver: learning.train(
      op, None, saver=saver), setup=tf.train.Saver)
  case('no_logdir_with_summary_op', lambda logdir, op, opt: learning.train(
      op, None, summary_op=None))
  case('no_logdir_with_trace', lambda logdir, op, opt: learning.train(
      op, None, trace_every_n_steps=2))

  def trace_without_logdir(logdir, op, ops):
    del logdir
    init, should_trace = ops
    with tf.Session() as sess:
      sess.run(init)
      return learning.train_step(sess, op, tf.train.get_global_step(),
                                 {'should_trace': should_trace})
  case('train_step_trace_without_logdir', trace_without_logdir,
       setup=lambda: (tf.global_variables_initializer(), tf.constant(True)))

  def stale_state_file(logdir, op, opt):
    del opt
    os.makedirs(logdir)
    tf.train.update_checkpoint_state(logdir,
                                     os.path.join(logdir, 'model.ckpt-5'))
    return round(float(learning.train(op, logdir, number_of_steps=2)), 5)
  case('state_file_names_missing_checkpoint', stale_state_file)
  return out


def evaluation_cases(which, workdir):
  """Evaluation and monitored-training cases; returns {case: outcome}."""
  slim = _slim(which)
  empty = os.path.join(workdir, which + '_empty')
  os.makedirs(empty)
  out = {}

  def case(name, fn):
    with tf.Graph().as_default():
      tf.train.get_or_create_global_step()
      value, update = tf.metrics.mean(tf.constant([1.0, 2.0]))
      out[name] = _outcome(lambda: fn(value, update))

  logdir = os.path.join(workdir, which + '_eval')
  case('evaluate_once_empty_dir', lambda value, update:
       slim.evaluation.evaluate_once('', empty, logdir, eval_op=update,
                                     final_op=value))
  case('evaluate_once_missing_file', lambda value, update:
       slim.evaluation.evaluate_once('', os.path.join(empty, 'model.ckpt-1'),
                                     logdir, eval_op=update, final_op=value))
  case('train_eval_evaluate_once_empty_dir', lambda value, update:
       slim.train_eval.evaluate_once(empty, eval_ops=update,
                                     final_ops=value))
  case('evaluation_loop_empty_dir', lambda value, update:
       slim.evaluation.evaluation_loop('', empty, logdir, eval_op=update,
                                       final_op=value, timeout=0))
  case('wait_for_new_checkpoint_empty_dir', lambda value, update:
       slim.evaluation.wait_for_new_checkpoint(empty, timeout=0))
  case('checkpoints_iterator_empty_dir', lambda value, update:
       list(slim.evaluation.checkpoints_iterator(empty, timeout=0)))
  case('summary_hook_without_destination', lambda value, update:
       slim.train_eval.SummaryAtEndHook())
  case('training_train_no_logdir_summaries', lambda value, update:
       slim.training.train(update, None, save_checkpoint_secs=None))
  case('training_train_no_logdir_checkpoints', lambda value, update:
       slim.training.train(update, None, save_summaries_steps=None))
  out['files'] = sorted(os.listdir(empty))
  return out


@pytest.fixture(scope='module')
def outcomes(tmp_path_factory):
  workdir = str(tmp_path_factory.mktemp('bad_input'))
  return {which: dict(
      _procs.call_in_graph_mode(learning_cases, which, workdir),
      **_procs.call_in_graph_mode(evaluation_cases, which, workdir))
          for which in ('ours', 'reference')}


LEARNING_ERRORS = [
    'init_fn_raises', 'train_op_none', 'train_op_float',
    'train_op_unknown_name', 'number_of_steps_zero', 'sync_optimizer_plain',
    'sync_optimizer_list_of_plain', 'startup_delay_with_sync',
    'no_logdir_with_saver', 'no_logdir_with_summary_op',
    'no_logdir_with_trace', 'train_step_trace_without_logdir']
EVALUATION_ERRORS = [
    'evaluate_once_empty_dir', 'evaluate_once_missing_file',
    'train_eval_evaluate_once_empty_dir', 'summary_hook_without_destination',
    'training_train_no_logdir_summaries',
    'training_train_no_logdir_checkpoints']


@pytest.mark.parametrize('name', LEARNING_ERRORS + EVALUATION_ERRORS)
def test_same_exception_class_as_reference(outcomes, name):
  ours, theirs = outcomes['ours'][name], outcomes['reference'][name]
  assert ours[0] == theirs[0] == 'raised', (ours, theirs)
  assert ours[1] == theirs[1], (ours, theirs)
  assert ours[2], 'an empty error message'


@pytest.mark.parametrize('name', [
    'train_op_none', 'train_op_float', 'train_op_unknown_name',
    'number_of_steps_zero', 'sync_optimizer_plain',
    'sync_optimizer_list_of_plain', 'startup_delay_with_sync',
    'no_logdir_with_saver', 'no_logdir_with_summary_op',
    'no_logdir_with_trace', 'train_step_trace_without_logdir',
    'training_train_no_logdir_summaries',
    'training_train_no_logdir_checkpoints'])
def test_rejected_arguments_add_nothing_to_the_graph(outcomes, name):
  assert outcomes['ours'][name][3] == 0, outcomes['ours'][name]


@pytest.mark.parametrize('name', [
    'evaluation_loop_empty_dir', 'wait_for_new_checkpoint_empty_dir',
    'checkpoints_iterator_empty_dir'])
def test_waiting_on_an_empty_dir_times_out_quietly(outcomes, name):
  assert outcomes['ours'][name] == outcomes['reference'][name]
  assert outcomes['ours'][name][0] == 'ok'
  assert outcomes['ours'][name][1] in (None, [])
  assert outcomes['ours']['files'] == []


def test_failed_initialisation_writes_no_checkpoint(outcomes):
  assert outcomes['ours']['init_fn_raises'][2] == 'init_fn failed on purpose'
  assert outcomes['ours']['init_fn_raises:files'] == []
  assert outcomes['reference']['init_fn_raises:files'] == []


@pytest.mark.parametrize('name', LEARNING_ERRORS)
def test_no_half_written_checkpoint_after_an_error(outcomes, name):
  files = outcomes['ours'][name + ':files']
  assert not [f for f in files if 'tempstate' in f or '.tmp' in f], files
  for index in [f for f in files if f.endswith('.index')]:
    prefix = index[:-len('.index')]
    assert prefix + '.data-00000-of-00001' in files, files


def test_rejected_train_op_writes_nothing(outcomes):
  for name in ('train_op_float', 'train_op_unknown_name'):
    assert outcomes['ours'][name + ':files'] == []


def _final_and_count(outcome):
  # The Supervisor's background saver writes its first checkpoint at step 0
  # or 1, whichever the training thread has reached (timing, in both
  # libraries); the final checkpoint and the number of files are fixed.
  status, files = outcome[0], outcome[1]
  return status, sorted(f for f in files if 'ckpt-2.' in f), len(files)


def test_missing_logdir_parent_is_created(outcomes):
  ours = outcomes['ours']['missing_logdir_parent']
  theirs = outcomes['reference']['missing_logdir_parent']
  assert _final_and_count(ours) == _final_and_count(theirs)
  assert ours[0] == 'ok' and 'model.ckpt-2.index' in ours[1]


def test_state_file_naming_a_missing_checkpoint(outcomes):
  # Both restore what the state file names and fail on the missing file.
  ours = outcomes['ours']['state_file_names_missing_checkpoint']
  theirs = outcomes['reference']['state_file_names_missing_checkpoint']
  assert ours[:2] == theirs[:2] == ('raised', 'ValueError')
  assert ours[2].endswith('model.ckpt-5') and theirs[2].endswith('model.ckpt-5')


def test_messages_say_what_to_do(outcomes):
  ours = outcomes['ours']
  assert 'create_train_op' in ours['train_op_none'][2]
  assert 'positive' in ours['number_of_steps_zero'][2]
  assert 'SyncReplicasOptimizer' in ours['sync_optimizer_plain'][2]
  assert 'logdir' in ours['no_logdir_with_saver'][2]
