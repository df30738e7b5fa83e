"""Stand-in for ``tensorflow.contrib.legacy_seq2seq``: TF 1.x's
sequence-to-sequence decoders, models, losses and bucketing, with TF 1.15's
variable names, over any cell with the RNNCell interface (slimcompat's
Keras-free TF 1.x cells, or TensorFlow's own where they run)."""

from slimcompat.contrib._seq2seq_decoders import attention_decoder
from slimcompat.contrib._seq2seq_decoders import embedding_attention_decoder
from slimcompat.contrib._seq2seq_decoders import embedding_rnn_decoder
from slimcompat.contrib._seq2seq_decoders import rnn_decoder
from slimcompat.contrib._seq2seq_losses import model_with_buckets
from slimcompat.contrib._seq2seq_losses import sequence_loss
from slimcompat.contrib._seq2seq_losses import sequence_loss_by_example
from slimcompat.contrib._seq2seq_models import basic_rnn_seq2seq
from slimcompat.contrib._seq2seq_models import embedding_attention_seq2seq
from slimcompat.contrib._seq2seq_models import embedding_rnn_seq2seq
from slimcompat.contrib._seq2seq_models import embedding_tied_rnn_seq2seq
from slimcompat.contrib._seq2seq_models import one2many_rnn_seq2seq
from slimcompat.contrib._seq2seq_models import tied_rnn_seq2seq

__all__ = [
    'attention_decoder',
    'basic_rnn_seq2seq',
    'embedding_attention_decoder',
    'embedding_attention_seq2seq',
    'embedding_rnn_decoder',
    'embedding_rnn_seq2seq',
    'embedding_tied_rnn_seq2seq',
    'model_with_buckets',
    'one2many_rnn_seq2seq',
    'rnn_decoder',
    'sequence_loss',
    'sequence_loss_by_example',
    'tied_rnn_seq2seq',
]
