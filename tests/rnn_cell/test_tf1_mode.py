"""The RNN cells' parity cases with TensorFlow's v2 behaviour switched off
(reference variables, v1 control flow), live against TF's own cells where
they work, else against TF 2.12's recording (`tests.tf1_mode`)."""

from tests.tf1_mode import assert_tf1_mode_parity


def test_parity_with_v2_behavior_off():
  assert_tf1_mode_parity('slimcompat.rnn_cell', 'tests.rnn_cell',
                         'native_cells')
