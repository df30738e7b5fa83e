"""slimcompat.layers never needs Keras: with keras, tf_keras and tf_slim made
unimportable, a model that uses every layer builds and takes a training step."""

import textwrap

from tests.test_no_private_imports import run_with_keras_blocked

EVERY_LAYER_MODEL = textwrap.dedent(r'''
    import numpy as np
    import slimcompat as slim
    from slimcompat._compat import tf  # (`import tensorflow.compat.v1`
    # itself probes for keras on TF 2.21; that is TensorFlow's business)

    tf.disable_eager_execution()
    rng = np.random.RandomState(0)
    parts = []

    def keep(t):
      parts.append(tf.reduce_mean(tf.square(tf.cast(t, tf.float32))))
      return t

    images = tf.constant(rng.rand(2, 8, 8, 3), tf.float32)
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_regularizer=slim.l2_regularizer(1e-4),
                        weights_initializer=slim.xavier_initializer()):
      net = slim.conv2d(images, 4, [3, 3], normalizer_fn=slim.batch_norm,
                        normalizer_params={'is_training': True})
      net = keep(slim.batch_norm(net, fused=False, scale=True))
      net = keep(slim.batch_norm(net, renorm=True))
      net = keep(slim.batch_norm(net, zero_debias_moving_mean=True))
      net = slim.conv2d_in_plane(net, [3, 3])
      net = slim.separable_conv2d(net, 4, [3, 3], depth_multiplier=1)
      net = slim.separable_conv2d(net, None, [3, 3], depth_multiplier=1)
      net = slim.conv2d_transpose(net, 4, [3, 3])
      net = slim.convolution2d(net, 4, [3, 3], rate=2,
                               weights_initializer=slim.variance_scaling_initializer())
      net = slim.layer_norm(net)
      net = slim.group_norm(net, groups=2)
      net = slim.instance_norm(net)
      net = slim.gdn(net)
      net = keep(slim.gdn(net, inverse=True))
      net = slim.unit_norm(net, dim=3)
      net = slim.bias_add(slim.relu6(slim.elu(net, 4), 4))  # dense layers
      net = slim.repeat(net, 2, slim.conv2d, 4, [1, 1], scope='repeat')
      net = slim.stack(net, slim.conv2d, [(4, [1, 1]), (4, [1, 1])],
                       scope='stack')
      net = slim.maxout(slim.relu(net, 4), num_units=2)
      keep(slim.spatial_softmax(net))
      net = slim.scale_gradient(net, 0.5)
      net = slim.max_pool2d(net, [2, 2])
      net = slim.avg_pool2d(net, [1, 1])
      net = slim.pool(net, [1, 1], 'MAX', padding='SAME')
      keep(slim.sequence_to_images(slim.images_to_sequence(net), 4))
      net = slim.dropout(slim.flatten(net), 0.9, is_training=True)
      net = slim.fully_connected(net, 6)
      net = slim.linear(net, 6)
      net = slim.legacy_fully_connected(net, 6)
      net = slim.legacy_linear(slim.legacy_relu(net, 6), 5)
      keep(slim.softmax(net))

      signal = tf.constant(rng.rand(2, 8, 3), tf.float32)
      keep(slim.conv1d(signal, 3, 3))
      volume = tf.constant(rng.rand(2, 4, 4, 4, 3), tf.float32)
      vol = slim.conv3d(volume, 2, [3, 3, 3])
      vol = slim.conv3d_transpose(vol, 2, [3, 3, 3])
      vol = slim.max_pool3d(slim.avg_pool3d(vol, [1, 1, 1]), [2, 2, 2])
      keep(vol)

      rev_in = tf.constant(rng.rand(2, 4), tf.float32)
      def dense(t):
        return slim.fully_connected(t, 4, activation_fn=tf.tanh)

      def recomputed(t):
        return slim.fully_connected(t, 3, scope='recomputed')

      y1, y2 = slim.rev_block(rev_in, rev_in * 0.5, dense, dense, num_layers=2)
      recomputed_out = slim.layers.recompute_grad(recomputed)(rev_in)
      # Their gradients rebuild the layers in the current variable scope, so
      # (as with tf-slim) they are trained outside optimize_loss's scope.
      memory_saving_loss = (tf.reduce_sum(tf.square(y1 + y2)) +
                            tf.reduce_sum(tf.square(recomputed_out)))

    labels = tf.constant([1, 3])
    keep(slim.one_hot_encoding(labels, 5))
    sparse = slim.layers.dense_to_sparse(tf.constant([[0, 2], [3, 0]]))
    keep(tf.sparse.to_dense(sparse))
    slim.losses.softmax_cross_entropy(net, slim.one_hot_encoding(labels, 5))
    loss = tf.add_n([slim.losses.get_total_loss()] + parts)
    step = tf.train.get_or_create_global_step()
    train_op = slim.optimize_loss(loss, step, learning_rate=0.05,
                                  optimizer='SGD',
                                  clip_gradients=5.0, summaries=['loss'])
    memory_saving_op = tf.train.GradientDescentOptimizer(0.05).minimize(
        memory_saving_loss)
    with tf.Session() as sess:
      sess.run([tf.global_variables_initializer(),
                tf.local_variables_initializer()])
      before = sess.run(loss)
      after_step, _ = sess.run([train_op, memory_saving_op])
      assert np.isfinite(before) and np.isfinite(after_step), (before,
                                                               after_step)
      assert sess.run(step) == 1
    assert not attempts, attempts
    print('TRAINED %d model variables' % len(slim.get_model_variables()))
''')


def test_every_layer_trains_with_keras_unimportable():
  result = run_with_keras_blocked(EVERY_LAYER_MODEL)
  assert result.returncode == 0 and 'TRAINED' in result.stdout, (
      result.stdout[-3000:] + result.stderr[-5000:])
