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
