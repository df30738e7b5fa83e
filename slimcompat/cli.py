"""The `slimcompat` command (also ``python -m slimcompat``): run, scan, demo.

    slimcompat run [--tf1] [--no-legacy-python] SCRIPT [ARGS...]
                                              run a legacy slim script unchanged
    slimcompat scan [--json|--markdown] [--verbose] PATH...
                                              will it run? what blocks it
    slimcompat demo [--logdir DIR] [--steps N] [--verbose]
                                              train and evaluate a bundled legacy script
    slimcompat --version                      the versions a bug report needs

A usage error is one line on stderr and exit status 2, as ``python`` does.
TensorFlow is imported only to run, scan or demo: ``--help``, ``--version``,
usage errors and a missing script are answered at once.
"""

import argparse
import contextlib
import os
import re
import sys
import tempfile

DEMO_SCRIPT = os.path.join(os.path.dirname(__file__), 'examples',
                           'legacy_train.py')

# Distributions that install the `tensorflow` module, for --version.
_TF_DISTRIBUTIONS = ('tensorflow', 'tensorflow-cpu', 'tensorflow-gpu',
                     'tensorflow-intel', 'tensorflow-macos', 'tf-nightly',
                     'tf-nightly-cpu')


class _Parser(argparse.ArgumentParser):
  """argparse, with a usage error on one line (argparse prints the usage too)."""

  def error(self, message):
    self.exit(2, '%s: error: %s (see `%s --help`)\n' % (self.prog, message,
                                                        self.prog))


class _VersionAction(argparse.Action):
  """`--version`: prints `version_report()` and exits, whatever follows."""

  def __init__(self, option_strings, dest=argparse.SUPPRESS,
               default=argparse.SUPPRESS, help=None):  # pylint: disable=redefined-builtin
    super().__init__(option_strings, dest, nargs=0, default=default, help=help)

  def __call__(self, parser, namespace, values, option_string=None):
    print(version_report())
    parser.exit(0)


def _positive_int(text):
  try:
    value = int(text)
  except ValueError:
    raise argparse.ArgumentTypeError(
        'expected a whole number, got %r' % text) from None
  if value < 1:
    raise argparse.ArgumentTypeError(
        'expected a number of at least 1, got %d' % value)
  return value


def _distribution_version(name):
  from importlib import metadata  # pylint: disable=import-outside-toplevel
  try:
    return metadata.version(name)
  except metadata.PackageNotFoundError:
    return None


def _tensorflow_version():
  """TensorFlow's version and the distributions that installed it."""
  found = ['%s %s' % (name, version) for name, version in (
      (name, _distribution_version(name)) for name in _TF_DISTRIBUTIONS)
           if version]
  module = sys.modules.get('tensorflow')
  if module is None or not hasattr(module, '__version__'):
    if found:  # Cheaper than importing TensorFlow.
      return found[0].split()[1], found
    import tensorflow as module  # pylint: disable=import-outside-toplevel
  return module.__version__, found


def version_report():
  """slimcompat's, TensorFlow's, Python's versions and whether tf_keras is there.

  Read from package metadata and `find_spec`; tf_keras and Keras are never
  imported.
  """
  import importlib.util  # pylint: disable=import-outside-toplevel
  import platform  # pylint: disable=import-outside-toplevel
  import slimcompat  # pylint: disable=import-outside-toplevel
  tf_version, distributions = _tensorflow_version()
  tf_keras = importlib.util.find_spec('tf_keras') is not None
  lines = [
      'slimcompat %s (%s)' % (slimcompat.__version__,
                              os.path.dirname(slimcompat.__file__)),
      'TensorFlow %s (%s)' % (tf_version,
                              ', '.join(distributions) or 'no distribution '
                              'metadata'),
      'Python %s (%s, %s %s)' % (platform.python_version(),
                                 platform.python_implementation(),
                                 platform.system(), platform.machine()),
      'Keras %s' % (_distribution_version('keras') or 'not installed'),
      'NumPy %s' % (_distribution_version('numpy') or 'not installed'),
      'tf_keras %s' % ((_distribution_version('tf_keras') or 'present')
                       if tf_keras else 'not installed'),
  ]
  if os.environ.get('TF_USE_LEGACY_KERAS'):
    lines.append('TF_USE_LEGACY_KERAS=%s' % os.environ['TF_USE_LEGACY_KERAS'])
  return '\n'.join(lines)


_RUN_HELP = """\
Runs SCRIPT as __main__ with ARGS as its sys.argv[1:], unchanged: legacy
import names (tf_slim, tensorflow.contrib.slim, tf.contrib.*) are served by
slimcompat and TensorFlow's v2 behaviour is switched off, so the script builds
its graph as on TF 1.x.  SCRIPT may be a directory or zip file with a
__main__.py, as for python.  Options after SCRIPT are the script's own.

environment:
  SLIMCOMPAT_V1_LAYERS  auto (default), slimcompat or tensorflow: whose TF1
                        layers tf.compat.v1.layers is.

exit status:
  the script's own (0 when it returns, its sys.exit code), 1 when it raises
  (Python's traceback, starting at the script), 2 for a usage error or a
  script that cannot be opened, 130 after Ctrl-C."""

