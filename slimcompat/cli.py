"""The `slimcompat` command: run, scan and demo.

    slimcompat run [--tf1] SCRIPT [ARGS...]   run a legacy slim script unchanged
    slimcompat scan [--json] PATH...          list the slim names a code base uses
    slimcompat demo [--logdir DIR]            train and evaluate a bundled legacy script
"""

import argparse
import json
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
      'scan', help='list the slim / contrib names a code base uses')
  scan.add_argument('--json', action='store_true', help='print JSON')
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
  from slimcompat import _scan  # pylint: disable=import-outside-toplevel
  try:
    uses = _scan.scan(options.paths)
  except (FileNotFoundError, SyntaxError) as err:
    print('slimcompat scan: %s' % err, file=sys.stderr)
    return 2
  if options.json:
    print(json.dumps([use._asdict() for use in uses], indent=1))
  else:
    print(_scan.format_table(uses))
  return 1 if any(not use.provided for use in uses) else 0


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
