"""Stand-in for ``tensorflow.contrib.tfprof``: `ProfileContext` and the
``model_analyzer`` / ``tfprof_logger`` modules, over ``tf.compat.v1.profiler``."""

from slimcompat.contrib.tfprof import model_analyzer
from slimcompat.contrib.tfprof import tfprof_logger
from slimcompat.contrib.tfprof._profile_context import ProfileContext

__all__ = ['ProfileContext', 'model_analyzer', 'tfprof_logger']
