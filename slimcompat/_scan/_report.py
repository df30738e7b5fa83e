"""A scan `Report` for people (text, Markdown) and programs (JSON).

The text and Markdown reports put the summary first: entry points and their
verdicts, then the blockers grouped by kind with counts (the possible ones,
inside a branch that may not run, apart), then each file with a finding
(``verbose``: every file and every use).

JSON schema, version 3 (fields are only ever added; a change of meaning bumps
``version``; docs/scan.md has the full reference)::

    {"version": 3,
     "tensorflow": "2.21.0" | null,    # checked against; null: not needed
     "keras3": true | false | null,
     "tensorflow_error": str | null,   # why TensorFlow could not be imported
     "paths": [str],
     "summary": {"files": int, "entry_points": int, "runs": int,
                 "fails_at_import": int, "fails_when_called": int,
                 "may_fail_when_called": int,
                 "blockers": {kind: int},            # certain
                 "possible_blockers": {kind: int},   # under a condition
                 "served_by_run_tf1": {kind: int}},  # block plain python
     "files": [{"path": str, "entry_point": bool, "needs_tf1": bool,
                "verdict": {"status": "runs" | "fails-at-import" |
                                      "fails-when-called" |
                                      "may-fail-when-called",
                            "text": str,
                            "function": str | null,   # (may-)fails-when-called
                            "reached": bool | null,   # called by running it
                            "blocker": finding | null,
                            "via": [str, ...]},  # see below
                "python_verdict": verdict,  # under plain python
                "findings": [finding],
                "uses": [{"line": int, "name": str, "context": str,
                          "function": str | null, "ok": bool}]}]}

    finding = {"file": str, "line": int, "kind": str, "name": str,
               "context": "import-time" | "call-time" | "guarded",
               "function": str | null, "blocking": bool, "hint": str,
               "condition": str | null,  # "if FLAGS.quantize": may not run
               "served": "run --tf1" | null,  # served there, not blocking
               "blocks_python": bool}  # blocks under plain python

Version 3 (from 2): "via" of a (may-)fails-when-called verdict is the chain
of calls that reaches the blocker, across files (``"train.py:40 main"``: the
function and the line where it calls on; the last entry is the finding's
line); of a fails-at-import verdict it stays the chain of import statements
(``"train.py:3"``).  "function" names the function that holds the blocker.
A may-fail-when-called verdict may also come from a call the scan cannot pin
down (a method of an object it cannot follow, matched by name).  New: the
finding kinds "numpy-removed" and "unreadable" (a file the reader failed on),
the finding's "served" and "blocks_python", the file's "python_verdict" and
the summary's "served_by_run_tf1".

Version 2 (from 1): the status "may-fail-when-called" (every blocking
finding of the function is inside an ``if`` / ``else`` branch or a
conditional expression, so it blocks only if that branch runs; version 1 said
"fails-when-called"), the finding's "condition", and the summary's
"may_fail_when_called" and "possible_blockers" ("blockers" now counts only
the findings without a condition).
"""

import collections
import gc
import json

from slimcompat._scan import _verdicts

VERSION = 3
_STATUS_WORDS = (
    (_verdicts.RUNS, 'run'),
    (_verdicts.FAILS_AT_IMPORT, 'fail at import'),
    (_verdicts.FAILS_WHEN_CALLED, 'fail when a function is called'),
    (_verdicts.MAY_FAIL_WHEN_CALLED, 'may fail when a function is called'))


def blocked(report):
  """True when some file does not run, or may not, as it stands."""
  return any(v.status != _verdicts.RUNS for v in report.verdicts.values())


def _finding_dict(finding):
  return {'file': finding.file, 'line': finding.line, 'kind': finding.kind,
          'name': finding.name, 'context': finding.context,
          'function': finding.function, 'blocking': finding.blocking,
          'hint': finding.hint, 'condition': finding.condition,
          'served': finding.served, 'blocks_python': _blocks_python(finding)}


def _blocks_python(finding):
  return (finding.blocking if finding.blocks_python is None
          else finding.blocks_python)


def _verdict_dict(verdict):
  return {'status': verdict.status, 'text': verdict.text,
          'function': verdict.function, 'reached': verdict.reached,
          'blocker': (_finding_dict(verdict.blocker)
                      if verdict.blocker else None),
          'via': verdict.via}


def _served_counts(report):
  counts = collections.Counter()
  for result in report.results:
    counts.update(f.kind for f in result.findings
                  if f.served and f.blocks_python)
  return counts


def _counted(finding, possible):
  return finding.blocking and (finding.condition is not None) == possible


def _blocker_counts(report, possible=False):
  """Blocking findings per kind: certain ones, or `possible` ones."""
  counts = collections.Counter()
  for result in report.results:
    counts.update(f.kind for f in result.findings if _counted(f, possible))
  return counts


