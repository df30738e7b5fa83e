"""`slimcompat run`: execute a legacy slim script unchanged.

The script runs as ``__main__`` with its own argv, the legacy import names
installed (`slimcompat.install()`) and TensorFlow's v2 behaviour switched off,
so it builds graphs exactly as it did on TF 1.x.  With ``tf1=True`` a plain
``import tensorflow as tf`` also gets ``tensorflow.compat.v1``, so TF1-era
scripts (``tf.placeholder``, ``tf.Session``, ``tf.app.run``) work too.
"""

import os
import runpy
import sys

from slimcompat import _aliases
from slimcompat import _compat


def run_script(path, args=(), tf1=False):
  """Runs the script at `path` with `args`; returns when it finishes.

  Exceptions and ``SystemExit`` raised by the script propagate unchanged, so
  the caller's exit status and traceback are those of ``python SCRIPT``.

  Raises:
    FileNotFoundError: if `path` does not exist.
  """
  if not os.path.isfile(path):
    raise FileNotFoundError(
        "can't open file %r: [Errno 2] No such file or directory" % path)
  _aliases.install()
  _compat.tf.disable_v2_behavior()
  saved_argv, saved_path = sys.argv, list(sys.path)
  saved_tensorflow = sys.modules.get('tensorflow')
  sys.argv = [path] + list(args)
  sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
  if tf1:
    sys.modules['tensorflow'] = _compat.tf
  try:
    runpy.run_path(path, run_name='__main__')
  finally:
    sys.argv, sys.path[:] = saved_argv, saved_path
    if saved_tensorflow is not None:
      sys.modules['tensorflow'] = saved_tensorflow
