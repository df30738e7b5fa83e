"""Stand-in for ``tensorflow.contrib.rnn``: TF 1.x's recurrent cells and
sequence functions, without Keras.

The cells of ``tf.nn.rnn_cell`` (`slimcompat.rnn_cell`), the block and
layer-norm cells, the projection / embedding / attention wrappers and the
stacked bidirectional RNNs are served; ``static_rnn``,
``static_bidirectional_rnn`` and ``static_state_saving_rnn`` are
TensorFlow's own.  The rarely used rest of contrib.rnn is importable but
raises NotImplementedError when called, naming what to use instead.
"""

from slimcompat._compat import tf as _tf
from slimcompat.contrib._missing import stand_in as _stand_in
from slimcompat.contrib._rnn_block_cells import GRUBlockCell
from slimcompat.contrib._rnn_block_cells import GRUBlockCellV2
from slimcompat.contrib._rnn_block_cells import LSTMBlockCell
from slimcompat.contrib._rnn_block_cells import LSTMBlockFusedCell
from slimcompat.contrib._rnn_functions import best_effort_input_batch_size
from slimcompat.contrib._rnn_functions import stack_bidirectional_dynamic_rnn
from slimcompat.contrib._rnn_functions import stack_bidirectional_rnn
from slimcompat.contrib._rnn_functions import transpose_batch_time
from slimcompat.contrib._rnn_layer_norm import LayerNormBasicLSTMCell
from slimcompat.contrib._rnn_wrappers import AttentionCellWrapper
from slimcompat.contrib._rnn_wrappers import EmbeddingWrapper
from slimcompat.contrib._rnn_wrappers import InputProjectionWrapper
from slimcompat.contrib._rnn_wrappers import OutputProjectionWrapper
from slimcompat.rnn_cell import BasicLSTMCell
from slimcompat.rnn_cell import BasicRNNCell
from slimcompat.rnn_cell import DeviceWrapper
from slimcompat.rnn_cell import DropoutWrapper
from slimcompat.rnn_cell import GRUCell
from slimcompat.rnn_cell import LSTMCell
from slimcompat.rnn_cell import LSTMStateTuple
from slimcompat.rnn_cell import MultiRNNCell
from slimcompat.rnn_cell import RNNCell
from slimcompat.rnn_cell import ResidualWrapper
from slimcompat.rnn_cell._base import LayerRNNCell

static_rnn = _tf.nn.static_rnn
static_bidirectional_rnn = _tf.nn.static_bidirectional_rnn
static_state_saving_rnn = _tf.nn.static_state_saving_rnn

# Not served: importable, raise NotImplementedError (with the hint of the
# alias table) when called.
BidirectionalGridLSTMCell = _stand_in(
    'tensorflow.contrib.rnn.BidirectionalGridLSTMCell')
CompiledWrapper = _stand_in('tensorflow.contrib.rnn.CompiledWrapper')
Conv1DLSTMCell = _stand_in('tensorflow.contrib.rnn.Conv1DLSTMCell')
Conv2DLSTMCell = _stand_in('tensorflow.contrib.rnn.Conv2DLSTMCell')
Conv3DLSTMCell = _stand_in('tensorflow.contrib.rnn.Conv3DLSTMCell')
ConvLSTMCell = _stand_in('tensorflow.contrib.rnn.ConvLSTMCell')
CoupledInputForgetGateLSTMCell = _stand_in(
    'tensorflow.contrib.rnn.CoupledInputForgetGateLSTMCell')
FusedRNNCell = _stand_in('tensorflow.contrib.rnn.FusedRNNCell')
FusedRNNCellAdaptor = _stand_in('tensorflow.contrib.rnn.FusedRNNCellAdaptor')
GLSTMCell = _stand_in('tensorflow.contrib.rnn.GLSTMCell')
GridLSTMCell = _stand_in('tensorflow.contrib.rnn.GridLSTMCell')
HighwayWrapper = _stand_in('tensorflow.contrib.rnn.HighwayWrapper')
IndRNNCell = _stand_in('tensorflow.contrib.rnn.IndRNNCell')
IndyGRUCell = _stand_in('tensorflow.contrib.rnn.IndyGRUCell')
IndyLSTMCell = _stand_in('tensorflow.contrib.rnn.IndyLSTMCell')
IntersectionRNNCell = _stand_in('tensorflow.contrib.rnn.IntersectionRNNCell')
LSTMBlockWrapper = _stand_in('tensorflow.contrib.rnn.LSTMBlockWrapper')
LayerNormLSTMCell = _stand_in('tensorflow.contrib.rnn.LayerNormLSTMCell')
NASCell = _stand_in('tensorflow.contrib.rnn.NASCell')
PhasedLSTMCell = _stand_in('tensorflow.contrib.rnn.PhasedLSTMCell')
SRUCell = _stand_in('tensorflow.contrib.rnn.SRUCell')
TimeFreqLSTMCell = _stand_in('tensorflow.contrib.rnn.TimeFreqLSTMCell')
TimeReversedFusedRNN = _stand_in('tensorflow.contrib.rnn.TimeReversedFusedRNN')
UGRNNCell = _stand_in('tensorflow.contrib.rnn.UGRNNCell')

__all__ = [
    'AttentionCellWrapper', 'BasicLSTMCell', 'BasicRNNCell',
    'BidirectionalGridLSTMCell', 'CompiledWrapper', 'Conv1DLSTMCell',
    'Conv2DLSTMCell', 'Conv3DLSTMCell', 'ConvLSTMCell',
    'CoupledInputForgetGateLSTMCell', 'DeviceWrapper', 'DropoutWrapper',
    'EmbeddingWrapper', 'FusedRNNCell', 'FusedRNNCellAdaptor', 'GLSTMCell',
    'GRUBlockCell', 'GRUBlockCellV2', 'GRUCell', 'GridLSTMCell',
    'HighwayWrapper', 'IndRNNCell', 'IndyGRUCell', 'IndyLSTMCell',
    'InputProjectionWrapper', 'IntersectionRNNCell', 'LSTMBlockCell',
    'LSTMBlockFusedCell', 'LSTMBlockWrapper', 'LSTMCell', 'LSTMStateTuple',
    'LayerNormBasicLSTMCell', 'LayerNormLSTMCell', 'LayerRNNCell',
    'MultiRNNCell', 'NASCell', 'OutputProjectionWrapper', 'PhasedLSTMCell',
    'RNNCell', 'ResidualWrapper', 'SRUCell', 'TimeFreqLSTMCell',
    'TimeReversedFusedRNN', 'UGRNNCell', 'best_effort_input_batch_size',
    'stack_bidirectional_dynamic_rnn', 'stack_bidirectional_rnn',
    'static_bidirectional_rnn', 'static_rnn', 'static_state_saving_rnn',
    'transpose_batch_time',
]
