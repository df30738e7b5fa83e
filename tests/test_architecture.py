"""Keeps docs/ARCHITECTURE.md true: the layer table, private names, locals().

Three rules of the map are checked on the package's source (with `ast`, no
import):

1. **Layer order.**  The table under "The layers of the package" in
   docs/ARCHITECTURE.md is read as the map: each module may import only from
   its own layer and the layers above it in the table.  Every import counts,
   also one deferred into a function (a deferred import hides a circle, it
   does not remove it), and no two modules may import each other, directly
   or round a circle.  A module no row names (a new package or file the
   table does not list yet) is placed by a rule instead of failing: at the
   highest layer among the modules it imports, i.e. as low as its imports
   allow; it is then held to that place like any other (a listed module
   below it may not import it).  The test prints such modules as a warning,
   so that a row gets added.
2. **Private names stay private.**  No module imports or reads another
   module's ``_name`` except the pairs in `FORCED_PRIVATE_REACHES`, each
   with the reason tf_slim's surface forces it.  An entry no module uses
   any more fails too, so the list stays short.
3. **locals() is read first.**  Every ``locals()`` call sits in the first
   statement of its function (after the docstring), as
   ``own_arguments(locals())``, before any other local exists.

Module docstrings name only files that exist (``*.py`` names), so the
pointers between files stay true as files move.  The checker is tested on
planted examples in a temporary tree: a back-edge, a private reach, a late
``locals()`` and an unplaced module.
"""

import ast
import os
import re
import warnings

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHITECTURE_MD = os.path.join(ROOT, 'docs', 'ARCHITECTURE.md')

# (importing module, module holding the name, private name) -> why tf_slim's
# surface forces the reach.
FORCED_PRIVATE_REACHES = {
    ('slimcompat.contrib.layers_layers', 'slimcompat.contrib._variable_getter',
     '_add_variable_to_collections'):
        "tf.contrib.layers' layers module had this private helper and "
        'legacy code calls it there',
    ('slimcompat.contrib.layers_layers', 'slimcompat.contrib._variable_getter',
     '_build_variable_getter'):
        "tf.contrib.layers' layers module had this private helper and "
        'legacy code calls it there',
    ('slimcompat.evaluation', 'slimcompat.training._evaluation_loop',
     '_USE_DEFAULT'):
        'tf_slim.evaluation binds the sentinel default of its loops under '
        'this name; the loop that tests for it lives in the private file',
    ('slimcompat.layers.layers', 'slimcompat.layers._reshape',
     '_inner_flatten'):
        "tf_slim.layers.layers has _inner_flatten (tf-slim's own tests call "
        'it there)',
    ('slimcompat.learning', 'slimcompat.training._supervised_training',
     '_USE_DEFAULT'):
        'tf_slim.learning binds the sentinel default of train() under this '
        'name',
    ('slimcompat.learning', 'slimcompat.training._supervised_training',
     '_USE_GLOBAL_STEP'):
        'tf_slim.learning binds the global-step sentinel under this name',
    ('slimcompat.metrics.histogram_ops', 'slimcompat.metrics._histogram_auc',
     '_strict_1d_cumsum'):
        "tf_slim's histogram_ops has _strict_1d_cumsum (its own tests call "
        'it there)',
    ('slimcompat.metrics.metric_ops', 'slimcompat.metrics._streaming_concat',
     '_next_array_size'):
        "tf_slim's metric_ops has _next_array_size (its own tests call it "
        'there)',
    ('slimcompat.training.training', 'slimcompat.training',
     '_TRAINING_NAMES'):
        "the package answers training.training's names on first access; one "
        'list keeps it and the module\'s __all__ in step, and a public name '
        'in the package would not be tf_slim\'s',
    ('slimcompat.training.training', 'slimcompat.training._monitored_training',
     '_USE_GLOBAL_STEP'):
        'tf_slim.training.training binds the global-step sentinel under '
        'this name',
}

# *.py names module docstrings may give though no file has them.
FOREIGN_FILES = {
    'nets/nasnet.py': "a tf-slim 'models' net that slimcompat does not serve",
}


