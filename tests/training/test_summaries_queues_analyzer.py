"""slim.summaries, slim.queues and slim.model_analyzer, with the reference as
the oracle for tags, op names, collections and printed reports."""

import contextlib
import glob
import io
import os

import pytest

import slimcompat as slim
from slimcompat._compat import tf
from tests.parity import harness


def _summaries_model(s):
  activations = tf.constant([[0.0, 1.0], [2.0, 0.0]], name='relu')
  images = tf.zeros([1, 4, 4, 1], name='images')
  loss = tf.constant(3.0, name='loss')
  return {
      'hist': s.summaries.add_histogram_summary(activations, prefix='train'),
      'scalar': s.summaries.add_scalar_summary(loss, 'total', 'eval'),
      'printed': s.summaries.add_scalar_summary(loss, print_summary=True),
      'image': s.summaries.add_image_summary(images, name='pics'),
      'printed_image': s.summaries.add_image_summary(images,
                                                     print_summary=True),
      'zero': s.summaries.add_zero_fraction_summary(activations, 'act'),
      'lists': [s.summaries.add_histogram_summaries([activations]),
                s.summaries.add_image_summaries([images], prefix='p'),
                s.summaries.add_scalar_summaries([loss], prefix='q',
                                                 print_summary=True),
                s.summaries.add_zero_fraction_summaries([activations])],
  }


def _tags(built):
  with built.graph.as_default(), tf.Session() as sess:
    merged = sess.run(tf.summary.merge_all())
  summary = tf.Summary()
  summary.ParseFromString(merged)
  return sorted((v.tag, v.simple_value) for v in summary.value
                if v.HasField('simple_value')), sorted(
                    v.tag for v in summary.value)


def test_summaries_match_reference():
  ours, theirs = harness.build_both(_summaries_model)
  names = tf.nest.map_structure(lambda t: t.name, ours.result)
  assert names == tf.nest.map_structure(lambda t: t.name, theirs.result)
  assert ours.collections == theirs.collections
  assert _tags(ours) == _tags(theirs)
  scalars, tags = _tags(ours)
  assert ('eval/total', 3.0) in scalars
  assert ('act/Fraction_of_Zero_Values', 0.5) in scalars
  assert {'train/relu', 'pics/image/0', 'p/images/image/0'} <= set(tags)


def test_print_summary_puts_the_printing_op_in_the_collection():
  with tf.Graph().as_default():
    loss = tf.constant(3.0)
    plain = slim.summaries.add_scalar_summary(loss, 'plain')
    printed = slim.summaries.add_scalar_summary(loss, 'printed',
                                                print_summary=True)
    collected = tf.get_collection(tf.GraphKeys.SUMMARIES)
    assert plain.op.type == 'ScalarSummary' and printed.op.type == 'Print'
    assert collected == [plain, printed]


def test_written_summary_reads_back(tmp_path):
  with tf.Graph().as_default():
    slim.summaries.add_scalar_summary(tf.ones([]) * 3, 'score', 'eval')
    writer = tf.summary.FileWriter(str(tmp_path))
    with tf.Session() as sess:
      writer.add_summary(sess.run(tf.summary.merge_all()), 1)
    writer.close()
  (path,) = glob.glob(os.path.join(str(tmp_path), '*'))
  values = [(e.step, v.tag, v.simple_value)
            for e in tf.train.summary_iterator(path) for v in e.summary.value]
  assert values == [(1, 'eval/score', 3.0)]


# ---------------------------------------------------------------------------
# queues


def _queue_graph():
  queue = tf.FIFOQueue(10, tf.int32)
  counter = tf.Variable(0)
  enqueue = queue.enqueue(tf.assign_add(counter, 1))
  tf.train.add_queue_runner(tf.train.QueueRunner(queue, [enqueue]))
  return queue.dequeue()


def test_queue_runners_feed_the_queue():
  with tf.Graph().as_default():
    dequeue = _queue_graph()
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      with slim.queues.QueueRunners(sess):
        values = [sess.run(dequeue) for _ in range(3)]
  assert values == sorted(values) and len(set(values)) == 3


@contextlib.contextmanager
def _fresh_session():
  with tf.Graph().as_default():
    _queue_graph()
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      yield sess


def test_queue_runners_do_not_nest_and_release_on_error():
  # (Leaving a block closes the graph's queues, hence a fresh graph each.)
  with _fresh_session() as sess:
    with slim.queues.QueueRunners(sess):
      with pytest.raises(slim.queues.NestedQueueRunnerError):
        with slim.queues.QueueRunners(sess):
          pass
  with _fresh_session() as sess:
    with pytest.raises(KeyError):
      with slim.queues.QueueRunners(sess):
        raise KeyError('body failed')
  with _fresh_session() as sess:
    with slim.queues.QueueRunners(sess):  # the lock was released
      pass
  assert issubclass(slim.queues.NestedQueueRunnerError, Exception)


# ---------------------------------------------------------------------------
# model_analyzer


def _analyzer_model(s):
  s.model_variable('weights', shape=[3, 4])
  s.model_variable('bias', shape=[4], dtype=tf.float64)
  tf.placeholder(tf.float32, [None, 3], name='inputs')
  tf.placeholder(tf.float32, None, name='unknown')
  tf.constant(1, name='scalar')


def _report(s, built, fn):
  out = io.StringIO()
  with built.graph.as_default(), contextlib.redirect_stdout(out):
    result = fn(s, built.graph)
  return result, out.getvalue()


@pytest.mark.parametrize('fn', [
    lambda s, g: s.model_analyzer.analyze_vars(tf.global_variables(), True),
    lambda s, g: s.model_analyzer.analyze_vars(tf.global_variables()),
    lambda s, g: s.model_analyzer.analyze_ops(g, print_info=True),
    lambda s, g: [s.model_analyzer.tensor_description(t) for t in
                  [g.get_tensor_by_name('inputs:0'),
                   g.get_tensor_by_name('scalar:0')]],
])
def test_model_analyzer_matches_reference(fn):
  ours, theirs = harness.build_both(_analyzer_model)
  assert _report(slim, ours, fn) == _report(harness.reference(), theirs, fn)


def test_analyze_vars_counts():
  with tf.Graph().as_default():
    _analyzer_model(slim)
    size, nbytes = slim.model_analyzer.analyze_vars(tf.global_variables())
    assert (size, nbytes) == (16, 12 * 4 + 4 * 8)
    weights = tf.global_variables()[0]
    assert slim.model_analyzer.tensor_description(weights) == (
        '(%s 3x4)' % weights.dtype.name)
    unknown = tf.get_default_graph().get_tensor_by_name('inputs:0')
    assert slim.model_analyzer.tensor_description(unknown) == (
        '(float32 Nonex3)')
