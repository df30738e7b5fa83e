"""`train_step`: one step of `slimcompat.learning.train`, with logging and tracing.

`train_step_kwargs` carries the switches `learning.train` builds for it, each
a boolean tensor evaluated every step: ``should_stop`` (end training),
``should_log`` (log the ``global step N: loss = X (Y sec/step)`` line) and
``should_trace`` (save a Chrome trace of this step to ``logdir``, and its
run metadata to ``summary_writer`` when given).

The trace is written by the small converter at the end of this file: it
turns the `StepStats` of a traced run into a Chrome trace (JSON) that opens in
chrome://tracing or https://ui.perfetto.dev, one process row per device and
one slice per executed op (named by its op type, with the node name in its
arguments).  TensorFlow's own converter is not part of its public API.
"""

import json
import os
import re
import time

from slimcompat._compat import tf

# A node's timeline label reads "node_name = OpType(input, ...)".
_LABEL = re.compile(r'^[^=]*=\s*([\w.:/-]+)\(')


def _trace_options(sess, train_step_kwargs):
  """(RunOptions, RunMetadata) for a traced step, or (None, None)."""
  if 'should_trace' not in train_step_kwargs:
    return None, None
  if 'logdir' not in train_step_kwargs:
    raise ValueError('logdir must be present in train_step_kwargs when '
                     'should_trace is present: the trace files are written '
                     'there.')
  if not sess.run(train_step_kwargs['should_trace']):
    return None, None
  options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
  return options, tf.RunMetadata()


def _save_trace(run_metadata, np_global_step, train_step_kwargs):
  path = os.path.join(train_step_kwargs['logdir'],
                      'tf_trace-%d.json' % np_global_step)
  tf.logging.info('Writing trace to %s', path)
  with tf.io.gfile.GFile(path, 'w') as trace_file:
    trace_file.write(chrome_trace(run_metadata.step_stats))
  if 'summary_writer' in train_step_kwargs:
    train_step_kwargs['summary_writer'].add_run_metadata(
        run_metadata, 'run_metadata-%d' % np_global_step)


def train_step(sess, train_op, global_step, train_step_kwargs):
  """Runs `train_op` once and tells whether training should stop.

  Args:
    sess: the training session.
    train_op: the tensor from `create_train_op` (its value is the loss).
    global_step: the global step tensor.
    train_step_kwargs: a dict with optional keys ``should_stop``,
      ``should_log``, ``should_trace`` (boolean tensors), ``logdir`` and
      ``summary_writer``.

  Returns:
    (the loss, whether to stop).

  Raises:
    ValueError: if ``should_trace`` is given without ``logdir``.
  """
  start_time = time.time()
  options, run_metadata = _trace_options(sess, train_step_kwargs)
  total_loss, np_global_step = sess.run([train_op, global_step],
                                        options=options,
                                        run_metadata=run_metadata)
  time_elapsed = time.time() - start_time

  if run_metadata is not None:
    _save_trace(run_metadata, np_global_step, train_step_kwargs)

  if 'should_log' in train_step_kwargs:
    if sess.run(train_step_kwargs['should_log']):
      tf.logging.info('global step %d: loss = %.4f (%.3f sec/step)',
                      np_global_step, total_loss, time_elapsed)

  should_stop = False
  if 'should_stop' in train_step_kwargs:
    should_stop = sess.run(train_step_kwargs['should_stop'])
  return total_loss, should_stop


def wait_for_step(sess, global_step, step):
  """Sleeps (a second at a time) until `global_step` is at least `step`."""
  while tf.train.global_step(sess, global_step) < step:
    time.sleep(1.0)



def _op_type(node_stats):
  match = _LABEL.match(node_stats.timeline_label or '')
  return match.group(1) if match else node_stats.node_name


def trace_events(step_stats):
  """The list of Chrome trace events for `step_stats`."""
  events = []
  for pid, device_stats in enumerate(step_stats.dev_stats):
    events.append({'name': 'process_name', 'ph': 'M', 'pid': pid,
                   'args': {'name': device_stats.device}})
    events.append({'name': 'process_sort_index', 'ph': 'M', 'pid': pid,
                   'args': {'sort_index': pid}})
    for node in device_stats.node_stats:
      op_type = _op_type(node)
      events.append({
          'name': op_type,
          'cat': 'Op',
          'ph': 'X',
          'pid': pid,
          'tid': node.thread_id,
          'ts': node.all_start_micros,
          'dur': node.all_end_rel_micros,
          'args': {'name': node.node_name, 'op': op_type},
      })
  return events


def chrome_trace(step_stats):
  """A Chrome trace JSON document (str) for `step_stats`."""
  return json.dumps({'traceEvents': trace_events(step_stats)}, indent=1)