# ----------------------------------------------------------------- reading
def _modules(root):
  """{module name: path} of every .py file under root/slimcompat."""
  modules = {}
  for folder, dirs, files in os.walk(os.path.join(root, 'slimcompat')):
    dirs[:] = sorted(d for d in dirs if d != '__pycache__')
    for name in files:
      if name.endswith('.py'):
        path = os.path.join(folder, name)
        dotted = os.path.relpath(path, root)[:-3].replace(os.sep, '.')
        if dotted.endswith('.__init__'):
          dotted = dotted[:-len('.__init__')]
        modules[dotted] = path
  return modules


def _trees(root):
  modules = _modules(root)
  trees = {}
  for name, path in modules.items():
    with open(path, encoding='utf-8') as f:
      trees[name] = ast.parse(f.read(), path)
  return modules, trees


def _is_package(modules, name):
  return modules.get(name, '').endswith('__init__.py')


def _absolute(modules, module, node):
  """The absolute module name an ImportFrom `node` in `module` names."""
  if not node.level:
    return node.module
  base = module if _is_package(modules, module) else module.rpartition('.')[0]
  for _ in range(node.level - 1):
    base = base.rpartition('.')[0]
  return base + ('.' + node.module if node.module else '')


def _nearest_module(modules, dotted):
  while dotted and dotted not in modules:
    dotted = dotted.rpartition('.')[0]
  return dotted or None


def imports(root):
  """{module: {(imported module, line)}} for slimcompat's own modules."""
  modules, trees = _trees(root)
  edges = {}
  for module, tree in trees.items():
    found = set()
    for node in ast.walk(tree):
      targets = []
      if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
      elif isinstance(node, ast.ImportFrom):
        source = _absolute(modules, module, node)
        for alias in node.names:
          full = '%s.%s' % (source, alias.name)
          targets.append(full if full in modules else source)
      for target in targets:
        if target and target.split('.')[0] == 'slimcompat':
          target = _nearest_module(modules, target)
          if target and target != module:
            found.add((target, node.lineno))
    edges[module] = found
  return edges


# -------------------------------------------------------------- the table
def layer_table(path=ARCHITECTURE_MD):
  """[(layer name, [module patterns])] read from the doc's layer table.

  A pattern ``slimcompat.ops`` covers the module and everything under it;
  the package root (``slimcompat/__init__.py``) covers only itself.
  """
  with open(path, encoding='utf-8') as f:
    text = f.read()
  section = text.split('## The layers of the package', 1)[1].split('\n## ')[0]
  rows = []
  for line in section.splitlines():
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if not line.startswith('|') or len(cells) < 3 or set(cells[0]) <= {'-'}:
      continue
    paths = re.findall(r'`(slimcompat/[\w/.]*)`', cells[1])
    if not paths:
      continue  # the header
    patterns = []
    for p in paths:
      p = p.rstrip('/')
      p = p[:-len('/__init__.py')] if p.endswith('/__init__.py') else p
      p = p[:-3] if p.endswith('.py') else p
      patterns.append(p.replace('/', '.'))
    rows.append((cells[0], patterns))
  return rows


def _listed_layer(table, module):
  best, best_len = None, -1
  for index, (_, patterns) in enumerate(table):
    for pattern in patterns:
      exact_only = pattern == 'slimcompat'
      if module == pattern or (not exact_only and
                               module.startswith(pattern + '.')):
        if len(pattern) > best_len:
          best, best_len = index, len(pattern)
  return best


def place(table, edges):
  """{module: layer index}: listed modules by the table, the others by
  their imports (the highest layer among them; the first layer if none).
  Also returns the modules placed by rule."""
  layers = {m: _listed_layer(table, m) for m in edges}
  unplaced = sorted(m for m, index in layers.items() if index is None)
  for m in unplaced:
    layers[m] = 0
  for _ in range(len(unplaced) + 1):  # settle chains of unlisted modules
    for m in unplaced:
      layers[m] = max([layers.get(t, 0) for t, _ in edges[m]] + [0])
  return layers, unplaced


def back_edges(root, table):
  """Imports that go against the table: [(module, line, imported, why)]."""
  edges = imports(root)
  layers, _ = place(table, edges)
  bad = []
  for module, found in sorted(edges.items()):
    for target, line in sorted(found):
      if target in layers and layers[target] > layers[module]:
        bad.append((module, line, target, '%s imports %s' % (
            table[layers[module]][0], table[layers[target]][0])))
  return bad


