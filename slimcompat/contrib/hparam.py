"""Stand-in for ``tensorflow.contrib.training.python.training.hparam``."""

from slimcompat.contrib._hparams import HParams
from slimcompat.contrib._hparams import parse_values

__all__ = ['HParams', 'parse_values']