def _summary(report):
  statuses = collections.Counter(v.status for v in report.verdicts.values())
  return {'files': len(report.results),
          'entry_points': sum(r.entry_point for r in report.results),
          'runs': statuses[_verdicts.RUNS],
          'fails_at_import': statuses[_verdicts.FAILS_AT_IMPORT],
          'fails_when_called': statuses[_verdicts.FAILS_WHEN_CALLED],
          'may_fail_when_called': statuses[_verdicts.MAY_FAIL_WHEN_CALLED],
          'blockers': dict(sorted(_blocker_counts(report).items())),
          'possible_blockers': dict(sorted(
              _blocker_counts(report, possible=True).items())),
          'served_by_run_tf1': dict(sorted(_served_counts(report).items()))}


def to_json(report):
  """The report as a JSON document (schema in this module's docstring)."""
  collecting = gc.isenabled()
  gc.disable()  # many small dicts, none freed: see `slimcompat._scan.scan`
  try:
    return _json(report)
  finally:
    if collecting:
      gc.enable()


def _json(report):
  files = []
  for result in report.results:
    verdict = report.verdicts[result.path]
    files.append({
        'path': result.path,
        'entry_point': result.entry_point,
        'needs_tf1': report.needs_tf1[result.path],
        'verdict': _verdict_dict(verdict),
        'python_verdict': _verdict_dict(_python_verdict(report, result)),
        'findings': [_finding_dict(f) for f in result.findings],
        'uses': [{'line': use.line, 'name': use.name, 'context': use.context,
                  'function': use.function, 'ok': finding is None or
                                                  not finding.blocking}
                 for use, finding in result.uses]})
  return json.dumps({
      'version': VERSION, 'tensorflow': report.tf_version,
      'keras3': report.keras3, 'tensorflow_error': report.tf_error,
      'paths': report.paths, 'summary': _summary(report), 'files': files})


def _python_verdict(report, result):
  python = report.python_verdicts or {}
  return python.get(result.path, report.verdicts[result.path])


def _verdict_words(report, result):
  verdict = report.verdicts[result.path]
  words = verdict.text
  if verdict.status in (_verdicts.FAILS_WHEN_CALLED,
                        _verdicts.MAY_FAIL_WHEN_CALLED) and verdict.reached:
    words += ' (the script calls it)'
  if report.needs_tf1[result.path]:
    words += '  [run with --tf1]'
  python = _python_verdict(report, result)
  if python.status != verdict.status or python.blocker != verdict.blocker:
    words += '  [under plain python: %s]' % python.text
  return words


def _headline(report):
  summary = _summary(report)
  against = ('TensorFlow %s%s' % (report.tf_version,
                                  ' (Keras 3)' if report.keras3 else '')
             if report.tf_version else
             'no TensorFlow (%s)' % report.tf_error if report.tf_error else
             'no TensorFlow (not needed)')
  counts = ', '.join('%d %s' % (summary[key.replace('-', '_')], words)
                     for key, words in _STATUS_WORDS)
  return ('slimcompat scan: %d files, %d entry points, checked against %s' %
          (summary['files'], summary['entry_points'], against), counts)


def _served_rows(report):
  return _blocker_rows(report, served=True)


def _blocker_rows(report, possible=False, served=False):
  """(kind, count, example names, first hint) per blocking kind."""
  names = collections.defaultdict(list)
  hints = {}
  for result in report.results:
    for finding in result.findings:
      if (finding.served and finding.blocks_python if served else
          _counted(finding, possible)):
        name = finding.name.replace('builtins.', '')
        if name not in names[finding.kind]:
          names[finding.kind].append(name)
        hints.setdefault(finding.kind, finding.hint)
  counts = (_served_counts(report) if served else
            _blocker_counts(report, possible))
  return [(kind, counts[kind], names[kind], hints[kind])
          for kind in sorted(counts, key=lambda k: (-counts[k], k))]


def _split_tf1(result, verbose):
  """(findings to list one by one, names that need --tf1 in one line)."""
  if verbose:
    return result.findings, []
  tf1 = []
  for finding in result.findings:
    if finding.kind == 'needs-tf1':
      name = 'tf.' + finding.name[len('tensorflow.'):]
      if name not in tf1:
        tf1.append(name)
  return [f for f in result.findings if f.kind != 'needs-tf1'], tf1


def _shown(report, verbose):
  return [r for r in report.results if verbose or r.findings]


def _entry_points(report):
  return [r for r in report.results if r.entry_point]


_POSSIBLE_TITLE = 'Possible blockers by kind (in a branch that may not run)'
_SERVED_TITLE = ('Served by run --tf1 (block plain python: fix them to run '
                 'without slimcompat)')


