"""Per-file verdicts: does it run, fail at import, or fail when a function is called.

A file fails at import at its first blocking module-level finding, in line
order, or at its first module-level import of another file of the scanned
tree that itself fails at import -- so a script's verdict covers its
transitive imports inside the tree ("train.py fails at import because
nets/nasnet.py line 27 imports contrib.training").  Otherwise it fails when a
function is called if a function body holds a blocking finding; `reached`
says whether running the file as a script calls that function (called at
module level, from the ``__main__`` block, through ``tf.app.run`` /
``absl.app.run``, or from a function that is).
"""

import collections
import os

RUNS = 'runs'
FAILS_AT_IMPORT = 'fails-at-import'
FAILS_WHEN_CALLED = 'fails-when-called'

Verdict = collections.namedtuple(
    'Verdict', 'status text function reached blocker via')

FileResult = collections.namedtuple(
    'FileResult', 'path modules findings uses imports entry_point calls '
    'app_run_targets functions')
FileResult.__doc__ = """What the scan learnt about one file.

modules: the module names it can be imported under; findings: `Finding`s;
uses: (use, finding or None) pairs; imports: `_names.LocalImport`s; calls:
function qualname (None: module level) -> names it calls; functions: the
qualnames defined in it.
"""


def describe(finding):
  """'tensorflow.contrib.learn (not-served)' style words for a blocker."""
  return '%s (%s)' % (finding.name.replace('builtins.', ''), finding.kind)


class ImportGraph(object):
  """Which file of the tree an import statement of another file loads."""

  def __init__(self, results):
    self._by_module = collections.defaultdict(list)
    self._by_path = {}
    for result in results:
      self._by_path[os.path.normpath(result.path)] = result
      for module, base in result.modules:
        self._by_module[module].append((os.path.abspath(base), result))
    self._here = {}
    self._targets = {}

  def _absolute(self, importer, module):
    """The file for an absolute `module`, as the importer's sys.path sees it."""
    here = self._here.get(importer.path)
    if here is None:
      here = self._here[importer.path] = os.path.dirname(
          os.path.abspath(importer.path))
    for base, result in self._by_module.get(module, ()):
      if here == base or here.startswith(base + os.sep):
        return result
    return None

  def _relative(self, importer, level, module):
    base = os.path.dirname(importer.path)
    for _ in range(level - 1):
      base = os.path.dirname(base)
    path = os.path.join(base, *module.split('.')) if module else base
    for candidate in (path + '.py', os.path.join(path, '__init__.py')):
      found = self._by_path.get(os.path.normpath(candidate))
      if found is not None:
        return found
    return None

  def targets(self, importer, local_import):
    """The tree files an import statement executes, in order."""
    key = (importer.path, local_import)
    if key not in self._targets:
      self._targets[key] = self._find_targets(importer, local_import)
    return self._targets[key]

  def _find_targets(self, importer, local_import):
    found = []
    if local_import.level:
      modules = [(local_import.level, local_import.module)]
      if local_import.module:
        modules.insert(0, (local_import.level, ''))
      for name in local_import.names:
        prefix = local_import.module + '.' if local_import.module else ''
        modules.append((local_import.level, prefix + name))
      for level, module in modules:
        result = self._relative(importer, level, module)
        if result is not None and result is not importer:
          found.append(result)
    else:
      parts = local_import.module.split('.')
      names = ['.'.join(parts[:cut]) for cut in range(1, len(parts) + 1)]
      names += [local_import.module + '.' + n for n in local_import.names]
      for name in names:
        result = self._absolute(importer, name)
        if result is not None and result is not importer:
          found.append(result)
    unique = []
    for result in found:
      if result not in unique:
        unique.append(result)
    return unique


class Judge(object):
  """Verdicts for every file of one scan."""

  def __init__(self, results):
    self._graph = ImportGraph(results)
    self._import_blockers = {}

  def _events(self, result, as_script):
    """Blocking findings and tree imports that run at load time, in order."""
    events = []
    for finding in result.findings:
      if (finding.blocking and finding.context == 'import-time' and
          (as_script or not finding.main)):
        events.append((finding.line, 0, finding))
    for local_import in result.imports:
      if (local_import.context == 'import-time' and
          (as_script or not local_import.main)):
        events.append((local_import.line, 1, local_import))
    events.sort(key=lambda event: event[:2])
    return [event[2] for event in events]

  def import_blocker(self, result, as_script=False, _active=None):
    """(finding, via) for the first failure when `result` is loaded, or None.

    via lists the import statements ('train.py:3') that lead to the finding.
    """
    key = (result.path, as_script)
    if key in self._import_blockers:
      return self._import_blockers[key]
    active = set() if _active is None else _active
    if result.path in active:
      return None  # an import cycle: Python sees a partial module, no failure
    active.add(result.path)
    blocker = None
    for event in self._events(result, as_script):
      if hasattr(event, 'blocking'):
        blocker = (event, [])
        break
      for target in self._graph.targets(result, event):
        inner = self.import_blocker(target, False, active)
        if inner is not None:
          blocker = (inner[0], ['%s:%d' % (result.path, event.line)] + inner[1])
          break
      if blocker is not None:
        break
    active.discard(result.path)
    if _active is None or blocker is not None:
      self._import_blockers[key] = blocker
    return blocker

  def closure(self, result):
    """`result` and every tree file its load-time imports reach."""
    seen, todo = [], [result]
    while todo:
      current = todo.pop()
      if current in seen:
        continue
      seen.append(current)
      for local_import in current.imports:
        if local_import.context != 'guarded':
          todo.extend(self._graph.targets(current, local_import))
    return seen

  @staticmethod
  def reached(result):
    """Qualnames of the functions that running `result` as a script calls."""
    todo = list(result.calls.get(None, ())) + sorted(result.app_run_targets)
    seen = set()
    while todo:
      name = todo.pop()
      if name in seen or name not in result.functions:
        continue
      seen.add(name)
      todo.extend(result.calls.get(name, ()))
    return seen

  def verdict(self, result):
    """The `Verdict` for running `result` as a script."""
    blocker = self.import_blocker(result, as_script=True)
    if blocker is not None:
      finding, via = blocker
      where = '%s:%d' % (finding.file, finding.line)
      text = 'fails at import: %s at %s' % (describe(finding), where)
      if via:
        text += ' (via %s)' % ' -> '.join(via)
      return Verdict(FAILS_AT_IMPORT, text, None, None, finding, via)
    called = [f for f in result.findings
              if f.blocking and f.context == 'call-time']
    if called:
      reached = self.reached(result)
      # A function reached from the script's run comes first.
      called.sort(key=lambda f: (f.function.split('.<lambda>')[0]
                                 not in reached, f.line))
      finding = called[0]
      function = finding.function
      is_reached = function.split('.<lambda>')[0] in reached
      text = 'fails when %s is called: %s at %s:%d' % (
          function, describe(finding), finding.file, finding.line)
      return Verdict(FAILS_WHEN_CALLED, text, function, is_reached, finding,
                     [])
    return Verdict(RUNS, RUNS, None, None, None, [])
