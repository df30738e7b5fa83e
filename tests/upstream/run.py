"""The upstream-suite oracle: tf-slim 1.1.0's own tests, run against slimcompat.

    python -m tests.upstream.run [--target slimcompat|reference] [--all]
                                 [-n N] [--keep DIR] [--strict] [files...]
                                 [-- extra pytest args]

Copies the ``*_test.py`` files shipped in the installed tf-slim 1.1.0 wheel
(found with ``importlib.util.find_spec``, without importing it) into a tree
without ``__init__.py`` files (the sub-directories kept), writes a conftest
there (``conftest_template.py``: repair table, ``slimcompat.install()`` for
target slimcompat, strict xfails from ``xfail.txt``, outcome counting), runs
pytest on it and prints passed / failed / skipped / errors per file and in
total.

Which files:
  * no file arguments: the files listed in ``required.txt``;
  * ``--all``: every test file in the wheel (report only);
  * file arguments (paths relative to the tf_slim package, like
    ``ops/arg_scope_test.py``): those.

Exit status: non-zero when (target slimcompat) a file of ``required.txt``
that was run has a failed test, an error or no test at all, when pytest itself could not run, or
(``--strict``) when any file that was run has a failure.  ``--all`` without
``--strict`` only reports.  The test files are never committed: the tree is a
temporary directory unless ``--keep DIR`` names one (``.upstream/`` is
git-ignored).
"""

import argparse
import glob
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
REQUIRED = os.path.join(HERE, 'required.txt')
XFAIL = os.path.join(HERE, 'xfail.txt')
TEMPLATE = os.path.join(HERE, 'conftest_template.py')
COLUMNS = ('passed', 'failed', 'errors', 'skipped', 'xfailed', 'xpassed')


def reference_dir():
  """The installed tf_slim package directory, found without importing it."""
  spec = importlib.util.find_spec('tf_slim')
  if spec is None or not spec.submodule_search_locations:
    raise SystemExit('tf-slim 1.1.0 is not installed in this environment '
                     '(pip install tf-slim==1.1.0; it is in the `test` extra).')
  return list(spec.submodule_search_locations)[0]


def read_manifest(path):
  """Non-empty, non-comment lines of a manifest file."""
  lines = []
  with open(path) as manifest:
    for line in manifest:
      line = line.split('#', 1)[0].strip()
      if line:
        lines.append(line)
  return lines


def read_xfail(path):
  """Entries of xfail.txt: 'node id | condition | reason' per line."""
  entries = []
  with open(path) as manifest:
    for number, line in enumerate(manifest, 1):
      if not line.strip() or line.lstrip().startswith('#'):
        continue
      fields = [field.strip() for field in line.split('|')]
      if len(fields) != 3 or not fields[0] or not fields[2]:
        raise SystemExit('%s:%d: expected "node id | condition | reason" '
                         '(condition may be empty, reason may not): %r'
                         % (path, number, line.rstrip()))
      entries.append({'nodeid': fields[0], 'condition': fields[1],
                      'reason': fields[2]})
  return entries


def all_test_files(source):
  found = glob.glob(os.path.join(source, '**', '*_test.py'), recursive=True)
  return sorted(os.path.relpath(path, source) for path in found)


def build_tree(source, files, tree, target, results):
  """Copies `files` from `source` into `tree` with the conftest and settings."""
  for name in files:
    destination = os.path.join(tree, name)
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    shutil.copyfile(os.path.join(source, name), destination)
  shutil.copyfile(TEMPLATE, os.path.join(tree, 'conftest.py'))
  with open(os.path.join(tree, 'pytest.ini'), 'w') as ini:
    # Pins the rootdir here (no repo-level config applies to this tree).
    ini.write('[pytest]\n')
  settings = {'repo': REPO, 'target': target, 'results': results,
              'xfail': read_xfail(XFAIL)}
  with open(os.path.join(tree, 'upstream.json'), 'w') as out:
    json.dump(settings, out, indent=1)


def print_table(results, files, required):
  """Prints one row per file and the totals; returns the rows."""
  per_file = results.get('files', {})
  width = max([len(name) for name in files] + [5])
  header = '%-*s  %s  %8s' % (width, 'file', '  '.join(
      '%7s' % column for column in COLUMNS), 'seconds')
  print(header)
  print('-' * len(header))
  totals = dict.fromkeys(COLUMNS, 0)
  seconds = 0.0
  for name in files:
    entry = per_file.get(name, {'counts': {}, 'seconds': 0.0})
    counts = entry['counts']
    for column in COLUMNS:
      totals[column] += counts.get(column, 0)
    seconds += entry['seconds']
    mark = '*' if name in required else ' '
    print('%-*s  %s  %8.1f %s' % (width, name, '  '.join(
        '%7d' % counts.get(column, 0) for column in COLUMNS),
                                 entry['seconds'], mark))
  print('-' * len(header))
  print('%-*s  %s  %8.1f' % (width, 'total (%d files)' % len(files), '  '.join(
      '%7d' % totals[column] for column in COLUMNS), seconds))
  print('(* = listed in tests/upstream/required.txt: must fully pass)')
  return totals