_SCAN_HELP = """\
Reads every .py file under PATH... (never runs them) and tells, per file and
per entry point, whether it runs on this TensorFlow with slimcompat, and what
blocks it.

exit status:
  0  nothing blocks
  1  something blocks, or may block (a "may fail when F is called" verdict:
     the use sits in a branch the scan cannot evaluate, such as
     `if FLAGS.quantize`)
  2  usage error: a PATH that does not exist or holds no .py file
  3  the scanner itself failed"""

_DEMO_HELP = """\
Trains a small convnet with a bundled TF1-style slim script
(slimcompat/examples/legacy_train.py, run by `slimcompat run --tf1`),
evaluates it before and after training, and prints where its checkpoints and
TensorBoard events are.  Run it again with the same --logdir and it resumes
from the latest checkpoint.

exit status:
  0 done, 2 usage error, 130 after Ctrl-C (it says at which step it stopped
  and which checkpoint is the latest)."""

# What TensorFlow's C++ side prints to stderr while it is imported.
_NATIVE_START_UP = re.compile(
    r'(WARNING: All log messages before absl::InitializeLog|'
    r'[IWE]\d{4} [\d:. ]+\d+ \w+\.cc:\d+\]|'
    r'\d{4}-\d\d-\d\d [\d:.]+: [IWE] \S+\.cc:\d+\]|'
    r'To enable the following instructions)')


def _parser():
  parser = _Parser(
      prog='slimcompat',
      description='Run legacy TF-Slim code unchanged on TensorFlow 2.',
      epilog='`slimcompat COMMAND --help` describes each command. '
      'Exit status 2: usage error.')
  parser.add_argument('--version', action=_VersionAction,
                      help='print the versions of slimcompat, TensorFlow, '
                      'Python (and whether tf_keras is installed) and exit')
  commands = parser.add_subparsers(dest='command', required=True,
                                   metavar='COMMAND')
  run = commands.add_parser(
      'run', help='run a legacy slim script as __main__, unchanged',
      description=_RUN_HELP, formatter_class=argparse.RawTextHelpFormatter)
  run.add_argument('--tf1', action='store_true',
                   help='also serve tensorflow.compat.v1 for '
                   '`import tensorflow as tf`\n(TF1-era scripts: '
                   'tf.placeholder, tf.Session, tf.app.run)')
  run.add_argument('--no-legacy-python', dest='legacy_python',
                   action='store_false',
                   help="don't serve NumPy's removed aliases (np.int...) and"
                   '\nPython 2 names (Queue, xrange...) to the script')
  run.add_argument('script', metavar='SCRIPT',
                   help='the Python file to run')
  # argparse counts a REMAINDER as required and names it when the script is
  # missing; the script may take no arguments at all.
  run.add_argument('args', nargs=argparse.REMAINDER, metavar='ARGS',
                   help="the script's arguments").required = False
  scan = commands.add_parser(
      'scan', help='report whether a legacy code base runs on this '
      'TensorFlow with slimcompat, and what blocks it',
      description=_SCAN_HELP, formatter_class=argparse.RawTextHelpFormatter)
  scan_format = scan.add_mutually_exclusive_group()
  scan_format.add_argument('--json', action='store_true',
                           help='print JSON, for programs')
  scan_format.add_argument('--markdown', action='store_true',
                           help='print Markdown, for a migration ticket')
  scan.add_argument('--verbose', '-v', action='store_true',
                    help='list every file and every use')
  scan.add_argument('paths', nargs='+', metavar='PATH',
                    help='a .py file or a folder (searched for .py files)')
  demo = commands.add_parser(
      'demo', help='train and evaluate a bundled TF1-style slim script',
      description=_DEMO_HELP, formatter_class=argparse.RawTextHelpFormatter)
  demo.add_argument('--logdir', default=None,
                    help='where checkpoints and events go (default: a new '
                    'temporary\ndirectory); one that holds a checkpoint is '
                    'resumed')
  demo.add_argument('--steps', type=_positive_int, default=300,
                    help='training steps in this run (default 300)')
  demo.add_argument('--verbose', action='store_true',
                    help="print all of TensorFlow's log, start-up and "
                    'deprecation\nnotices included')
  return parser


def _usage_error(command, message):
  print('slimcompat %s: %s' % (command, message), file=sys.stderr)
  return 2