def _where(finding):
  """'  in main, under if FLAGS.quantize' after a finding's name."""
  words = '' if finding.function is None else '  in ' + finding.function
  if finding.condition is not None:
    words += ', under ' + finding.condition
  if finding.served:
    words += '  [served by %s]' % finding.served
  return words


def _examples(names, limit=4):
  shown = ', '.join(names[:limit])
  return shown + (', ... (%d more)' % (len(names) - limit)
                  if len(names) > limit else '')


def to_text(report, verbose=False):
  """The report for a terminal."""
  title, counts = _headline(report)
  lines = [title, '  files: ' + counts, '', 'Entry points']
  entries = _entry_points(report)
  width = max([len(r.path) for r in entries] + [10])
  for result in entries:
    lines.append('  %-*s  %s' % (width, result.path,
                                 _verdict_words(report, result)))
  if not entries:
    lines.append('  (none: no `if __name__ == "__main__"`, tf.app.run, '
                 'absl.app.run or work at module level)')
  rows = _blocker_rows(report)
  lines += ['', 'Blockers by kind' + ('' if rows else ': none')]
  for kind, count, names, hint in rows:
    lines.append('  %-20s %4d  %s' % (kind, count, _examples(names)))
    lines.append('  %-20s       fix: %s' % ('', hint))
  for title, found in ((_POSSIBLE_TITLE, _blocker_rows(report, True)),
                       (_SERVED_TITLE, _served_rows(report))):
    if found:
      lines += ['', title]
    for kind, count, names, hint in found:
      lines.append('  %-20s %4d  %s' % (kind, count, _examples(names)))
      lines.append('  %-20s       fix: %s' % ('', hint))
  lines += ['', 'Files']
  for result in _shown(report, verbose):
    lines.append('  %s: %s' % (result.path, _verdict_words(report, result)))
    listed, tf1 = _split_tf1(result, verbose)
    if tf1:
      lines.append('           needs --tf1 for: %s' % _examples(tf1, 6))
    for finding in listed:
      lines.append('    %5d  %-11s %-19s %s%s' % (
          finding.line, finding.context, finding.kind, finding.name,
          _where(finding)))
      lines.append('    %5s  fix: %s' % ('', finding.hint))
    if verbose:
      for use, finding in result.uses:
        lines.append('    %5d  %-11s %-19s %s' % (
            use.line, use.context,
            'ok' if finding is None else finding.kind, use.name))
  if not _shown(report, verbose):
    lines.append('  (nothing to report)')
  return '\n'.join(lines)


def _cell(text):
  return str(text).replace('|', '\\|')


def to_markdown(report, verbose=False):
  """The report as Markdown, for a migration ticket."""
  title, counts = _headline(report)
  lines = ['## ' + title, '', 'Files: ' + counts + '.', '',
           '### Entry points', '']
  entries = _entry_points(report)
  if entries:
    lines += ['| script | verdict |', '|---|---|']
    lines += ['| `%s` | %s |' % (r.path, _cell(_verdict_words(report, r)))
              for r in entries]
  else:
    lines.append('None found.')
  rows = _blocker_rows(report)
  lines += ['', '### Blockers by kind', '']
  if rows:
    lines += ['| kind | count | names | fix |', '|---|---|---|---|']
    lines += ['| %s | %d | %s | %s |' % (kind, count, _cell(_examples(names)),
                                         _cell(hint))
              for kind, count, names, hint in rows]
  else:
    lines.append('None.')
  for title, found in ((_POSSIBLE_TITLE, _blocker_rows(report, True)),
                       (_SERVED_TITLE, _served_rows(report))):
    if found:
      lines += ['', '### ' + title, '',
                '| kind | count | names | fix |', '|---|---|---|---|']
      lines += ['| %s | %d | %s | %s |' % (kind, count,
                                           _cell(_examples(names)),
                                           _cell(hint))
                for kind, count, names, hint in found]
  lines += ['', '### Files', '']
  for result in _shown(report, verbose):
    lines += ['- `%s`: %s' % (result.path,
                             _cell(_verdict_words(report, result)))]
    listed, tf1 = _split_tf1(result, verbose)
    if tf1:
      lines.append('  - needs `--tf1` for: %s' % _cell(_examples(tf1, 6)))
    for finding in listed:
      lines.append('  - line %d, %s, %s: `%s`%s%s — %s' % (
          finding.line, finding.context, finding.kind, finding.name,
          '' if finding.function is None else ' in `%s`' % finding.function,
          '' if finding.condition is None else
          ', under `%s`' % _cell(finding.condition), finding.hint))
  return '\n'.join(lines)
