"""The rnn_cell tests build TF1 graphs: eager execution off, TF's
deprecation notices for the TF1 RNN functions silenced."""

import warnings

import pytest

from slimcompat._compat import tf


@pytest.fixture(autouse=True)
def _graph_mode():
  warnings.filterwarnings('ignore', message='.*is deprecated.*')
  if tf.executing_eagerly():
    tf.disable_eager_execution()
  yield