@contextlib.contextmanager
def _native_start_up_hidden(verbose):
  """Keeps TensorFlow's C++ start-up lines off stderr during the block.

  They are written by C++ straight to file descriptor 2, so the descriptor
  is pointed at a temporary file meanwhile; everything else written there is
  copied back to stderr afterwards.  With `verbose`, nothing is hidden.
  """
  if verbose or 'tensorflow' in sys.modules:
    yield
    return
  sys.stderr.flush()
  saved = os.dup(2)
  with tempfile.TemporaryFile(mode='w+b') as caught:
    os.dup2(caught.fileno(), 2)
    try:
      yield
    finally:
      sys.stderr.flush()
      os.dup2(saved, 2)
      os.close(saved)
      caught.seek(0)
      text = caught.read().decode('utf-8', 'replace')
      kept = [line for line in text.splitlines(True)
              if not _NATIVE_START_UP.match(line)]
      sys.stderr.write(''.join(kept))
      sys.stderr.flush()


def _run(options):
  from slimcompat import _runner  # pylint: disable=import-outside-toplevel
  return _runner.main(options.script, options.args, tf1=options.tf1,
                      legacy_python=options.legacy_python)


def _scan(options):
  # pylint: disable=import-outside-toplevel
  from slimcompat import _scan as scanner
  from slimcompat._scan import _report
  for path in options.paths:
    if not os.path.exists(path):
      return _usage_error('scan', 'No such file or directory: %r' % path)
    if not any(True for _ in scanner.python_files([path])):
      return _usage_error('scan', '%r holds no .py file: nothing to scan' %
                          path)
  try:
    report = scanner.scan(options.paths)  # keeps TensorFlow's lines off
    if options.json:
      text = _report.to_json(report)
    elif options.markdown:
      text = _report.to_markdown(report, verbose=options.verbose)
    else:
      text = _report.to_text(report, verbose=options.verbose)
  except Exception as err:  # pylint: disable=broad-except
    # The scanner itself failed: status 3, never 1 ("something blocks").
    print('slimcompat scan: internal error, no report: %s: %s' % (
        type(err).__name__, err), file=sys.stderr)
    return 3
  print(text)
  return 1 if _report.blocked(report) else 0


def _demo(options):
  # pylint: disable=import-outside-toplevel
  import shutil
  from slimcompat import _runner
  logdir = options.logdir or tempfile.mkdtemp(prefix='slim-demo-')
  # The user's copy: a traceback (Ctrl-C) points at a file they can open and
  # change, and a later run of the copy resumes like the demo does.
  script = os.path.join(logdir, os.path.basename(DEMO_SCRIPT))
  try:
    os.makedirs(logdir, exist_ok=True)
    shutil.copyfile(DEMO_SCRIPT, script)
  except OSError as err:
    return _usage_error('demo', 'cannot write to --logdir %s: %s' % (
        logdir, err.strerror or err))
  print('slimcompat demo: a legacy slim script (%s) trains a small convnet '
        'for %d steps and evaluates it%s' % (
            script, options.steps, '' if options.verbose else
            "; --verbose shows all of TensorFlow's log"), flush=True)
  args = ['--logdir', logdir, '--number_of_steps', str(options.steps)]
  if not options.verbose:  # TensorFlow's C++ INFO lines (graph passes)
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '1')
  with _native_start_up_hidden(options.verbose):
    import tensorflow  # pylint: disable=unused-import
  if options.verbose:
    status = _runner.main(script, args, tf1=True)
  else:
    with _runner.steps_and_warnings_only():
      status = _runner.main(script, args, tf1=True)
  if status == _runner.INTERRUPTED:
    print('slimcompat demo: %s' % _where_the_demo_stopped(logdir),
          file=sys.stderr)
  return status


def _where_the_demo_stopped(logdir):
  """The demo's status line after Ctrl-C: the last training step its events
  show and the checkpoint a new run would resume from."""
  # pylint: disable=import-outside-toplevel
  from slimcompat import _runner
  from slimcompat._compat import tf
  checkpoint = tf.train.latest_checkpoint(logdir)
  step = None
  for events in tf.io.gfile.glob(os.path.join(logdir, 'events.out.*')):
    try:
      with _runner.quiet_deprecations():  # of summary_iterator
        for event in tf.train.summary_iterator(events):
          if event.summary.value and (step is None or event.step > step):
            step = event.step
    except tf.errors.DataLossError:  # the last record was being written
      pass
  return 'stopped by Ctrl-C %s; %s' % (
      'before the first training summary' if step is None else
      'after step %d (its last training summary)' % step,
      'no checkpoint yet' if checkpoint is None else
      'the latest checkpoint is %s (run again with --logdir %s to resume '
      'from it)' % (checkpoint, logdir))


def main(argv=None):
  options = _parser().parse_args(argv)
  handler = {'run': _run, 'scan': _scan, 'demo': _demo}[options.command]
  return handler(options)


if __name__ == '__main__':
  sys.exit(main())
