"""Stand-in for ``tensorflow.contrib.tfprof.tfprof_logger``."""

from slimcompat._compat import tf


def write_op_log(graph, log_dir, op_log=None, run_meta=None, add_trace=True):
  """Writes the op log of `graph` to `log_dir` (``tf.compat.v1.profiler``)."""
  tf.profiler.write_op_log(graph, log_dir, op_log=op_log, run_meta=run_meta,
                           add_trace=add_trace)


__all__ = ['write_op_log']
