"""The losses of TF 1.x's ``contrib.legacy_seq2seq``, and bucketing.

The loss of a sequence is the weighted sum of its per-step cross-entropies,
by default divided by the sum of its weights (its log-perplexity);
`model_with_buckets` builds one model per (encoder length, decoder length)
bucket, all sharing variables.
"""

from slimcompat._compat import tf


def sequence_loss_by_example(logits, targets, weights,
                             average_across_timesteps=True,
                             softmax_loss_function=None, name=None):
  """Per-example weighted cross-entropy over a list of per-step logits.

  Args:
    logits: a list of [batch, num_symbols] tensors.
    targets: a list of int [batch] tensors, as long as `logits`.
    weights: a list of float [batch] tensors, as long as `logits`.
    average_across_timesteps: divide each example's sum by its total weight.
    softmax_loss_function: None (sparse softmax cross-entropy) or a function
      called as ``f(labels=..., logits=...)`` returning [batch] losses.
    name: name scope; default ``'sequence_loss_by_example'``.

  Returns:
    A [batch] float tensor.

  Raises:
    ValueError: if the three lists differ in length.
  """
  if len(targets) != len(logits) or len(weights) != len(logits):
    raise ValueError('logits, weights and targets must be lists of the same '
                     'length; got %d, %d, %d.' %
                     (len(logits), len(weights), len(targets)))
  with tf.name_scope(name, 'sequence_loss_by_example',
                     list(logits) + list(targets) + list(weights)):
    terms = []
    for logit, target, weight in zip(logits, targets, weights):
      if softmax_loss_function is None:
        # Targets of shape [batch, 1] (or scalars) are accepted, as in TF 1.x.
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.reshape(target, [-1]), logits=logit)
      else:
        loss = softmax_loss_function(labels=target, logits=logit)
      terms.append(loss * weight)
    total = tf.add_n(terms)
    if average_across_timesteps:
      # The epsilon keeps all-zero weights from dividing by zero.
      total /= tf.add_n(weights) + 1e-12
  return total


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, softmax_loss_function=None,
                  name=None):
  """The sum of `sequence_loss_by_example` over the batch, divided by the
  batch size when `average_across_batch`; a scalar.

  Raises:
    ValueError: if the three lists differ in length.
  """
  with tf.name_scope(name, 'sequence_loss',
                     list(logits) + list(targets) + list(weights)):
    cost = tf.reduce_sum(sequence_loss_by_example(
        logits, targets, weights,
        average_across_timesteps=average_across_timesteps,
        softmax_loss_function=softmax_loss_function))
    if not average_across_batch:
      return cost
    batch_size = tf.shape(targets[0])[0]
    return cost / tf.cast(batch_size, cost.dtype)


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights,
                       buckets, seq2seq, softmax_loss_function=None,
                       per_example_loss=False, name=None):
  """One `seq2seq` model per bucket, sharing variables, with its loss.

  Args:
    encoder_inputs, decoder_inputs: lists of per-step tensors, at least as
      long as the last bucket's lengths.
    targets, weights: lists of [batch] tensors for the loss.
    buckets: a list of (encoder length, decoder length) pairs, the longest
      last.
    seq2seq: ``f(encoder_inputs, decoder_inputs) -> (outputs, state)``.
    softmax_loss_function: as for `sequence_loss_by_example`.
    per_example_loss: losses per example ([batch]) instead of scalars.
    name: name scope; default ``'model_with_buckets'``.

  Returns:
    (outputs, losses): one list of outputs and one loss per bucket.

  Raises:
    ValueError: if an input list is shorter than the last bucket.
  """
  longest_in, longest_out = buckets[-1][0], buckets[-1][1]
  for what, given, needed in (('encoder_inputs', encoder_inputs, longest_in),
                              ('targets', targets, longest_out),
                              ('weights', weights, longest_out)):
    if len(given) < needed:
      raise ValueError('Length of %s (%d) must be at least that of the last '
                       'bucket (%d).' % (what, len(given), needed))
  loss_of = sequence_loss_by_example if per_example_loss else sequence_loss
  outputs = []
  losses = []
  all_inputs = (list(encoder_inputs) + list(decoder_inputs) + list(targets) +
                list(weights))
  with tf.name_scope(name, 'model_with_buckets', all_inputs):
    for index, (encoder_length, decoder_length) in enumerate(buckets):
      with tf.variable_scope(tf.get_variable_scope(),
                             reuse=True if index > 0 else None):
        bucket_outputs, _ = seq2seq(encoder_inputs[:encoder_length],
                                    decoder_inputs[:decoder_length])
        outputs.append(bucket_outputs)
        losses.append(loss_of(bucket_outputs, targets[:decoder_length],
                              weights[:decoder_length],
                              softmax_loss_function=softmax_loss_function))
  return outputs, losses
