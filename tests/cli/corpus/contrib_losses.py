# tf.contrib.losses (slim.losses in TF 1.x): a classification loss plus a
# metric-learning loss, trained for a few steps.
import numpy as np
import tensorflow as tf

slim = tf.contrib.slim
tf.set_random_seed(0)

rng = np.random.RandomState(3)
features = tf.constant(rng.rand(6, 5).astype(np.float32))
labels = tf.constant([0, 1, 2, 0, 1, 2])
embeddings = slim.fully_connected(features, 4, activation_fn=None,
                                  scope='embed')
logits = slim.fully_connected(embeddings, 3, activation_fn=None,
                              scope='logits')
tf.contrib.losses.softmax_cross_entropy(logits, tf.one_hot(labels, 3))
# Metric-learning losses return the loss; add_loss puts it in LOSSES.
tf.contrib.losses.add_loss(tf.contrib.losses.metric_learning.triplet_semihard_loss(
    labels, tf.nn.l2_normalize(embeddings, 1)))
total = tf.contrib.losses.get_total_loss(add_regularization_losses=False)
train_op = slim.learning.create_train_op(
    total, tf.train.GradientDescentOptimizer(0.5))
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  losses = [float(sess.run(train_op)) for _ in range(5)]
print('OUT', len(tf.contrib.losses.get_losses()), losses[-1] < losses[0],
      tf.contrib.losses is slim.losses)
