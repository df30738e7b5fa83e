"""`slimcompat run`: execute a legacy slim script unchanged.

The script runs as ``__main__`` with its own argv, the legacy import names
installed (`slimcompat.install()`) and TensorFlow's v2 behaviour switched off,
so it builds graphs exactly as it did on TF 1.x.  With ``tf1=True`` a plain
``import tensorflow as tf`` also gets ``tensorflow.compat.v1``, so TF1-era
scripts (``tf.placeholder``, ``tf.Session``, ``tf.app.run``) work too.

What the user sees is what ``python SCRIPT`` shows on TF 1.x: a missing script
is one line and exit status 2, an error raised by the script is Python's own
traceback (no slimcompat frames) and exit status 1, Ctrl-C is the short
KeyboardInterrupt traceback of the script's own lines and exit status 130, and
every TensorFlow log line appears once.  Importing this module does not import
TensorFlow: the command answers a missing script at once.
"""

import contextlib
import importlib
import logging
import os
import runpy
import sys
import sysconfig
import types
import warnings

from slimcompat import _aliases
from slimcompat import _legacy_runtime
from slimcompat.v1_layers import _serve as _v1_layers_switch

PROGRAM = 'slimcompat'
INTERRUPTED = 130  # exit status after Ctrl-C: 128 + SIGINT


def run_script(path, args=(), tf1=False, legacy_python=True):
  """Runs the script at `path` with `args`; returns when it finishes.

  With `legacy_python` the script also gets the NumPy and Python 2 names of
  `slimcompat._legacy_python`, with `tf1` the TF 1.15 call forms of
  `slimcompat._legacy_runtime.CALL_FORMS`; both only while it runs, and the
  names it used are listed on stderr at the end.

  Exceptions and ``SystemExit`` raised by the script propagate unchanged.

  Raises:
    FileNotFoundError: if `path` does not exist.
  """
  problem = cant_open(path)
  if problem:
    raise FileNotFoundError(problem)
  from slimcompat import _compat  # pylint: disable=import-outside-toplevel
  with quiet_deprecations():
    # The runner, not the script, asks for TF1 behaviour: the notice TF logs
    # about its own internals while switching would be noise in the script's
    # log (TF 1.x never printed it).
    # `import tensorflow.compat.v1` can give another module object than
    # `tf.compat.v1`; made now, it gets the TF1 layers / keras.utils
    # stand-ins that install() serves on Keras 3 as well.
    importlib.import_module('tensorflow.compat.v1')
    _aliases.install()
    _compat.tf.disable_v2_behavior()
  saved_argv, saved_path = sys.argv, list(sys.path)
  saved_tensorflow = sys.modules.get('tensorflow')
  sys.argv = [path] + list(args)
  sys.path.insert(0, os.path.dirname(_python_abspath(path)))
  if tf1:
    sys.modules['tensorflow'] = _compat.tf
  try:
    with _tensorflow_lines_once(), _legacy_runtime.serving(
        python=legacy_python, call_forms=tf1):
      # Compiled under the absolute name, as `python` does since 3.9, so
      # tracebacks and __file__ read the same.
      runpy.run_path(_python_abspath(path), run_name='__main__')
  finally:
    sys.argv, sys.path[:] = saved_argv, saved_path
    if saved_tensorflow is not None:
      sys.modules['tensorflow'] = saved_tensorflow


@_legacy_runtime.summary_last()  # the served names' line after a traceback
def main(path, args=(), tf1=False, legacy_python=True):
  """`run_script` as a command: returns the exit status ``python`` would.

  A script that cannot be opened, or a bad ``SLIMCOMPAT_V1_LAYERS`` value,
  gets a one-line message on stderr and status 2; an exception from the
  script gets the traceback Python prints (through ``sys.excepthook``, starting at the script's own frame) and
  status 1.  Ctrl-C (KeyboardInterrupt) gets the traceback of the script's
  own frames only, as short as ``python``'s, and status 130 (128 + SIGINT, as
  a shell reports it).  ``SystemExit`` propagates, so ``sys.exit(3)`` exits 3.
  """
  problem = cant_open(path)
  if problem:
    print('%s: %s' % (PROGRAM, problem), file=sys.stderr)
    return 2
  try:
    _v1_layers_switch.choice()
  except ValueError as err:
    print('%s: %s' % (PROGRAM, err), file=sys.stderr)
    return 2
  try:
    run_script(path, args, tf1=tf1, legacy_python=legacy_python)
  except Exception as err:  # pylint: disable=broad-except
    # The hook prints the exception's own __traceback__, so trim that.
    traceback = _without_runner_frames(err.__traceback__)
    sys.excepthook(type(err), err.with_traceback(traceback), traceback)
    return 1
  except KeyboardInterrupt as interrupt:
    # Where the interrupt landed (a session run, absl's app.run) is not the
    # user's business: only the script's frames are shown.
    traceback = _user_frames(interrupt.__traceback__, path)
    interrupt.__suppress_context__ = True
    sys.excepthook(KeyboardInterrupt, interrupt.with_traceback(traceback),
                   traceback)
    return INTERRUPTED
  return 0


