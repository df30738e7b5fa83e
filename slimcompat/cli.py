"""The `slimcompat` command: run, scan and demo.

    slimcompat run [--tf1] [--no-legacy-python] SCRIPT [ARGS...]
                                              run a legacy slim script unchanged
    slimcompat scan [--json|--markdown] [--verbose] PATH...
                                              will it run? what blocks it
    slimcompat demo [--logdir DIR] [--steps N] [--verbose]
                                              train and evaluate a bundled legacy script
    slimcompat --version                      the versions a bug report needs

A usage error is one line on stderr and exit status 2, as ``python`` does.
"""

import argparse
import os
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


def _parser():
  parser = _Parser(
      prog='slimcompat',
      description='Run legacy TF-Slim code unchanged on TensorFlow 2.')
  parser.add_argument('--version', action=_VersionAction,
                      help='print the versions of slimcompat, TensorFlow, '
                      'Python (and whether tf_keras is installed) and exit')
  commands = parser.add_subparsers(dest='command', required=True)
  run = commands.add_parser(
      'run', help='run a legacy slim script as __main__, unchanged')
  run.add_argument('--tf1', action='store_true',
                   help='also serve tensorflow.compat.v1 for '
                   '`import tensorflow as tf` (TF1-era scripts)')
  run.add_argument('--no-legacy-python', dest='legacy_python',
                   action='store_false',
                   help="don't serve NumPy's removed aliases (np.int...) and "
                   'Python 2 names (Queue, xrange...) to the script')
  run.add_argument('script')
  # argparse counts a REMAINDER as required and names it when the script is
  # missing; the script may take no arguments at all.
  run.add_argument('args', nargs=argparse.REMAINDER).required = False
  scan = commands.add_parser(
      'scan', help='report whether a legacy code base runs on this '
      'TensorFlow with slimcompat, and what blocks it',
      description='Exit status: 0 nothing blocks, 1 something blocks or may '
      'block (a "may fail when F is called" verdict: the use sits in a '
      'branch the scan cannot evaluate, such as `if FLAGS.quantize`), '
      '2 usage error, 3 the scanner itself failed (no report).')
  scan_format = scan.add_mutually_exclusive_group()
  scan_format.add_argument('--json', action='store_true',
                           help='print JSON (schema version 2)')
  scan_format.add_argument('--markdown', action='store_true',
                           help='print Markdown, for a migration ticket')
  scan.add_argument('--verbose', '-v', action='store_true',
                    help='list every file and every use')
  scan.add_argument('paths', nargs='+')
  demo = commands.add_parser(
      'demo', help='train and evaluate a bundled TF1-style slim script')
  demo.add_argument('--logdir', default=None,
                    help='where checkpoints and events go (default: a new '
                    'temporary directory)')
  demo.add_argument('--steps', type=_positive_int, default=300,
                    help='training steps (default 300)')
  demo.add_argument('--verbose', action='store_true',
                    help="print all of TensorFlow's log, deprecation notices "
                    'included')
  return parser


def _run(options):
  from slimcompat import _runner  # pylint: disable=import-outside-toplevel
  return _runner.main(options.script, options.args, tf1=options.tf1,
                      legacy_python=options.legacy_python)


def _scan(options):
  # pylint: disable=import-outside-toplevel
  from slimcompat import _scan as scanner
  from slimcompat._scan import _report
  try:
    report = scanner.scan(options.paths)
    if options.json:
      text = _report.to_json(report)
    elif options.markdown:
      text = _report.to_markdown(report, verbose=options.verbose)
    else:
      text = _report.to_text(report, verbose=options.verbose)
  except FileNotFoundError as err:
    print('slimcompat scan: %s' % err, file=sys.stderr)
    return 2
  except Exception as err:  # pylint: disable=broad-except
    # The scanner itself failed: status 3, never 1 ("something blocks").
    print('slimcompat scan: internal error, no report: %s: %s' % (
        type(err).__name__, err), file=sys.stderr)
    return 3
  print(text)
  return 1 if _report.blocked(report) else 0


def _demo(options):
  from slimcompat import _runner  # pylint: disable=import-outside-toplevel
  logdir = options.logdir or tempfile.mkdtemp(prefix='slimcompat-demo-')
  print('slimcompat demo: a legacy slim script (%s) trains a small convnet '
        'for %d steps and evaluates it%s' % (
            os.path.join('examples', os.path.basename(DEMO_SCRIPT)),
            options.steps, '' if options.verbose else
            "; --verbose shows all of TensorFlow's log"))
  args = ['--logdir', logdir, '--number_of_steps', str(options.steps)]
  if options.verbose:
    return _runner.main(DEMO_SCRIPT, args, tf1=True)
  with _runner.steps_and_warnings_only():
    return _runner.main(DEMO_SCRIPT, args, tf1=True)


def main(argv=None):
  options = _parser().parse_args(argv)
  handler = {'run': _run, 'scan': _scan, 'demo': _demo}[options.command]
  return handler(options)


if __name__ == '__main__':
  sys.exit(main())
