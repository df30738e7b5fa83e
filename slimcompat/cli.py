"""The `slimcompat` command: run, scan and demo.

    slimcompat run [--tf1] SCRIPT [ARGS...]   run a legacy slim script unchanged
    slimcompat scan [--json|--markdown] PATH...  will it run? what blocks it
    slimcompat demo [--logdir DIR]            train and evaluate a bundled legacy script
"""

import argparse
import os
import sys
import tempfile

DEMO_SCRIPT = os.path.join(os.path.dirname(__file__), 'examples',
                           'legacy_train.py')


def _parser():
  parser = argparse.ArgumentParser(
      prog='slimcompat',
      description='Run legacy TF-Slim code unchanged on TensorFlow 2.')
  commands = parser.add_subparsers(dest='command', required=True)
  run = commands.add_parser(
      'run', help='run a legacy slim script as __main__, unchanged')
  run.add_argument('--tf1', action='store_true',
                   help='also serve tensorflow.compat.v1 for '
                   '`import tensorflow as tf` (TF1-era scripts)')
  run.add_argument('script')
  run.add_argument('args', nargs=argparse.REMAINDER)
  scan = commands.add_parser(
      'scan', help='report whether a legacy code base runs on this '
      'TensorFlow with slimcompat, and what blocks it',
      description='Exit status: 0 nothing blocks, 1 something blocks, '
      '2 usage error.')
  scan_format = scan.add_mutually_exclusive_group()
  scan_format.add_argument('--json', action='store_true',
                           help='print JSON (schema version 1)')
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
  demo.add_argument('--steps', type=int, default=300,
                    help='training steps (default 300)')
  return parser


def _run(options):
  from slimcompat import _runner  # pylint: disable=import-outside-toplevel
  _runner.run_script(options.script, options.args, tf1=options.tf1)
  return 0


def _scan(options):
  # pylint: disable=import-outside-toplevel
  from slimcompat import _scan as scanner
  from slimcompat._scan import _report
  try:
    report = scanner.scan(options.paths)
  except FileNotFoundError as err:
    print('slimcompat scan: %s' % err, file=sys.stderr)
    return 2
  if options.json:
    print(_report.to_json(report))
  elif options.markdown:
    print(_report.to_markdown(report, verbose=options.verbose))
  else:
    print(_report.to_text(report, verbose=options.verbose))
  return 1 if _report.blocked(report) else 0


def _demo(options):
  from slimcompat import _runner  # pylint: disable=import-outside-toplevel
  logdir = options.logdir or tempfile.mkdtemp(prefix='slimcompat-demo-')
  print('slimcompat demo: training a small convnet; logs and checkpoints in %s'
        % logdir)
  _runner.run_script(DEMO_SCRIPT, ['--logdir', logdir,
                                   '--number_of_steps', str(options.steps)],
                     tf1=True)
  return 0


def main(argv=None):
  options = _parser().parse_args(argv)
  handler = {'run': _run, 'scan': _scan, 'demo': _demo}[options.command]
  return handler(options)


if __name__ == '__main__':
  sys.exit(main())
