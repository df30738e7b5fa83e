"""Summaries of tensors, activations and graph collections.

A summary's tag is the summarized tensor's op name plus ``_summary`` unless a
tag is given; activations get ``<op>/activation`` (histogram) and, for
ReLU-like ops, the fraction of inputs clipped at zero (``<op>/zeros``) and,
for ReLU6, at six (``<op>/sixes``).
"""

import functools
import re

from slimcompat._compat import tf

__all__ = [
    'summarize_tensor',
    'summarize_activation',
    'summarize_tensors',
    'summarize_collection',
    'summarize_variables',
    'summarize_weights',
    'summarize_biases',
    'summarize_activations',
]


def _scalar(tensor, tag=None):
  tensor.get_shape().assert_has_rank(0)
  return tf.summary.scalar(tag or '%s_summary' % tensor.op.name, tensor)


def _histogram(tensor, tag=None):
  return tf.summary.histogram(tag or '%s_summary' % tensor.op.name, tensor)


def _fraction(compare, inputs, bound):
  """Mean over `inputs` of compare(inputs, bound), as float32."""
  hits = compare(inputs, tf.cast(bound, inputs.dtype))
  return tf.reduce_mean(tf.cast(hits, tf.float32, name='ToFloat'))


def summarize_activation(op):
  """Adds a histogram of an activation, plus saturation fractions for ReLUs.

  The fractions are computed from the activation op's input, so that no float
  comparison with the output is needed.

  Args:
    op: the activation tensor (output of a layer).

  Returns:
    The histogram summary tensor.
  """
  kind, name = op.op.type, op.op.name
  if kind in ('Relu', 'Softplus', 'Relu6'):
    _scalar(_fraction(tf.less, op.op.inputs[0], 0.0), '%s/zeros' % name)
  if kind == 'Relu6':
    _scalar(_fraction(tf.greater, op.op.inputs[0], 6.0), '%s/sixes' % name)
  return _histogram(op, '%s/activation' % name)


def summarize_tensor(tensor, tag=None):
  """Adds a scalar summary for a 0-d tensor, a histogram for any other.

  Args:
    tensor: the tensor to summarize.
    tag: the summary tag; defaults to ``<op name>_summary``.

  Returns:
    The summary tensor, or None for string and bool tensors (not summarized).
  """
  if (tensor.dtype.is_compatible_with(tf.string) or
      tensor.dtype.base_dtype == tf.bool):
    return None
  if tensor.get_shape().ndims == 0:
    return _scalar(tensor, tag)
  # Unknown rank lands here too: a histogram of a scalar is harmless.
  return _histogram(tensor, tag)


def summarize_tensors(tensors, summarizer=summarize_tensor):
  """Applies `summarizer` to each tensor; returns the list of results."""
  return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection,
                         name_filter=None,
                         summarizer=summarize_tensor):
  """Summarizes the tensors of a graph collection.

  Args:
    collection: the collection key.
    name_filter: optional regular expression; only tensors whose op name
      matches it (`re.match`, i.e. at the start) are summarized.
    summarizer: the function applied to each tensor.

  Returns:
    The list of `summarizer` results.
  """
  chosen = [t for t in tf.get_collection(collection)
            if name_filter is None or re.match(name_filter, t.op.name)]
  return summarize_tensors(chosen, summarizer)


summarize_variables = functools.partial(summarize_collection,
                                        tf.GraphKeys.GLOBAL_VARIABLES)

summarize_weights = functools.partial(summarize_collection,
                                      tf.GraphKeys.WEIGHTS)

summarize_biases = functools.partial(summarize_collection, tf.GraphKeys.BIASES)


def summarize_activations(name_filter=None, summarizer=summarize_activation):
  """Summarizes the ACTIVATIONS collection with `summarize_activation`."""
  return summarize_collection(tf.GraphKeys.ACTIVATIONS, name_filter,
                              summarizer)
