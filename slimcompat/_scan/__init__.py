"""`slimcompat scan`: will this code base run on TensorFlow 2 with slimcompat?

Every ``.py`` file under the given paths is parsed, never run
(`_names`); each use of a TensorFlow, slim or Python 2 name is checked against
the TensorFlow installed here and what slimcompat serves (`_checks`,
`_installed`); each file and entry point gets a verdict (`_verdicts`); and
`_report` prints it for people (text, Markdown) or programs (JSON).  A file
that cannot be read or parsed -- or on which the reader itself fails -- is a
finding, never the end of the scan.
"""

import ast
import collections
import gc
import os
import re
import sys

from slimcompat._scan import _checks
from slimcompat._scan import _installed
from slimcompat._scan import _names
from slimcompat._scan import _verdicts

Report = collections.namedtuple(
    'Report', 'paths results verdicts needs_tf1 tf_version keras3 tf_error '
    'python_verdicts', defaults=(None,))
Report.__doc__ = """The outcome of a scan.

results: `_verdicts.FileResult`s in path order; verdicts: path -> `Verdict`
under ``slimcompat run [--tf1]``; python_verdicts: path -> `Verdict` under
plain ``python`` (the legacy Python / NumPy names ``run --tf1`` serves
block);
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


PROGRESS_FROM = 200  # files: a smaller tree is read before anyone waits
# What an unparseable file shows when it is a script, not a library.
_SCRIPT_TEXT = re.compile(
    rb'^(print[ (]|if __name__|import argparse|from absl import|'
    rb'(tf\.app\.|tf\.|absl\.)?flags\.DEFINE_|\w+ = argparse\.)', re.M)
_SCRIPT_NAMES = ('train', 'eval', 'run_', 'main', 'demo', 'export', 'infer',
                 'predict', 'convert', 'download')


def _read(filename):
  """(reader, None, source) or (None, finding, source) for one file.

  Nothing raised while reading one file escapes: a reader failure (deep
  nesting, a construct it does not expect) is that file's `unreadable`
  finding.
  """
  source = b''
  try:
    with open(filename, 'rb') as handle:
      source = handle.read()
    tree = ast.parse(source, filename=filename)
  except (SyntaxError, ValueError, UnicodeError, OSError) as error:
    return None, _checks.source_finding(filename, error), source
  except (RecursionError, MemoryError) as error:
    return None, _checks.reader_finding(filename, error), source
  try:
    return _names.read_module(tree, _checks.interesting), None, source
  except Exception as error:  # pylint: disable=broad-except
    return None, _checks.reader_finding(filename, error), source


def _looks_like_a_script(filename, source):
  """For a file that cannot be parsed: does its name or text say script?"""
  name = os.path.basename(filename)
  return (name.startswith(_SCRIPT_NAMES) or
          _SCRIPT_TEXT.search(source[:200000]) is not None)


def scan(paths, installed=None, progress=None):
  """Scans the Python files under `paths`; returns a `Report`.

  Args:
    paths: files and directories.
    installed: an `_installed.Installed` to check names against (tests pass
      one with a fake `status`); by default a new one.
    progress: a stream for ``scanned 400/1,353 files`` lines; by default
      stderr when it is a terminal and the tree has over `PROGRESS_FROM`
      files.

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
    return _scan(paths, installed, progress)
  finally:
    if collecting:
      gc.enable()


def _progress_stream(progress, count):
  if progress is not None:
    return progress
  stream = sys.stderr
  try:
    terminal = stream.isatty()
  except (AttributeError, ValueError):
    terminal = False
  return stream if terminal and count > PROGRESS_FROM else None


def _scan(paths, installed, progress):
  files = list(python_files(paths))
  stream = _progress_stream(progress, len(files))
  readers = []
  for index, (filename, root) in enumerate(files):
    reader, broken, source = _read(filename)
    script = broken is not None and _looks_like_a_script(filename, source)
    readers.append((filename, root, reader, broken, script))
    if stream is not None and ((index + 1) % 100 == 0 or
                               index + 1 == len(files)):
      stream.write('\rscanned {:,}/{:,} files'.format(index + 1, len(files)))
      stream.flush()
  if stream is not None:
    stream.write('\n')
    stream.flush()
  checker = _checks.Checker(installed)
  results = []
  with _installed.quiet():
    for filename, root, reader, broken, script in readers:
      results.append(_result(checker, filename, root, reader, broken, script))
  graph = _verdicts.ImportGraph(results)
  results = _entry_points(results, readers, graph)
  judge = _verdicts.Judge(results, graph)
  verdicts = {r.path: judge.verdict(r) for r in results}
  python = _verdicts.Judge(results, graph, python=True)
  python_verdicts = {r.path: python.verdict(r) for r in results}
  needs = judge.reaching([r.path for r in results if any(
      f.kind == 'needs-tf1' for f in r.findings)])
  needs_tf1 = {r.path: r.path in needs for r in results}
  return Report(list(paths), results, verdicts, needs_tf1,
                installed.tf_version, installed.keras3 if installed.loaded
                else None, installed.error, python_verdicts)


def _entry_points(results, readers, graph):
  """Demotes library self-tests: a file another tree file imports, whose
  ``__main__`` block is its only sign of being a script."""
  imported = set()
  for result in results:
    for local_import in result.imports:
      imported.update(t.path for t in graph.targets(result, local_import))
  updated = []
  for result, (_, _, reader, _, _) in zip(results, readers):
    if (result.entry_point and reader is not None and
        result.path in imported and not reader.app_run_targets and
        not reader.starts_work and not reader.script_setup):
      result = result._replace(entry_point=False)
    updated.append(result)
  return updated


def _result(checker, filename, root, reader, broken, script):
  modules = module_names(filename, root)
  if reader is None:
    return _verdicts.FileResult(filename, modules, [broken], [], [], script,
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
  return _verdicts.FileResult(
      filename, modules, findings, uses, reader.imports,
      reader.entry_point or reader.starts_work, dict(reader.calls),
      reader.app_run_targets, functions, reader.edges, reader.classes,
      reader.attributes, reader.bindings)
