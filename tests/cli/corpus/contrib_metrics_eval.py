# The segmentation-evaluator pattern: train and save a checkpoint, then
# evaluate it with tf.contrib.training.evaluate_repeatedly, streaming metrics
# from tf.contrib.metrics gathered by aggregate_metric_map.
import os
import sys
import tempfile

import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

LOGDIR = tempfile.mkdtemp()
RNG = np.random.RandomState(2)
FEATURES = RNG.rand(16, 4).astype(np.float32)
LABELS = (FEATURES.sum(axis=1) > 2.0).astype(np.int64)


def model(features):
  return slim.fully_connected(features, 2, activation_fn=None, scope='logits')


with tf.Graph().as_default():
  tf.set_random_seed(0)
  logits = model(tf.constant(FEATURES))
  tf.losses.sparse_softmax_cross_entropy(tf.constant(LABELS), logits)
  train_op = slim.learning.create_train_op(
      tf.losses.get_total_loss(), tf.train.GradientDescentOptimizer(1.0))
  saver = tf.train.Saver()
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(20):
      sess.run(train_op)
    saver.save(sess, os.path.join(LOGDIR, 'model.ckpt'),
               global_step=tf.train.get_global_step())

with tf.Graph().as_default():
  tf.train.get_or_create_global_step()
  batch = tf.data.Dataset.from_tensor_slices(
      (FEATURES, LABELS)).batch(8).repeat()
  features, labels = tf.data.make_one_shot_iterator(batch).get_next()
  predictions = tf.argmax(model(features), 1)
  names_to_values, names_to_updates = tf.contrib.metrics.aggregate_metric_map({
      'accuracy': tf.contrib.metrics.streaming_accuracy(predictions, labels),
      'mean_label': tf.contrib.metrics.streaming_mean(tf.cast(labels,
                                                              tf.float32)),
  })
  values = tf.contrib.training.evaluate_repeatedly(
      LOGDIR, eval_ops=list(names_to_updates.values()),
      final_ops=names_to_values, eval_interval_secs=0,
      max_number_of_evaluations=1,
      hooks=[tf.contrib.training.StopAfterNEvalsHook(2),
             tf.contrib.training.SummaryAtEndHook(LOGDIR)])
  print('OUT', sorted(values), float(values['accuracy']) >= 0.75,
        round(float(values['mean_label']), 4) == round(LABELS.mean(), 4),
        file=sys.stdout)
