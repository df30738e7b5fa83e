"""`slimcompat scan` knows contrib.lookup, contrib.legacy_seq2seq and the
HParams protos as served, and contrib.seq2seq / cudnn_rnn as refused."""

import textwrap

from slimcompat import _scan


def _verdict(tmp_path, source):
  path = tmp_path / 'train.py'
  path.write_text(textwrap.dedent(source))
  return _scan.scan([str(tmp_path)]).verdicts[str(path)]


def test_served_sequence_names_run(tmp_path):
  found = _verdict(tmp_path, '''\
      import tensorflow as tf
      from tensorflow.contrib import legacy_seq2seq
      from tensorflow.contrib.lookup import index_table_from_file
      table = tf.contrib.lookup.index_to_string_table_from_tensor(['a'])
      hparams = tf.contrib.training.HParams(a=1)
      restored = tf.contrib.training.HParams(hparam_def=hparams.to_proto())
      loss = legacy_seq2seq.sequence_loss
      ''')
  assert found.status == 'runs', found


def test_seq2seq_and_cudnn_stay_refused(tmp_path):
  for module in ('seq2seq', 'cudnn_rnn'):
    found = _verdict(tmp_path, 'import tensorflow as tf\n'
                     'x = tf.contrib.%s\n' % module)
    assert found.status == 'fails-at-import'
    assert found.blocker.name == 'tensorflow.contrib.' + module


def test_tf1_cells_are_served(tmp_path):
  # On Keras 3 TensorFlow's own tf.compat.v1.nn.rnn_cell cannot build a cell;
  # slimcompat serves its Keras-free ones there, so the scan must not object.
  found = _verdict(tmp_path, '''\
      import tensorflow.compat.v1 as tf
      def build(inputs):
        cell = tf.nn.rnn_cell.LSTMCell(4)
        return tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
      if __name__ == '__main__':
        build(tf.zeros([1, 2, 3]))
      ''')
  assert found.status == 'runs', found
