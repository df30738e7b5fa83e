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

from slimcompat._lazy import attribute_loader as _attribute_loader

# Public name -> the private module that holds it, loaded on first access:
# `slimcompat.install()` imports this package's `_serve` on every
# TensorFlow, which must not cost the cells where they are not served.
_HOMES = {
    'RNNCell': '_base',
    'BasicLSTMCell': '_lstm',
    'LSTMCell': '_lstm',
    'LSTMStateTuple': '_lstm',
    'MultiRNNCell': '_multi',
    'BasicRNNCell': '_simple_cells',
    'GRUCell': '_simple_cells',
    'DeviceWrapper': '_wrappers',
    'DropoutWrapper': '_wrappers',
    'ResidualWrapper': '_wrappers',
}

__all__ = [
    'BasicLSTMCell', 'BasicRNNCell', 'DeviceWrapper', 'DropoutWrapper',
    'GRUCell', 'LSTMCell', 'LSTMStateTuple', 'MultiRNNCell', 'RNNCell',
    'ResidualWrapper',
]


__getattr__, __dir__ = _attribute_loader(
    __name__, {name: (__name__ + '.' + home, name)
               for name, home in _HOMES.items()},
    reference='tf.compat.v1.nn.rnn_cell')