def main(argv=None):
  argv = list(sys.argv[1:] if argv is None else argv)
  extra = []
  if '--' in argv:
    extra = argv[argv.index('--') + 1:]
    argv = argv[:argv.index('--')]
  parser = argparse.ArgumentParser(
      prog='python -m tests.upstream.run',
      description='Run tf-slim 1.1.0\'s own test files against slimcompat '
      '(or the reference) and report outcomes per file.')
  parser.add_argument('files', nargs='*',
                      help='test files relative to the tf_slim package '
                      '(default: tests/upstream/required.txt)')
  parser.add_argument('--target', choices=('slimcompat', 'reference'),
                      default='slimcompat')
  parser.add_argument('--all', action='store_true',
                      help='run every test file of the wheel, report only')
  parser.add_argument('--strict', action='store_true',
                      help='fail on a failure in any file that was run')
  parser.add_argument('-n', dest='workers', default=None,
                      help='pytest-xdist workers (default: none)')
  parser.add_argument('--keep', metavar='DIR',
                      help='build the tree in DIR (emptied first) and keep it')
  parser.add_argument('--json', metavar='PATH',
                      help='also write the per-file results to PATH')
  args = parser.parse_args(argv)

  source = reference_dir()
  available = all_test_files(source)
  required = read_manifest(REQUIRED)
  if args.files and args.all:
    parser.error('give either file names or --all, not both')
  files = args.files or (available if args.all else required)
  unknown = [name for name in files + required if name not in available]
  if unknown:
    parser.error('not a test file of the installed tf-slim (%s): %s' %
                 (source, ', '.join(unknown)))
  if not files:
    parser.error('no test files to run (required.txt is empty)')

  if args.keep:
    tree = os.path.abspath(args.keep)
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
  else:
    tree = tempfile.mkdtemp(prefix='slimcompat-upstream-')
  results_path = os.path.join(tree, 'results.json')
  build_tree(source, files, tree, args.target, results_path)

  command = [sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider',
             '--import-mode=importlib', '-q', '--tb=short', '-rfE']
  if args.workers:
    command += ['-n', str(args.workers), '--dist', 'loadscope']
  command += files + extra
  env = dict(os.environ)
  env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
  print('upstream: %s tests from %s, target %s, tree %s' %
        (len(files), source, args.target, tree), flush=True)
  status = subprocess.call(command, cwd=tree, env=env)

  if not os.path.exists(results_path):
    print('upstream: pytest exited with %d and wrote no results.' % status)
    return status or 1
  with open(results_path) as report:
    results = json.load(report)
  if args.json:
    with open(args.json, 'w') as out:
      json.dump(results, out, indent=1, sort_keys=True)
  if not args.keep:
    shutil.rmtree(tree, ignore_errors=True)

  print()
  print('upstream results, target %s:' % args.target)
  print_table(results, files, required)
  print('repair table: %d names restored; could not restore: %s' %
        (len(results['repair']['repaired']),
         '; '.join(results['repair']['missing']) or 'nothing'))

  # xfail.txt entries for files that were run but matched no test.
  seen = set(results.get('seen', ()))
  stale = [nodeid for nodeid in results.get('xfail_in_force', ())
           if nodeid.split('::')[0] in files and nodeid not in seen]
  for nodeid in stale:
    print('warning: xfail.txt entry matches no test: %s' % nodeid)

  bad = []
  for name in files:
    counts = results.get('files', {}).get(name, {}).get('counts', {})
    broken = counts.get('failed', 0) + counts.get('errors', 0)
    ran = sum(counts.get(column, 0) for column in COLUMNS)
    must_pass = args.strict or (name in required and
                                args.target == 'slimcompat')
    if must_pass and (broken or not ran):
      bad.append('%s (%d failed/errors, %d tests)' % (name, broken, ran))
  if status not in (0, 1):  # 2: interrupted, 3: internal, 4: usage, 5: none
    print('upstream: pytest could not run the tests (exit status %d).' %
          status)
    return status
  if bad:
    print('upstream: FAILED: %s' % '; '.join(bad))
    return 1
  if (args.all or args.target != 'slimcompat') and not args.strict:
    print('upstream: report only.')
  else:
    print('upstream: every required file that was run passed.')
  return 0


if __name__ == '__main__':
  sys.exit(main())
