"""Per-file verdicts: runs, fails at import, or (may) fail when called.

A file fails at import at its first blocking module-level finding, in line
order, or at its first module-level import of another file of the scanned
tree that itself fails at import -- so a script's verdict covers its
transitive imports inside the tree ("train.py fails at import because
nets/nasnet.py line 27 imports contrib.training").  Otherwise it fails when a
function is called if the function -- or a function, method or constructor
of the tree it calls, across files, to any depth -- holds a blocking finding;
`via` is then the chain of calls (``train.py:40 main``, ``solver.py:88
Solver.train``, ``net.py:12 Net.build``: each function and the line where it
goes on).  `reached` says whether running the file as a script gets there
(from module level, the ``__main__`` block, ``tf.app.run`` /
``absl.app.run``).  A finding inside a branch that may not run (an ``if`` /
``else`` body, a conditional expression), a call inside one, or a call the
scan cannot pin down (a method of an object it cannot follow, matched by the
method's name) make it only *may* fail.

Each answer is computed once for the whole tree, cycles included: blockers
are found by one backward walk from the findings over the import and call
graphs (linear in their size), and a verdict follows first-in-line-order
steps, falling back to the walk's own acyclic steps inside a cycle.
"""

import collections
import os
import re

RUNS = 'runs'
FAILS_AT_IMPORT = 'fails-at-import'
FAILS_WHEN_CALLED = 'fails-when-called'
MAY_FAIL_WHEN_CALLED = 'may-fail-when-called'

Verdict = collections.namedtuple(
    'Verdict', 'status text function reached blocker via')

FileResult = collections.namedtuple(
    'FileResult', 'path modules findings uses imports entry_point calls '
    'app_run_targets functions edges classes attributes bindings',
    defaults=((), {}, {}, {}))
FileResult.__doc__ = """What the scan learnt about one file.

modules: the module names it can be imported under; findings: `Finding`s;
uses: (use, finding or None) pairs; imports: `_names.LocalImport`s; calls:
function qualname (None: module level) -> names it calls; functions: the
qualnames defined in it; edges: its `_names.Call`s; classes: class qualname
-> base references; attributes: (class, attribute) -> reference assigned to
``self.attribute``; bindings: module-level name -> reference.
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


# An event of a node of the import or call graph, in the order it runs:
# `finding` fails right there, or the node goes on to `successor`.
_Event = collections.namedtuple('_Event', 'key line finding successor')
_TOKENS = re.compile(r'\(\)|\.[^.()]+|[^.()]+')
_BY_NAME_LIMIT = 4  # a method name defined in more classes says nothing


def _solve(nodes, events):
  """(best, walk): node -> the `_Event` by which it fails, for every node that
  reaches a finding.

  `walk` comes from one breadth-first walk backwards from the findings (its
  steps never form a cycle); `best` takes each node's first event in run
  order that fails.  Linear in nodes + events.
  """
  callers = collections.defaultdict(list)
  walk = {}
  queue = collections.deque()
  for node in nodes:
    for event in events(node):
      if event.finding is not None:
        if node not in walk:
          walk[node] = event
          queue.append(node)
      else:
        callers[event.successor].append((node, event))
  while queue:
    node = queue.popleft()
    for caller, event in callers.pop(node, ()):
      if caller not in walk:
        walk[caller] = event
        queue.append(caller)
  best = {}
  for node in walk:
    for event in events(node):
      if event.finding is not None or event.successor in walk:
        best[node] = event
        break
  return best, walk


def _chain(start, best, walk):
  """[(node, event)] from `start` to its finding."""
  steps, seen, node, table = [], set(), start, best
  while True:
    seen.add(node)
    event = table[node]
    if event.finding is None and event.successor in seen and table is best:
      table = walk  # a cycle: go on by the walk's steps, which end
      event = walk[node]
    steps.append((node, event))
    if event.finding is not None:
      return steps
    node = event.successor


def _owner(function):
  """The function a lambda's body belongs to (``f.<lambda>`` -> ``f``)."""
  if function is None:
    return None
  head = function.split('.<lambda>')[0]
  return head or function