def circles(root):
  """Groups of modules that import each other (Tarjan's components)."""
  edges = {m: {t for t, _ in found} for m, found in imports(root).items()}
  index, low, stack, on_stack, found = {}, {}, [], set(), []

  def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on_stack.add(v)
    for w in sorted(edges.get(v, ())):
      if w not in index:
        visit(w)
        low[v] = min(low[v], low[w])
      elif w in on_stack:
        low[v] = min(low[v], index[w])
    if low[v] == index[v]:
      group = []
      while True:
        w = stack.pop()
        on_stack.discard(w)
        group.append(w)
        if w == v:
          break
      if len(group) > 1:
        found.append(sorted(group))

  for v in sorted(edges):
    if v not in index:
      visit(v)
  return found


# ---------------------------------------------------------- private names
def _module_names(modules, tree, module):
  """{local name: slimcompat module} bound by the imports of `tree`."""
  bound = {}
  for node in ast.walk(tree):
    if isinstance(node, ast.Import):
      for alias in node.names:
        if alias.name in modules and alias.asname:
          bound[alias.asname] = alias.name
    elif isinstance(node, ast.ImportFrom):
      source = _absolute(modules, module, node)
      for alias in node.names:
        full = '%s.%s' % (source, alias.name)
        if full in modules:
          bound[alias.asname or alias.name] = full
  return bound


def _private(name):
  return name.startswith('_') and not name.startswith('__')


def private_reaches(root):
  """[(module, line, holder, name)]: `name` of another module `holder`
  imported (``from holder import _name``) or read (``holder._name``)."""
  modules, trees = _trees(root)
  found = []
  for module, tree in sorted(trees.items()):
    bound = _module_names(modules, tree, module)
    for node in ast.walk(tree):
      if isinstance(node, ast.ImportFrom):
        source = _absolute(modules, module, node)
        if not source or source.split('.')[0] != 'slimcompat':
          continue
        for alias in node.names:
          if (_private(alias.name) and
              '%s.%s' % (source, alias.name) not in modules):
            found.append((module, node.lineno, source, alias.name))
      elif (isinstance(node, ast.Attribute) and _private(node.attr) and
            isinstance(node.value, ast.Name) and node.value.id in bound and
            bound[node.value.id] != module and
            '%s.%s' % (bound[node.value.id], node.attr) not in modules):
        found.append((module, node.lineno, bound[node.value.id], node.attr))
  return found


