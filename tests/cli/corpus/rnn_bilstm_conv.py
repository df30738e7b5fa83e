# 2018 text-recognition style: slim conv features read column by column by a
# bidirectional tf.nn.rnn_cell.LSTMCell, per-column class logits, trained with
# slim.learning.train (run under `slimcompat run --tf1`).
import numpy as np
import tensorflow as tf

slim = tf.contrib.slim

tf.app.flags.DEFINE_string('logdir', '/tmp/rnn_bilstm_conv', 'train dir')
tf.app.flags.DEFINE_integer('steps', 40, 'training steps')
FLAGS = tf.app.flags.FLAGS

NUM_CLASSES = 3
HEIGHT, WIDTH = 8, 32


def make_data(rng, count):
  """Images whose every 2-pixel column pair shows one of three patterns."""
  labels = rng.randint(0, NUM_CLASSES, (count, WIDTH // 2))
  images = np.zeros((count, HEIGHT, WIDTH, 1), np.float32)
  for n in range(count):
    for step, label in enumerate(labels[n]):
      rows = slice(0, HEIGHT) if label == 0 else (
          slice(0, HEIGHT // 2) if label == 1 else slice(HEIGHT // 2, HEIGHT))
      images[n, rows, 2 * step:2 * step + 2, 0] = 1.0
  images += rng.normal(0, 0.1, images.shape)
  return images, labels.astype(np.int64)


def conv_features(images, is_training):
  with slim.arg_scope([slim.conv2d], padding='SAME',
                      weights_regularizer=slim.l2_regularizer(1e-5)):
    net = slim.conv2d(images, 8, [3, 3], scope='conv1')
    net = slim.conv2d(net, 8, [3, 3], scope='conv2')
    net = slim.max_pool2d(net, [2, 2], scope='pool1')
  return net


def bilstm(features, num_units):
  # [batch, h, w, c] -> [batch, w, h * c]: one time step per column.
  shape = features.get_shape().as_list()
  seq = tf.reshape(tf.transpose(features, [0, 2, 1, 3]),
                   [-1, shape[2], shape[1] * shape[3]])
  lengths = tf.fill([tf.shape(seq)[0]], shape[2])
  cell_fw = tf.nn.rnn_cell.LSTMCell(num_units, use_peepholes=False)
  cell_bw = tf.nn.rnn_cell.LSTMCell(num_units)
  cell_fw = tf.nn.rnn_cell.DropoutWrapper(cell_fw, output_keep_prob=0.9)
  (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(
      cell_fw, cell_bw, seq, sequence_length=lengths, dtype=tf.float32)
  return tf.concat([out_fw, out_bw], 2)


def train(images, labels, steps):
  """Builds the model and trains it up to global step `steps` (resuming from
  FLAGS.logdir); returns the last step's loss."""
  with tf.Graph().as_default():
    tf.set_random_seed(0)
    queue = tf.train.slice_input_producer([images, labels], shuffle=True,
                                          seed=1)
    batch_images, batch_labels = tf.train.batch(queue, batch_size=16)
    seq = bilstm(conv_features(batch_images, True), 16)
    logits = slim.fully_connected(seq, NUM_CLASSES, activation_fn=None,
                                  scope='logits')
    tf.losses.sparse_softmax_cross_entropy(batch_labels, logits)
    total_loss = tf.losses.get_total_loss()
    optimizer = tf.train.AdamOptimizer(0.01)
    train_op = slim.learning.create_train_op(total_loss, optimizer)
    return slim.learning.train(train_op, FLAGS.logdir, number_of_steps=steps,
                               save_summaries_secs=3600,
                               save_interval_secs=3600)


def main(_):
  rng = np.random.RandomState(0)
  images, labels = make_data(rng, 64)
  first = train(images, labels, 1)
  last = train(images, labels, FLAGS.steps)
  checkpoint = tf.train.latest_checkpoint(FLAGS.logdir)
  names = sorted(name for name, _ in tf.train.list_variables(checkpoint)
                 if 'bidirectional_rnn' in name and 'Adam' not in name)
  print('LOSS %.4f %.4f %s' % (first, last, last < 0.5 * first))
  print('CKPT', names)


if __name__ == '__main__':
  tf.app.run()
