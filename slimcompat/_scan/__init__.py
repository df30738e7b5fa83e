"""`slimcompat scan`: will this code base run on TensorFlow 2 with slimcompat?

Every ``.py`` file under the given paths is parsed, never run
(`_names`); each use of a TensorFlow, slim or Python 2 name is checked against
the TensorFlow installed here and what slimcompat serves (`_checks`,
`_installed`); each file and entry point gets a verdict (`_verdicts`); and
`_report` prints it for people (text, Markdown) or programs (JSON).  A file
that cannot be read or parsed is a finding, never the end of the scan.
"""

import ast
import collections
import gc
import os

from slimcompat._scan import _checks
from slimcompat._scan import _installed
from slimcompat._scan import _names
from slimcompat._scan import _verdicts

Report = collections.namedtuple(
    'Report', 'paths results verdicts needs_tf1 tf_version keras3 tf_error')
Report.__doc__ = """The outcome of a scan.

results: `_verdicts.FileResult`s in path order; verdicts: path -> `Verdict`;
needs_tf1: path -> whether running it needs ``slimcompat run --tf1`` (it or a
file it imports uses a name only tf.compat.v1 has); tf_version: the
TensorFlow the names were checked against (None if none was needed);
tf_error: why TensorFlow could not be imported, if it could not.
"""


def python_files(paths):
  """(file, root) for every ``.py`` file under `paths`, in a stable order."""
  for path in paths:
    if os.path.isdir(path):
      for directory, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith('.') and
                         d != '__pycache__')
        for name in sorted(files):
          if name.endswith('.py'):
            yield os.path.join(directory, name), path
    else:
      yield path, os.path.dirname(path) or '.'


def module_names(filename, root):
  """(module name, sys.path entry) pairs a file can be imported under."""
  relative = os.path.relpath(filename, root)
  parts = relative[:-len('.py')].split(os.sep)
  if parts[-1] == '__init__':
    parts = parts[:-1]
  names = []
  for start in range(len(parts)):
    base = os.path.join(root, *parts[:start]) if start else root
    names.append(('.'.join(parts[start:]), base))
  return names


def _parse(filename):
  with open(filename, 'rb') as handle:
    source = handle.read()
  return ast.parse(source, filename=filename)


def _read(filename):
  """(reader, None) or (None, source finding) for one file."""
  try:
    tree = _parse(filename)
  except (SyntaxError, ValueError, UnicodeError, OSError) as error:
    return None, _checks.source_finding(filename, error)
  return _names.read_module(tree, _checks.interesting), None


def scan(paths, installed=None):
  """Scans the Python files under `paths`; returns a `Report`.

  Args:
    paths: files and directories.
    installed: an `_installed.Installed` to check names against (tests pass
      one with a fake `status`); by default a new one.

  Raises:
    FileNotFoundError: if a path does not exist.
  """
  for path in paths:
    if not os.path.exists(path):
      raise FileNotFoundError('No such file or directory: %r' % path)
  installed = installed or _installed.Installed()
  # A scan builds many small objects and frees none of them before the end:
  # the cyclic collector would only walk them over and over.
  collecting = gc.isenabled()
  gc.disable()
  try:
    return _scan(paths, installed)
  finally:
    if collecting:
      gc.enable()


def _scan(paths, installed):
  readers = []
  for filename, root in python_files(paths):
    reader, broken = _read(filename)
    readers.append((filename, root, reader, broken))
  checker = _checks.Checker(installed)
  results = []
  with _installed.quiet():
    for filename, root, reader, broken in readers:
      results.append(_result(checker, filename, root, reader, broken))
  judge = _verdicts.Judge(results)
  verdicts = {r.path: judge.verdict(r) for r in results}
  own_tf1 = {r.path: any(f.kind == 'needs-tf1' for f in r.findings)
             for r in results}
  needs_tf1 = {r.path: any(own_tf1[c.path] for c in judge.closure(r))
               for r in results}
  return Report(list(paths), results, verdicts, needs_tf1,
                installed.tf_version, installed.keras3 if installed.loaded
                else None, installed.error)


def _result(checker, filename, root, reader, broken):
  modules = module_names(filename, root)
  if reader is None:
    return _verdicts.FileResult(filename, modules, [broken], [], [], False,
                                {}, set(), set())
  uses, findings = [], []
  for use in sorted(set(reader.uses), key=lambda u: (u.line, u.name)):
    finding = checker.check(filename, use, reader.other_stars)
    uses.append((use, finding))
    if finding is not None:
      findings.append(finding)
  functions = set(reader.calls) - {None}
  functions.update(u.function for u in reader.uses if u.function)
  functions.update(reader.functions)
  return _verdicts.FileResult(filename, modules, findings, uses,
                              reader.imports, reader.entry_point,
                              dict(reader.calls), reader.app_run_targets,
                              functions)
