"""Stand-in for ``tensorflow.contrib.tfprof.model_analyzer``: TF 1.x's option
presets and `print_model_analysis`, over ``tf.compat.v1.profiler``."""

from slimcompat._compat import tf

_OPTIONS = tf.profiler.ProfileOptionBuilder

# Option presets under their TF 1.x names, built by the public builder.
TRAINABLE_VARS_PARAMS_STAT_OPTIONS = _OPTIONS.trainable_variables_parameter()
FLOAT_OPS_OPTIONS = _OPTIONS.float_operation()
PRINT_ALL_TIMING_MEMORY = _OPTIONS.time_and_memory()
PRINT_PARAMS_ON_DEVICE = _OPTIONS(
    TRAINABLE_VARS_PARAMS_STAT_OPTIONS).select(['params', 'device']).build()


def print_model_analysis(graph, run_meta=None, op_log=None, tfprof_cmd='scope',
                         tfprof_options=TRAINABLE_VARS_PARAMS_STAT_OPTIONS):
  """Prints (and returns) the profile of `graph` (TF 1.x's older spelling).

  Args:
    graph: the tf.Graph to analyse.
    run_meta: optional RunMetadata of a traced run (for time and memory).
    op_log: optional OpLogProto with extra op information.
    tfprof_cmd: 'scope', 'graph', 'code' or 'op': how nodes are grouped.
    tfprof_options: an options dict, e.g. one of this module's presets.

  Returns:
    The profile proto ``tf.compat.v1.profiler.profile`` returns.
  """
  return tf.profiler.profile(graph=graph, run_meta=run_meta, op_log=op_log,
                             cmd=tfprof_cmd, options=tfprof_options)


__all__ = [
    'FLOAT_OPS_OPTIONS',
    'PRINT_ALL_TIMING_MEMORY',
    'PRINT_PARAMS_ON_DEVICE',
    'TRAINABLE_VARS_PARAMS_STAT_OPTIONS',
    'print_model_analysis',
]
