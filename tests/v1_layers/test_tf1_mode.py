"""The v1 layers' parity cases with TensorFlow's v2 behaviour switched off
(reference variables, v1 control flow), live against TF's own layers where
they work, else against TF 2.12's recording (`tests.tf1_mode`).  Every
variable the layers make there is a reference variable."""

from tests.tf1_mode import assert_tf1_mode_parity

ONLY_REF_VARIABLES = '''\
  kinds = {kind for _, _, _, kind in got[0]['variables']}
  assert kinds <= {'ref'}, (name, kinds)'''


def test_parity_with_v2_behavior_off():
  assert_tf1_mode_parity('slimcompat.v1_layers', 'tests.v1_layers',
                         'native_layers', extra=ONLY_REF_VARIABLES)
