"""A scan `Report` for people (text, Markdown) and programs (JSON).

The text and Markdown reports put the summary first: entry points and their
verdicts, then the blockers grouped by kind with counts, then each file with
a finding (``verbose``: every file and every use).

JSON schema, version 1 (fields are only ever added; a change of meaning bumps
``version``)::

    {"version": 1,
     "tensorflow": "2.21.0" | null,    # checked against; null: not needed
     "keras3": true | false | null,
     "tensorflow_error": str | null,   # why TensorFlow could not be imported
     "paths": [str],
     "summary": {"files": int, "entry_points": int, "runs": int,
                 "fails_at_import": int, "fails_when_called": int,
                 "blockers": {kind: int}},
     "files": [{"path": str, "entry_point": bool, "needs_tf1": bool,
                "verdict": {"status": "runs" | "fails-at-import" |
                                      "fails-when-called",
                            "text": str,
                            "function": str | null,   # fails-when-called
                            "reached": bool | null,   # called by running it
                            "blocker": finding | null,
                            "via": ["file:line", ...]},  # import chain
                "findings": [finding],
                "uses": [{"line": int, "name": str, "context": str,
                          "function": str | null, "ok": bool}]}]}

    finding = {"file": str, "line": int, "kind": str, "name": str,
               "context": "import-time" | "call-time" | "guarded",
               "function": str | null, "blocking": bool, "hint": str}
"""

import collections
import gc
import json

from slimcompat._scan import _verdicts

VERSION = 1
_STATUS_WORDS = (
    (_verdicts.RUNS, 'run'),
    (_verdicts.FAILS_AT_IMPORT, 'fail at import'),
    (_verdicts.FAILS_WHEN_CALLED, 'fail when a function is called'))


def blocked(report):
  """True when some file does not run as it stands."""
  return any(v.status != _verdicts.RUNS for v in report.verdicts.values())


def _finding_dict(finding):
  return {'file': finding.file, 'line': finding.line, 'kind': finding.kind,
          'name': finding.name, 'context': finding.context,
          'function': finding.function, 'blocking': finding.blocking,
          'hint': finding.hint}


def _blocker_counts(report):
  counts = collections.Counter()
  for result in report.results:
    counts.update(f.kind for f in result.findings if f.blocking)
  return counts


def _summary(report):
  statuses = collections.Counter(v.status for v in report.verdicts.values())
  return {'files': len(report.results),
          'entry_points': sum(r.entry_point for r in report.results),
          'runs': statuses[_verdicts.RUNS],
          'fails_at_import': statuses[_verdicts.FAILS_AT_IMPORT],
          'fails_when_called': statuses[_verdicts.FAILS_WHEN_CALLED],
          'blockers': dict(sorted(_blocker_counts(report).items()))}


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
        'verdict': {
            'status': verdict.status, 'text': verdict.text,
            'function': verdict.function, 'reached': verdict.reached,
            'blocker': (_finding_dict(verdict.blocker)
                        if verdict.blocker else None),
            'via': verdict.via},
        'findings': [_finding_dict(f) for f in result.findings],
        'uses': [{'line': use.line, 'name': use.name, 'context': use.context,
                  'function': use.function, 'ok': finding is None or
                                                  not finding.blocking}
                 for use, finding in result.uses]})
  return json.dumps({
      'version': VERSION, 'tensorflow': report.tf_version,
      'keras3': report.keras3, 'tensorflow_error': report.tf_error,
      'paths': report.paths, 'summary': _summary(report), 'files': files})


def _verdict_words(report, result):
  verdict = report.verdicts[result.path]
  words = verdict.text
  if verdict.status == _verdicts.FAILS_WHEN_CALLED and verdict.reached:
    words += ' (the script calls it)'
  if report.needs_tf1[result.path]:
    words += '  [run with --tf1]'
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


def _blocker_rows(report):
  """(kind, count, example names, first hint) per blocking kind."""
  names = collections.defaultdict(list)
  hints = {}
  for result in report.results:
    for finding in result.findings:
      if finding.blocking:
        name = finding.name.replace('builtins.', '')
        if name not in names[finding.kind]:
          names[finding.kind].append(name)
        hints.setdefault(finding.kind, finding.hint)
  counts = _blocker_counts(report)
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
    lines.append('  (none: no `if __name__ == "__main__"`, tf.app.run or '
                 'absl.app.run)')
  rows = _blocker_rows(report)
  lines += ['', 'Blockers by kind' + ('' if rows else ': none')]
  for kind, count, names, hint in rows:
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
          '' if finding.function is None else '  in ' + finding.function))
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
  lines += ['', '### Files', '']
  for result in _shown(report, verbose):
    lines += ['- `%s`: %s' % (result.path,
                             _cell(_verdict_words(report, result)))]
    listed, tf1 = _split_tf1(result, verbose)
    if tf1:
      lines.append('  - needs `--tf1` for: %s' % _cell(_examples(tf1, 6)))
    for finding in listed:
      lines.append('  - line %d, %s, %s: `%s`%s — %s' % (
          finding.line, finding.context, finding.kind, finding.name,
          '' if finding.function is None else ' in `%s`' % finding.function,
          finding.hint))
  return '\n'.join(lines)