def cant_open(path):
  """Python's complaint (after ``python: ``) if `path` cannot be run, or None.

  A directory or zip file is left to `runpy`, which runs its ``__main__``;
  a directory without one gets Python's complaint.
  """
  if os.path.isdir(path):
    if os.path.isfile(os.path.join(path, '__main__.py')):
      return None
    return "can't find '__main__' module in %r" % os.path.abspath(path)
  try:
    with open(path, 'rb'):
      pass
  except OSError as err:
    return "can't open file %r: [Errno %d] %s" % (_python_abspath(path),
                                                 err.errno, err.strerror)
  return None


def _python_abspath(path):
  # `python` joins a relative script path to the working directory without
  # normalising it (`/cwd/./x.py`); its messages and __file__ show that.
  return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def _without_runner_frames(traceback):
  """`traceback` from the script's first frame on (None if it has none).

  The frames of this module and of `runpy` come before the script's; Python's
  own traceback of ``python SCRIPT`` starts at the script.  A SyntaxError in
  the script has no frame of it, and Python prints it without a traceback.
  """
  while traceback is not None and traceback.tb_frame.f_globals.get(
      '__name__') in (__name__, runpy.__name__):
    traceback = traceback.tb_next
  return traceback


def _library_roots():
  """Folders whose files are not the user's: slimcompat, the standard
  library and the installed packages."""
  roots = {os.path.dirname(os.path.abspath(__file__))}
  paths = sysconfig.get_paths()
  roots.update(os.path.abspath(paths[key]) for key in
               ('stdlib', 'platstdlib', 'purelib', 'platlib') if key in paths)
  return tuple(root + os.sep for root in roots)


def _user_frames(traceback, script):
  """A traceback of the frames of `traceback` in `script` and the user's
  other files."""
  roots = _library_roots()
  script = os.path.abspath(_python_abspath(script))
  frames = []
  while traceback is not None:
    filename = os.path.abspath(traceback.tb_frame.f_code.co_filename)
    if filename == script or not (
        traceback.tb_frame.f_code.co_filename.startswith('<') or
        filename.startswith(roots)):
      frames.append(traceback)
    traceback = traceback.tb_next
  kept = None
  for frame in reversed(frames):
    kept = types.TracebackType(kept, frame.tb_frame, frame.tb_lasti,
                               frame.tb_lineno)
  return kept


class _DeprecationNotices(logging.Filter):
  """Drops TensorFlow's "... is deprecated ..." notices."""

  def filter(self, record):
    return not is_deprecation_notice(record)


def is_deprecation_notice(record):
  """Whether a log record is a TensorFlow (or slim) deprecation notice."""
  return 'Instructions for updating' in str(record.msg)


@contextlib.contextmanager
def _filtering(target, log_filter):
  """`log_filter` on `target` (a logger or handler) for the block."""
  target.addFilter(log_filter)
  try:
    yield
  finally:
    target.removeFilter(log_filter)


def quiet_deprecations():
  return _filtering(logging.getLogger('tensorflow'), _DeprecationNotices())


class _PrintedByTensorflow(logging.Filter):
  """Drops, at absl's root handler, what TensorFlow's own handler printed.

  TensorFlow gives its logger a handler of its own when the root logger has
  none (at import); ``tf.app.run`` / ``absl.app.run`` then add absl's handler
  to the root logger, and every TensorFlow record propagates there too, so it
  is printed twice (TF 1.x printed it once, as ``INFO:tensorflow:...``).  Only
  absl's handler is filtered: the user's own handlers, on the root logger or
  elsewhere, still receive every record.
  """

  def filter(self, record):
    if record.name != 'tensorflow' and not record.name.startswith(
        'tensorflow.'):
      return True
    return not logging.getLogger('tensorflow').handlers


@contextlib.contextmanager
def _tensorflow_lines_once():
  try:
    from absl import logging as absl_logging  # pylint: disable=import-outside-toplevel
  except ImportError:  # absl comes with TensorFlow; without it, no duplicate.
    yield
    return
  with _filtering(absl_logging.get_absl_handler(), _PrintedByTensorflow()):
    yield


class _StepsAndWarnings(logging.Filter):
  """Keeps slim's step lines and real warnings; drops the rest of the chatter."""

  def filter(self, record):
    if is_deprecation_notice(record):
      return False
    return (record.levelno >= logging.WARNING or
            record.getMessage().startswith('global step '))


@contextlib.contextmanager
def steps_and_warnings_only():
  """A concise TensorFlow log: slim's "global step N: loss = ..." lines and
  warnings that are not deprecation notices; Python warnings raised inside
  TensorFlow are left out too.  For `slimcompat demo`, whose bundled script is
  legacy code on purpose and so calls deprecated functions all along.
  """
  tf_logger = logging.getLogger('tensorflow')
  concise = _StepsAndWarnings()
  tf_logger.addFilter(concise)
  try:
    with warnings.catch_warnings():
      warnings.filterwarnings('ignore', module=r'tensorflow\.')
      yield
  finally:
    tf_logger.removeFilter(concise)
