"""TF 1.x's recurrent cells (``tf.compat.v1.nn.rnn_cell``), without Keras.

The cells of TF 1.15's ``tf.nn.rnn_cell`` with its names, arguments,
defaults, variable names (so TF1 checkpoints load), gate order and maths,
built on public ``tf.compat.v1`` ops.  They work with TensorFlow's own
``tf.compat.v1.nn.dynamic_rnn``, ``bidirectional_dynamic_rnn``,
``static_rnn`` and ``raw_rnn``.  On Keras-3 TensorFlow, where TensorFlow's
own cells refuse to work, `slimcompat.install()` and ``slimcompat run``
serve this module as ``tf.compat.v1.nn.rnn_cell`` (see
``slimcompat.rnn_cell._serve``).
"""

from slimcompat.rnn_cell._base import RNNCell
from slimcompat.rnn_cell._lstm import BasicLSTMCell
from slimcompat.rnn_cell._lstm import LSTMCell
from slimcompat.rnn_cell._lstm import LSTMStateTuple
from slimcompat.rnn_cell._multi import MultiRNNCell
from slimcompat.rnn_cell._simple_cells import BasicRNNCell
from slimcompat.rnn_cell._simple_cells import GRUCell
from slimcompat.rnn_cell._wrappers import DeviceWrapper
from slimcompat.rnn_cell._wrappers import DropoutWrapper
from slimcompat.rnn_cell._wrappers import ResidualWrapper

__all__ = [
    'BasicLSTMCell', 'BasicRNNCell', 'DeviceWrapper', 'DropoutWrapper',
    'GRUCell', 'LSTMCell', 'LSTMStateTuple', 'MultiRNNCell', 'RNNCell',
    'ResidualWrapper',
]
