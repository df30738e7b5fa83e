"""Image captioning, TF 1.x style (2018): an LSTM caption decoder over a slim
image feature vector, plus a bidirectional LSTM "text line" head over the
conv features, trained for a few steps.

Run:  python rnn_caption_decoder.py --train_dir=/tmp/captions --num_steps=15
"""
from __future__ import absolute_import
from __future__ import division
from __future__ import print_function

import os
import tempfile

import numpy as np
import tensorflow as tf

slim = tf.contrib.slim
legacy_seq2seq = tf.contrib.legacy_seq2seq

flags = tf.app.flags
flags.DEFINE_string('train_dir', '',
                    'Where the vocabulary and checkpoints go (default: a new '
                    'temporary directory).')
flags.DEFINE_integer('num_steps', 15, 'Training steps.')
flags.DEFINE_integer('lstm_units', 24, 'LSTM size.')
flags.DEFINE_float('keep_prob', 0.9, 'Dropout keep probability.')
FLAGS = flags.FLAGS

VOCAB = ['<S>', '</S>', 'a', 'the', 'cat', 'dog', 'sits', 'runs', 'on', 'mat',
         'grass', 'red', 'small']
CAPTIONS = [
    '<S> a cat sits on the mat </S>',
    '<S> a dog runs on the grass </S>',
    '<S> the small cat sits </S>',
    '<S> a red dog runs </S>',
]


def write_vocabulary(train_dir):
  """The word list, one word a line, as the im2txt preprocessing wrote it."""
  if not tf.gfile.IsDirectory(train_dir):
    tf.gfile.MakeDirs(train_dir)
  path = os.path.join(train_dir, 'word_counts.txt')
  with tf.gfile.GFile(path, 'w') as f:
    f.write('\n'.join(VOCAB) + '\n')
  return path


def image_features(images, is_training):
  """A tiny slim conv tower and its pooled feature vector."""
  with slim.arg_scope([slim.conv2d, slim.fully_connected],
                      weights_initializer=slim.xavier_initializer(),
                      weights_regularizer=slim.l2_regularizer(1e-5)):
    net = slim.conv2d(images, 8, [3, 3], scope='conv1')
    net = slim.max_pool2d(net, [2, 2], scope='pool1')
    conv = slim.conv2d(net, 16, [3, 3], scope='conv2')
    net = tf.reduce_mean(conv, [1, 2], name='global_pool')
    net = slim.dropout(net, 0.9, is_training=is_training, scope='dropout')
    embedding = slim.fully_connected(net, FLAGS.lstm_units,
                                     activation_fn=tf.tanh,
                                     scope='image_embedding')
  return conv, embedding


def padded_captions():
  words = [c.split() for c in CAPTIONS]
  longest = max(len(w) for w in words)
  padded = [w + ['</S>'] * (longest - len(w)) for w in words]
  return padded, [len(w) - 1 for w in words]


def build_model(vocab_file, is_training=True):
  batch = len(CAPTIONS)
  images = tf.constant(np.random.RandomState(0).rand(batch, 16, 16, 3),
                       dtype=tf.float32)
  conv, image_embedding = image_features(images, is_training)

  table = tf.contrib.lookup.index_table_from_file(
      vocabulary_file=vocab_file, num_oov_buckets=1)
  vocab_size = len(VOCAB) + 1
  words, lengths = padded_captions()
  ids = table.lookup(tf.constant(words))
  input_seqs, target_seqs = ids[:, :-1], ids[:, 1:]
  mask = tf.sequence_mask(lengths, len(words[0]) - 1, dtype=tf.float32)

  with tf.variable_scope('seq_embedding'):
    embedding_map = tf.get_variable('map', [vocab_size, FLAGS.lstm_units])
    seq_embeddings = tf.nn.embedding_lookup(embedding_map, input_seqs)

  lstm = tf.contrib.rnn.BasicLSTMCell(FLAGS.lstm_units)
  if is_training:
    lstm = tf.contrib.rnn.DropoutWrapper(
        lstm, input_keep_prob=FLAGS.keep_prob,
        output_keep_prob=FLAGS.keep_prob)
  initial_state = tf.contrib.rnn.LSTMStateTuple(
      c=tf.zeros_like(image_embedding), h=image_embedding)
  outputs, _ = tf.nn.dynamic_rnn(lstm, seq_embeddings,
                                 sequence_length=lengths,
                                 initial_state=initial_state,
                                 dtype=tf.float32)
  logits = slim.fully_connected(tf.reshape(outputs, [-1, FLAGS.lstm_units]),
                                vocab_size, activation_fn=None,
                                scope='logits')
  caption_loss = tf.reduce_sum(legacy_seq2seq.sequence_loss_by_example(
      [logits], [tf.reshape(target_seqs, [-1])], [tf.reshape(mask, [-1])],
      average_across_timesteps=False)) / tf.reduce_sum(mask)
  tf.losses.add_loss(caption_loss)

  # Text-line head: the rows of the conv map, read in both directions.
  columns = tf.reduce_mean(conv, 1)  # [batch, width, channels]
  (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
      tf.nn.rnn_cell.LSTMCell(8), tf.nn.rnn_cell.LSTMCell(8), columns,
      dtype=tf.float32)
  line_logits = slim.fully_connected(tf.concat([fw, bw], 2)[:, -1], 2,
                                     activation_fn=None, scope='line_logits')
  tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 1, 0, 1]),
                                         line_logits)
  return caption_loss, tf.losses.get_total_loss()


def main(_):
  tf.set_random_seed(1234)
  train_dir = FLAGS.train_dir or tempfile.mkdtemp()
  vocab_file = write_vocabulary(train_dir)
  caption_loss, total_loss = build_model(vocab_file)
  global_step = tf.train.get_or_create_global_step()
  train_op = slim.learning.create_train_op(
      total_loss, tf.train.AdamOptimizer(0.01), global_step=global_step)
  saver = tf.train.Saver()
  losses = []
  with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    for _ in range(FLAGS.num_steps):
      _, loss = sess.run([train_op, caption_loss])
      losses.append(loss)
    path = saver.save(sess, os.path.join(train_dir, 'model.ckpt'),
                      global_step=global_step)
  tf.logging.info('caption loss %.3f -> %.3f', losses[0], losses[-1])
  names = sorted(name for name, _ in tf.train.list_variables(path)
                 if 'Adam' not in name and 'power' not in name)
  print('OUT', np.mean(losses[-3:]) < np.mean(losses[:3]) * 0.8)
  print('VARS', ' '.join(names))


if __name__ == '__main__':
  tf.app.run()