class Judge(object):
  """Verdicts for every file of one scan.

  Args:
    results: the `FileResult`s.
    graph: an `ImportGraph` of them (shared between judges).
    python: judge for plain ``python``: names that ``slimcompat run --tf1``
      serves block too.
  """

  def __init__(self, results, graph=None, python=False):
    self._results = results
    self._graph = graph or ImportGraph(results)
    self._python = python
    self._by_path = {r.path: r for r in results}
    self._methods = collections.defaultdict(list)  # name -> [(path, qual)]
    for result in results:
      for qualname in result.functions:
        owner, _, name = qualname.rpartition('.')
        if owner in result.classes:
          self._methods[name].append((result.path, qualname))
    self._refs = {}
    self._events = {}
    self._imports = None
    self._calls = {}

  def _blocks(self, finding):
    return finding.blocking or (self._python and bool(finding.blocks_python))

  # ----------------------------------------------------------------- imports
  def _import_events(self, node):
    found = self._events.get(node)
    if found is not None:
      return found
    path, as_script = node
    result = self._by_path[path]
    events = []
    for finding in result.findings:
      if (self._blocks(finding) and finding.context == 'import-time' and
          (as_script or not finding.main)):
        events.append(_Event((finding.line, 0, 0), finding.line, finding,
                             None))
    for local_import in result.imports:
      if (local_import.context == 'import-time' and
          (as_script or not local_import.main)):
        for index, target in enumerate(self._graph.targets(result,
                                                           local_import)):
          events.append(_Event((local_import.line, 1, index),
                               local_import.line, None, (target.path, False)))
    events.sort(key=lambda event: event.key)
    self._events[node] = events
    return events

  def import_blocker(self, result, as_script=False):
    """(finding, via) for the first failure when `result` is loaded, or None.

    via lists the import statements ('train.py:3') that lead to the finding.
    """
    if self._imports is None:
      nodes = [(r.path, s) for r in self._results for s in (False, True)]
      self._imports = _solve(nodes, self._import_events)
    best, walk = self._imports
    node = (result.path, as_script)
    if node not in best:
      return None
    steps = _chain(node, best, walk)
    via = ['%s:%d' % (n[0], e.line) for n, e in steps[:-1]]
    return steps[-1][1].finding, via

  def reaching(self, paths):
    """The files whose load-time imports reach one of `paths` (themselves
    included): one backward walk over the import graph."""
    importers = collections.defaultdict(set)
    for result in self._results:
      for local_import in result.imports:
        if local_import.context != 'guarded':
          for target in self._graph.targets(result, local_import):
            importers[target.path].add(result.path)
    found = set(paths)
    todo = list(found)
    while todo:
      for importer in importers.pop(todo.pop(), ()):
        if importer not in found:
          found.add(importer)
          todo.append(importer)
    return found

  def closure(self, result):
    """`result` and every tree file its load-time imports reach."""
    seen, todo = set(), [result]
    ordered = []
    while todo:
      current = todo.pop()
      if current.path in seen:
        continue
      seen.add(current.path)
      ordered.append(current)
      for local_import in current.imports:
        if local_import.context != 'guarded':
          todo.extend(self._graph.targets(current, local_import))
    return ordered

  # --------------------------------------------------------- references
  def _ref(self, result, ref):
    """What `ref`, spelt in `result`, stands for inside the tree.

    One of ('def', path, qual), ('class', path, qual), ('instance', path,
    class qual), ('module', path), ('tree', path, last name): something of
    that file the scan cannot pin down; or None: outside the tree.
    """
    key = (result.path, ref)
    if key in self._refs:
      return self._refs[key]
    self._refs[key] = None  # a reference that leads back to itself
    found = self._find_ref(result, ref)
    self._refs[key] = found
    return found

  def _find_ref(self, result, ref):
    level = len(ref) - len(ref.lstrip('.'))
    tokens = _TOKENS.findall(ref[level:])
    if not tokens:
      return None
    first, index = tokens[0], 1
    if level == 0 and first.startswith('~'):
      qualname = first[1:]
      # A nested definition: the longest qualname that names one.
      while (index < len(tokens) and tokens[index].startswith('.') and
             qualname + tokens[index] in result.functions or
             index < len(tokens) and tokens[index].startswith('.') and
             qualname + tokens[index] in result.classes):
        qualname += tokens[index]
        index += 1
      value = self._definition(result, qualname)
    else:
      names = [first] + [t[1:] for t in tokens[1:]]
      dots = next((i for i, t in enumerate(tokens) if t == '()'),
                  len(tokens))
      value = None
      for cut in range(dots, 0, -1):
        module = '.'.join(names[:cut])
        if level:
          found = self._graph._relative(result, level, module)  # pylint: disable=protected-access
        else:
          found = self._graph._absolute(result, module)  # pylint: disable=protected-access
        if found is not None:
          value, index = ('module', found.path), cut
          break
      if value is None:
        return None
    for token in tokens[index:]:
      if value is None:
        return None
      value = self._apply(value, token)
    return value

  def _definition(self, result, qualname):
    if qualname in result.functions:
      return ('def', result.path, qualname)
    if qualname in result.classes:
      return ('class', result.path, qualname)
    return ('tree', result.path, qualname.split('.')[-1])

  def _apply(self, value, token):
    """The value of `value` followed by ``()`` or ``.name``."""
    kind, path = value[0], value[1]
    result = self._by_path[path]
    if token == '()':
      return (('instance', path, value[2]) if kind == 'class' else
              ('tree', path, value[2] if kind == 'tree' else None))
    name = token[1:]
    if kind == 'module':
      return self._member(result, name)
    if kind in ('class', 'instance'):
      method = self._method(result, value[2], name, set())
      if method is not None:
        return method
      if kind == 'class' and value[2] + '.' + name in result.classes:
        return ('class', path, value[2] + '.' + name)
      assigned = result.attributes.get((value[2], name))
      if kind == 'instance' and assigned is not None:
        return self._ref(result, assigned) or ('tree', path, name)
    return ('tree', path, name)

  def _member(self, result, name):
    if name in result.functions or name in result.classes:
      return self._definition(result, name)
    bound = result.bindings.get(name)
    if bound:
      return self._ref(result, bound)
    return ('tree', result.path, name)

  def _method(self, result, cls, name, seen):
    """('def', path, qual) for method `name` of class `cls`, through bases."""
    if (result.path, cls) in seen:
      return None
    seen.add((result.path, cls))
    if cls + '.' + name in result.functions:
      return ('def', result.path, cls + '.' + name)
    for base in result.classes.get(cls, ()):
      found = self._ref(result, base)
      if found is not None and found[0] == 'class':
        method = self._method(self._by_path[found[1]], found[2], name, seen)
        if method is not None:
          return method
    return None

  def _callees(self, result, target):
    """([(path, qual)], certain) that calling `target` from `result` runs."""
    try:
      return self._find_callees(result, target)
    except RecursionError:  # a chain of aliases or bases too long to follow
      return self._by_name(target.rpartition('.')[2])

  def _find_callees(self, result, target):
    if target.startswith('?.'):
      value = ('tree', None, target[2:])
    else:
      value = self._ref(result, target)
    if value is None or value[0] == 'module':
      return [], True
    if value[0] == 'def':
      return [(value[1], value[2])], True
    if value[0] in ('class', 'instance'):
      found = self._method(self._by_path[value[1]], value[2],
                           '__init__' if value[0] == 'class' else '__call__',
                           set())
      return ([(found[1], found[2])] if found else []), True
    return self._by_name(value[2])

  def _by_name(self, name):
    """The tree's methods called `name`: a call that may run one of them."""
    if not name or name.startswith('__'):
      return [], True
    candidates = self._methods.get(name, ())
    if len(candidates) > _BY_NAME_LIMIT:
      return [], True
    return list(candidates), False

  # ------------------------------------------------------------------ calls
  def _call_events(self, result_nodes):
    """events(node) for the call graph, built once for all files."""
    table = collections.defaultdict(list)
    for result in self._results:
      for finding in result.findings:
        if self._blocks(finding) and finding.context == 'call-time':
          node = (result.path, _owner(finding.function))
          table[node].append(_Event((finding.line, 0, 0), finding.line,
                                    finding, None))
      for order, call in enumerate(result.edges):
        node = (result.path, _owner(call.function))
        callees, certain = self._callees(result, call.target)
        for index, callee in enumerate(callees):
          table[node].append(_Event((call.line, 1, order, index), call.line,
                                    None, callee))
          if not certain or call.condition is not None:
            self._uncertain.add((node, call.line, callee))
      for target in result.app_run_targets:
        callee = (result.path, target)
        if target in result.functions:
          table[(result.path, None)].append(_Event((10 ** 9, 2, 0),
                                                   0, None, callee))
    for node in table:
      table[node].sort(key=lambda event: event.key)
    result_nodes.extend(table)
    return table

  def _call_solutions(self, certain):
    """`_solve` of the call graph: only certain steps, or every step."""
    if certain not in self._calls:
      if 'all' not in self._calls:
        self._uncertain = set()
        nodes = []
        self._calls['all'] = (self._call_events(nodes), nodes)
      table, nodes = self._calls['all']
      if certain:
        def events(node):
          return [e for e in table.get(node, ()) if
                  (e.finding is not None and e.finding.condition is None) or
                  (e.finding is None and
                   (node, e.line, e.successor) not in self._uncertain)]
        filtered = {n: events(n) for n in nodes}
        self._calls[certain] = _solve(nodes, lambda n: filtered.get(n, ()))
      else:
        self._calls[certain] = _solve(nodes, lambda n: table.get(n, ()))
    return self._calls[certain]

  def _call_verdict(self, result, node, reached):
    """A `Verdict` if calling `node` fails (surely, else maybe), or None."""
    for certain in (True, False):
      best, walk = self._call_solutions(certain)
      if node in best:
        steps = _chain(node, best, walk)
        if steps[0][0][1] is None:
          steps = steps[1:]  # the module level: the script itself
        finding = steps[-1][1].finding
        function, first = steps[-1][0][1], steps[0][0][1]
        via = ['%s:%d %s' % (n[0], e.line, n[1]) for n, e in steps]
        if certain:
          status, text = FAILS_WHEN_CALLED, 'fails when %s is called' % first
        else:
          status = MAY_FAIL_WHEN_CALLED
          text = 'may fail when %s is called' % first
          if finding.condition is not None:
            text += ' (under `%s`)' % finding.condition
          else:
            text += ' (through a call it cannot be sure of)'
        text += ': %s at %s:%d' % (describe(finding), finding.file,
                                   finding.line)
        if len(via) > 1:
          here = os.path.dirname(steps[0][0][0])
          text += ' (via %s)' % ' -> '.join(
              '%s:%d %s' % (os.path.relpath(n[0], here), e.line, n[1])
              for n, e in steps)
        return Verdict(status, text, function, reached, finding,
                       via if len(via) > 1 else [])
    return None

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
    found = self._call_verdict(result, (result.path, None), True)
    if found is not None:
      return found
    # Not reached by running it: the function of this file that fails first.
    for certain in (True, False):
      best, _ = self._call_solutions(certain)
      failing = sorted((best[(result.path, f)].key, f) for f in
                       set(result.functions) | {_owner(x.function) for x in
                                                result.findings}
                       if f is not None and (result.path, f) in best)
      if failing:
        return self._call_verdict(result, (result.path, failing[0][1]),
                                  False)
    return Verdict(RUNS, RUNS, None, None, None, [])