# ------------------------------------------------------------------ locals
def late_locals(root):
  """[(module, line, function)]: locals() not read first, or not through
  own_arguments."""
  _, trees = _trees(root)
  bad = []
  for module, tree in sorted(trees.items()):
    parents = {}
    for node in ast.walk(tree):
      for child in ast.iter_child_nodes(node):
        parents[child] = node
    for node in ast.walk(tree):
      if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == 'locals'):
        continue
      function, statement = node, None
      while function is not None and not isinstance(
          function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        if isinstance(parents.get(function),
                      (ast.FunctionDef, ast.AsyncFunctionDef)):
          statement = function
        function = parents.get(function)
      name = getattr(function, 'name', '<module>')
      body = getattr(function, 'body', None)
      if isinstance(body, list):
        first = body[1] if (len(body) > 1 and ast.get_docstring(function)
                            is not None) else body[0]
      else:
        first = None
      wrapper = parents.get(node)
      through = (isinstance(wrapper, ast.Call) and
                 isinstance(wrapper.func, ast.Name) and
                 wrapper.func.id in ('own_arguments', '_own_arguments'))
      if statement is None or statement is not first or not through:
        bad.append((module, node.lineno, name))
  return bad


def stale_file_names(root):
  """[(module, name)]: *.py names in module docstrings that no file has."""
  present = set()
  for folder, dirs, files in os.walk(root):
    dirs[:] = [d for d in dirs if not d.startswith('.')]
    present.update(files)
  modules, trees = _trees(root)
  bad = []
  for module, tree in sorted(trees.items()):
    for name in re.findall(r'[\w/.]*\w\.py\b', ast.get_docstring(tree) or ''):
      if os.path.basename(name) not in present and name not in FOREIGN_FILES:
        bad.append((module, name))
  return bad


# ------------------------------------------------------- the real package
def test_table_lists_the_packages_it_names():
  table = layer_table()
  names = [name for name, _ in table]
  assert names[0] == 'compat' and len(names) == len(set(names)), names
  modules = _modules(ROOT)
  for name, patterns in table:
    for pattern in patterns:
      assert any(m == pattern or m.startswith(pattern + '.')
                 for m in modules), (
                     'the layer table row %r names %s, which does not exist; '
                     'true the table up' % (name, pattern))


def test_imports_follow_the_layer_table():
  table = layer_table()
  bad = back_edges(ROOT, table)
  assert not bad, '\n'.join(
      '%s:%d imports %s (%s: not allowed by docs/ARCHITECTURE.md)' % b
      for b in bad)
  _, unplaced = place(table, imports(ROOT))
  if unplaced:
    warnings.warn('modules the layer table of docs/ARCHITECTURE.md does not '
                  'list (placed by their imports): %s' % ', '.join(unplaced))


def test_no_import_circles():
  assert circles(ROOT) == []


def test_private_names_stay_private():
  found = private_reaches(ROOT)
  used = {(m, holder, name) for m, _, holder, name in found}
  unforced = [f for f in found if (f[0], f[2], f[3])
              not in FORCED_PRIVATE_REACHES]
  assert not unforced, '\n'.join(
      '%s:%d reaches %s.%s; give it a public name there, or add it to '
      'FORCED_PRIVATE_REACHES with the reason tf_slim forces it' % f
      for f in unforced)
  stale = set(FORCED_PRIVATE_REACHES) - used
  assert not stale, 'allow-list entries no module needs any more: %s' % (
      sorted(stale),)


def test_locals_is_read_first():
  assert late_locals(ROOT) == []


def test_docstrings_name_existing_files():
  assert stale_file_names(ROOT) == []


# ------------------------------------------------ the checker, on plants
_PLANT_TABLE = """
## The layers of the package

| layer | where | what |
|---|---|---|
| compat | `slimcompat/_compat.py` | TF |
| v1_layers | `slimcompat/v1_layers/` | TF1 layers |
| ops | `slimcompat/ops/` | ops |
| nets | `slimcompat/nets/` | nets |
| aliases | `slimcompat/__init__.py`, `slimcompat/contrib/` | root |

## Next section
"""


def _plant(tmp_path, files):
  for rel, text in files.items():
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
  for package in ('slimcompat', 'slimcompat/ops', 'slimcompat/nets',
                  'slimcompat/v1_layers', 'slimcompat/contrib'):
    init = tmp_path / package / '__init__.py'
    if not init.exists():
      init.parent.mkdir(parents=True, exist_ok=True)
      init.write_text('')
  (tmp_path / 'slimcompat' / '_compat.py').write_text('tf = None\n')
  doc = tmp_path / 'ARCHITECTURE.md'
  doc.write_text(_PLANT_TABLE)
  return str(tmp_path), layer_table(str(doc))


def test_plant_table_is_read(tmp_path):
  _, table = _plant(tmp_path, {})
  assert table == [('compat', ['slimcompat._compat']),
                   ('v1_layers', ['slimcompat.v1_layers']),
                   ('ops', ['slimcompat.ops']), ('nets', ['slimcompat.nets']),
                   ('aliases', ['slimcompat', 'slimcompat.contrib'])]


@pytest.mark.parametrize('statement', [
    'from slimcompat.nets import vgg\n',
    'import slimcompat.nets.vgg\n',
    'def later():\n  from slimcompat.nets.vgg import net\n  return net\n',
    'from .. import contrib\n',
])
def test_checker_catches_a_back_edge(tmp_path, statement):
  root, table = _plant(tmp_path, {
      'slimcompat/ops/variables.py': statement,
      'slimcompat/nets/vgg.py': 'from slimcompat.ops import variables\n'
                                'def net():\n  pass\n',
  })
  bad = back_edges(root, table)
  assert [b[0] for b in bad] == ['slimcompat.ops.variables'], bad


def test_checker_accepts_forward_edges(tmp_path):
  root, table = _plant(tmp_path, {
      'slimcompat/ops/variables.py': 'from slimcompat import _compat\n',
      'slimcompat/nets/vgg.py': 'from slimcompat.ops import variables\n'
                                'from slimcompat.nets import _common\n',
      'slimcompat/nets/_common.py': 'from slimcompat.v1_layers import x\n',
      'slimcompat/v1_layers/x.py': '',
  })
  assert back_edges(root, table) == []
  assert circles(root) == []


def test_checker_catches_a_circle(tmp_path):
  root, _ = _plant(tmp_path, {
      'slimcompat/ops/a.py': 'from slimcompat.ops import b\n',
      'slimcompat/ops/b.py': 'def f():\n  from slimcompat.ops import a\n',
  })
  assert circles(root) == [['slimcompat.ops.a', 'slimcompat.ops.b']]


def test_unlisted_modules_are_placed_by_their_imports(tmp_path):
  # rnn_cell is in no row: it imports ops, so it sits with ops; v1_layers
  # (above ops) may then not import it, nets (below) may.
  root, table = _plant(tmp_path, {
      'slimcompat/rnn_cell/__init__.py': 'from slimcompat.rnn_cell import _c\n',
      'slimcompat/rnn_cell/_c.py': 'from slimcompat.ops import _b\n',
      'slimcompat/ops/_b.py': '',
      'slimcompat/nets/seq.py': 'import slimcompat.rnn_cell\n',
      'slimcompat/v1_layers/bad.py': 'from slimcompat.rnn_cell import _c\n',
  })
  layers, unplaced = place(table, imports(root))
  assert unplaced == ['slimcompat.rnn_cell', 'slimcompat.rnn_cell._c']
  assert layers['slimcompat.rnn_cell'] == layers['slimcompat.rnn_cell._c'] == 2
  assert [b[:3] for b in back_edges(root, table)] == [
      ('slimcompat.v1_layers.bad', 1, 'slimcompat.rnn_cell._c')]


@pytest.mark.parametrize('source, expected', [
    ('from slimcompat.ops._impl import _helper\n',
     ('slimcompat.ops._impl', '_helper')),
    ('from slimcompat.ops import _impl\nx = _impl._helper\n',
     ('slimcompat.ops._impl', '_helper')),
    ('import slimcompat.ops._impl as impl\nx = impl._helper()\n',
     ('slimcompat.ops._impl', '_helper')),
])
def test_checker_catches_a_private_reach(tmp_path, source, expected):
  root, _ = _plant(tmp_path, {
      'slimcompat/ops/_impl.py': '_helper = 1\nhelper = 2\n',
      'slimcompat/nets/vgg.py': source,
  })
  assert [(f[0],) + f[2:] for f in private_reaches(root)] == [
      ('slimcompat.nets.vgg',) + expected]


def test_checker_allows_private_modules_and_public_names(tmp_path):
  root, _ = _plant(tmp_path, {
      'slimcompat/ops/_impl.py': '_helper = 1\nhelper = 2\n',
      'slimcompat/nets/vgg.py': 'from slimcompat.ops import _impl\n'
                                'from slimcompat.ops._impl import helper\n'
                                'x = _impl.helper, _impl.__name__\n',
      'slimcompat/ops/own.py': '_mine = 1\nimport slimcompat.ops.own as o\n'
                               'y = o._mine\n',
  })
  assert private_reaches(root) == []


@pytest.mark.parametrize('body, late', [
    ('  """Doc."""\n  args = own_arguments(locals())\n  return args\n', False),
    ('  return own_arguments(locals())\n', False),
    ('  x = 1\n  return own_arguments(locals())\n', True),
    ('  """Doc."""\n  x = 1\n  args = own_arguments(locals())\n', True),
    ('  return dict(locals())\n', True),
    ('  if a:\n    return own_arguments(locals())\n', False),
])
def test_checker_finds_a_late_locals(tmp_path, body, late):
  root, _ = _plant(tmp_path, {
      'slimcompat/ops/f.py': 'def f(a):\n' + body,
  })
  assert bool(late_locals(root)) == late


def test_checker_finds_a_stale_file_name(tmp_path):
  root, _ = _plant(tmp_path, {
      'slimcompat/ops/f.py': '"""The code lives in `_gone.py`."""\n',
      'slimcompat/ops/g.py': '"""The code lives in `f.py`."""\n',
  })
  assert stale_file_names(root) == [('slimcompat.ops.f', '_gone.py')]
