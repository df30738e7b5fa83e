"""Unit tests of slimcompat.layers.summaries.
Parity twin: tests/parity/test_layers_training_utils.py."""

import numpy as np
import pytest

from slimcompat._compat import tf
from slimcompat.layers import summaries as summaries_lib


def _decode(summary_tensor):
  """{tag: value} for scalar summaries, {tag: 'histogram'} for histograms."""
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    proto = tf.Summary.FromString(sess.run(summary_tensor))
  return {v.tag: (v.simple_value if v.WhichOneof('value') == 'simple_value'
                  else 'histogram') for v in proto.value}


def _collected_names():
  return sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES))


def test_scalar_gets_scalar_summary_with_default_tag():
  with tf.Graph().as_default():
    value = tf.constant(2.5, name='loss')
    summary = summaries_lib.summarize_tensor(value)
    assert summary.op.type == 'ScalarSummary'
    assert _decode(summary) == {'loss_summary': 2.5}


def test_tag_argument():
  with tf.Graph().as_default():
    summary = summaries_lib.summarize_tensor(tf.constant(1.0), tag='my/tag')
    assert _decode(summary) == {'my/tag': 1.0}


@pytest.mark.parametrize('shape', [[3], None])
def test_non_scalar_and_unknown_rank_get_histograms(shape):
  with tf.Graph().as_default():
    value = tf.placeholder_with_default(np.ones(3, np.float32), shape,
                                        name='acts')
    summary = summaries_lib.summarize_tensor(value)
    assert summary.op.type == 'HistogramSummary'
    assert _decode(summary) == {'acts_summary': 'histogram'}


@pytest.mark.parametrize('value', [['a', 'b'], [True, False], 'x', True])
def test_string_and_bool_tensors_are_skipped(value):
  with tf.Graph().as_default():
    assert summaries_lib.summarize_tensor(tf.constant(value)) is None
    assert not tf.get_collection(tf.GraphKeys.SUMMARIES)


def test_activation_of_a_plain_op_is_a_histogram_only():
  with tf.Graph().as_default():
    op = tf.identity(tf.constant([1.0, -1.0]), name='Act')
    summary = summaries_lib.summarize_activation(op)
    assert summary.op.type == 'HistogramSummary'
    assert _collected_names() == ['Act/activation']
    assert _decode(summary) == {'Act/activation': 'histogram'}


@pytest.mark.parametrize('activation, inputs, expected', [
    (tf.nn.relu, [-1.0, 2.0, -3.0, 4.0, 0.0], {'zeros': 0.4}),
    (tf.nn.softplus, [-1.0, 2.0, 3.0, 4.0], {'zeros': 0.25}),
    (tf.nn.relu6, [-1.0, 7.0, 3.0, 8.0], {'zeros': 0.25, 'sixes': 0.5}),
], ids=['relu', 'softplus', 'relu6'])
def test_relu_like_activations_report_saturation(activation, inputs,
                                                 expected):
  with tf.Graph().as_default():
    op = activation(tf.constant(inputs), name='Act')
    summaries_lib.summarize_activation(op)
    merged = tf.summary.merge_all()
    values = _decode(merged)
  want = {'Act/%s' % k: v for k, v in expected.items()}
  want['Act/activation'] = 'histogram'
  assert values == pytest.approx(want)


def test_activation_of_integer_relu():
  with tf.Graph().as_default():
    op = tf.nn.relu(tf.constant([-1, 2]), name='IntAct')
    summaries_lib.summarize_activation(op)
    assert _decode(tf.summary.merge_all()) == {
        'IntAct/zeros': 0.5, 'IntAct/activation': 'histogram'}


def test_summarize_tensors_applies_the_summarizer():
  with tf.Graph().as_default():
    tensors = [tf.constant(1.0, name='a'), tf.constant([1.0], name='b')]
    results = summaries_lib.summarize_tensors(tensors)
    assert [r.op.type for r in results] == ['ScalarSummary', 'HistogramSummary']
    assert summaries_lib.summarize_tensors(tensors, summarizer=lambda t: 7) == [
        7, 7]


def test_collection_filter_matches_at_the_start_of_the_name():
  with tf.Graph().as_default():
    for name in ('Test1', 'Test2', 'Foobar', 'MyTest3'):
      tf.add_to_collection('foo', tf.constant([1.0], name=name))
    results = summaries_lib.summarize_collection('foo', r'Test[123]')
    assert sorted(r.op.name for r in results) == ['Test1_summary',
                                                  'Test2_summary']
    everything = summaries_lib.summarize_collection('foo')
    assert len(everything) == 4


def test_collection_shortcuts():
  with tf.Graph().as_default():
    tf.Variable(1.0, name='v')
    weights = tf.constant([[1.0]], name='weights')
    biases = tf.constant([1.0], name='biases')
    acts = tf.nn.relu(tf.constant([1.0]), name='acts')
    tf.add_to_collection(tf.GraphKeys.WEIGHTS, weights)
    tf.add_to_collection(tf.GraphKeys.BIASES, biases)
    tf.add_to_collection(tf.GraphKeys.ACTIVATIONS, acts)
    assert [s.op.name for s in summaries_lib.summarize_variables()] == [
        'v_summary']
    assert [s.op.name for s in summaries_lib.summarize_weights()] == [
        'weights_summary']
    assert [s.op.name for s in summaries_lib.summarize_biases()] == [
        'biases_summary']
    assert [s.op.name for s in summaries_lib.summarize_activations()] == [
        'acts/activation']
    assert 'acts/zeros' in _collected_names()
    assert summaries_lib.summarize_activations(name_filter='nothing') == []


def test_module_exports():
  assert sorted(summaries_lib.__all__) == sorted([
      'summarize_tensor', 'summarize_activation', 'summarize_tensors',
      'summarize_collection', 'summarize_variables', 'summarize_weights',
      'summarize_biases', 'summarize_activations'])
