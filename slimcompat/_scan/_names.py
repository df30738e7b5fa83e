"""Which module names a source file reaches, where, and in what context.

`read_module(tree, interesting)` walks one parsed module the way Python would
run it: module-level code first, in order, then each function body with the
bindings its module has once loaded (a function runs when called, usually
after its module finished loading).  It follows how modules are bound to local
names -- ``import x as y``, ``from x import y``, ``y = x.z``, tuple unpacking,
``getattr(x, 'z')`` and ``importlib.import_module('x.z')`` with a literal,
``from x import *`` -- with one scope per function and class, so a local
``layers = [...]`` shadows a module alias inside that function only.

Every reach of a dotted name for which ``interesting(name)`` holds becomes a
`Use`, with its context: ``import-time`` (module level), ``call-time``
(inside a function, named) or ``guarded`` (inside a ``try`` whose handlers
catch the failure, or the attribute of a ``getattr(x, 'z', default)``, which
never raises).  A call-time use inside an ``if`` / ``else`` branch or a
conditional expression also carries that condition: a scan cannot tell
whether the branch runs.  The walk also notes the file's own imports (for the
import graph), its calls as `Call`s (what each function calls: a function of
this or another module, a constructor, a method through ``self`` or an
instance, ``functools.partial``; for the verdicts' call chains), its classes
and ``self.x = ...`` attributes, and whether it is an entry point (a
``__main__`` block, ``app.run``, work started at module level).
"""

import ast
import builtins
import collections

from slimcompat import _legacy_python

Use = collections.namedtuple(
    'Use', 'line name context function main call import_ star condition '
    'fallback', defaults=(None, None))
Use.__doc__ = """One reach of a dotted name.

name: the full dotted name (``tensorflow.contrib.slim.conv2d``); context:
'import-time', 'call-time' or 'guarded'; function: qualified name of the
enclosing function or None; main: inside ``if __name__ == '__main__'``; call:
the name is called right there; import_: an import statement or
``import_module`` reached it; star: resolved through ``from x import *``;
condition: for a call-time use inside a branch that may not run, the
innermost such branch in words (``if FLAGS.quantize``, ``else of if x``),
else None; fallback: for a use inside an ``except ImportError`` handler, the
modules its ``try`` body imports (the handler runs only if one is missing).
"""

Call = collections.namedtuple('Call', 'function line target condition')
Call.__doc__ = """One call made by a function (None: module level).

target: what is called, as `ModuleReader.resolve` spells it -- a dotted module
path (``nets.build``), a relative one (``.nets.build``), a definition of this
module (``~Network.setup``), a call's result (``~Network().setup``: a method of
the instance), or ``?.name`` (a method of an object the scan cannot follow).
"""

LocalImport = collections.namedtuple(
    'LocalImport', 'line module level names context function main')

# Exceptions whose handler makes a failing import / attribute / name harmless.
_GUARDS = frozenset(('ImportError', 'ModuleNotFoundError', 'AttributeError',
                     'NameError', 'Exception', 'BaseException'))
# Python 2 builtins that Python 3 lacks; a use is recorded when no scope binds
# the name.
PY2_BUILTINS = frozenset(('xrange', 'unicode', 'basestring', 'raw_input',
                          'unichr', 'execfile', 'reduce', 'long', 'cmp',
                          'file', 'reload', 'buffer')) | frozenset(
                              _legacy_python.PY2_BUILTINS)
_IMPORT_ERRORS = frozenset(('ImportError', 'ModuleNotFoundError'))
# Module-level calls that start work: the file is a script even without a
# `__main__` guard.
_WORK_CALLS = ('learning.train', 'learning.evaluation_loop',
               'evaluation.evaluate_once', 'Session().run',
               'MonitoredTrainingSession().run', 'train.start_queue_runners')
_SCRIPT_SETUP = ('argparse.ArgumentParser', 'absl.flags.DEFINE_',
                 'tensorflow.app.flags.DEFINE_', 'tensorflow.flags.DEFINE_',
                 'tensorflow.compat.v1.app.flags.DEFINE_',
                 'tensorflow.compat.v1.flags.DEFINE_')
# Methods that only Python 2 objects have (dicts, mostly).
PY2_METHODS = frozenset(('iteritems', 'itervalues', 'iterkeys', 'has_key'))
_BUILTIN_NAMES = frozenset(dir(builtins))
_APP_RUN = ('tensorflow.app.run', 'tensorflow.compat.v1.app.run',
            'absl.app.run')
_CONDITION_WIDTH = 60  # longer tests are cut, with '...'


def dotted(node):
  """'a.b.c' for a Name/Attribute chain, else None."""
  parts = []
  while isinstance(node, ast.Attribute):
    parts.append(node.attr)
    node = node.value
  if isinstance(node, ast.Name):
    parts.append(node.id)
    return '.'.join(reversed(parts))
  return None


def _literal(node):
  if isinstance(node, ast.Constant) and isinstance(node.value, str):
    return node.value
  return None


def _catches(handler, guards=_GUARDS):
  if handler.type is None:
    return True
  types = (handler.type.elts if isinstance(handler.type, ast.Tuple)
           else [handler.type])
  return any((dotted(t) or '').split('.')[-1] in guards for t in types)


def _imported_modules(statements):
  """Top-level module names the import statements of a ``try`` body load."""
  modules = []
  for statement in statements:
    if isinstance(statement, ast.Import):
      modules += [alias.name for alias in statement.names]
    elif isinstance(statement, ast.ImportFrom) and not statement.level:
      modules.append(statement.module or '')
    else:
      return None  # not a pure import fallback: nothing to say
  return tuple(modules) or None


def _condition(test, branch):
  """'if x' / 'else of if x' for the body / else branch of a test `x`."""
  text = ' '.join(ast.unparse(test).split())
  if len(text) > _CONDITION_WIDTH:
    text = text[:_CONDITION_WIDTH - 3] + '...'
  return ('if ' if branch else 'else of if ') + text


def _is_getattr_with_default(node):
  return (isinstance(node.func, ast.Name) and node.func.id == 'getattr' and
          len(node.args) == 3)


def _is_main_test(test):
  if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
          isinstance(test.ops[0], ast.Eq)):
    return False
  sides = {dotted(test.left), _literal(test.comparators[0]),
           _literal(test.left), dotted(test.comparators[0])}
  return '__name__' in sides and '__main__' in sides


_LambdaBody = collections.namedtuple('_LambdaBody', 'args body')


class _Scope(object):
  """Names bound in one module, class or function body.

  `names` maps a local name to the dotted module path it stands for, or to
  None when it is bound to something else (which hides outer bindings).
  """

  def __init__(self, kind, parent, qualname=None):
    self.kind = kind  # 'module', 'class' or 'function'
    self.parent = parent
    self.qualname = qualname
    self.names = {}
    self.globals = set()
    self.stars = []  # modules star-imported into this scope

  def lookup(self, name, first=True):
    if name in self.globals and self.parent is not None:
      return self.module().lookup(name)
    # A class body sees its own names; the functions inside it do not.
    if (first or self.kind != 'class') and name in self.names:
      return True, self.names[name]
    if self.parent is None:
      return False, None
    return self.parent.lookup(name, first=False)

  def module(self):
    scope = self
    while scope.parent is not None:
      scope = scope.parent
    return scope

  def target(self, name):
    return self.module() if name in self.globals else self

  def class_scope(self):
    """The class whose method this function scope is, or None."""
    parent = self.parent
    return parent if self.kind == 'function' and parent is not None and (
        parent.kind == 'class') else None


class ModuleReader(ast.NodeVisitor):
  """Collects the `Use`s, local imports and calls of one module."""

  def __init__(self, interesting):
    self._interesting = interesting
    self.uses = []
    self.imports = []
    self.entry_point = False
    self.calls = collections.defaultdict(set)  # function or None -> names
    self.app_run_targets = set()
    self.other_stars = False  # a non-legacy star import hides names
    self.functions = set()  # qualnames of the functions defined
    self.classes = {}  # qualname -> targets of its bases
    self.attributes = {}  # (class qualname, attribute) -> target
    self.edges = []  # `Call`s, in reading order
    self.starts_work = False  # module-level code trains, evaluates, runs
    self.script_setup = False  # argparse / flags defined at module level
    self._scope = _Scope('module', None)
    self._fallback = None
    self._function = None
    self._guarded = 0
    self._main = False
    self._conditions = []  # innermost last; only inside a function body
    self._deferred = []

  # ---------------------------------------------------------------- driving
  # ast.NodeVisitor's dispatch looks the method up by name at every node; a
  # table per node class keeps a 1,000-file scan within its time budget.
  _dispatch = {}

  def visit(self, node):
    method = self._dispatch.get(node.__class__)
    if method is None:
      method = getattr(type(self), 'visit_' + node.__class__.__name__,
                       ModuleReader.generic_visit)
      self._dispatch[node.__class__] = method
    return method(self, node)

  def generic_visit(self, node):
    for field in node._fields:
      value = getattr(node, field, None)
      if isinstance(value, list):
        for item in value:
          if isinstance(item, ast.AST):
            self.visit(item)
      elif isinstance(value, ast.AST):
        self.visit(value)

  def _skip(self, node):
    pass

  visit_Constant = visit_Load = visit_Store = visit_Del = _skip

  def read(self, tree):
    self.visit(tree)
    self.bindings = dict(self._scope.names)  # module level, once loaded
    while self._deferred:
      node, scope, main = self._deferred.pop(0)
      self._run_function(node, scope, main)
    return self

  def _run_function(self, node, scope, main):
    saved = (self._scope, self._function, self._guarded, self._main,
             self._conditions)
    self._scope, self._function = scope, scope.qualname
    self._guarded, self._main, self._conditions = 0, main, []
    args = node.args
    for arg in args.posonlyargs + args.args + args.kwonlyargs + [
        args.vararg, args.kwarg]:
      if arg is not None:
        scope.names[arg.arg] = None
    owner = scope.class_scope()
    positional = args.posonlyargs + args.args
    if owner is not None and positional and not any(
        dotted(d) == 'staticmethod' for d in
        getattr(node, 'decorator_list', ())):
      # `self` (or `cls`) is an instance of the class the method is in.
      scope.names[positional[0].arg] = '~%s()' % owner.qualname
    for statement in node.body:
      self.visit(statement)
    (self._scope, self._function, self._guarded, self._main,
     self._conditions) = saved

  def _context(self):
    if self._guarded:
      return 'guarded'
    return 'call-time' if self._function else 'import-time'

  def _record(self, node, name, call=False, import_=False, star=False,
              guarded=False):
    context = 'guarded' if guarded else self._context()
    condition = (_condition(*self._conditions[-1])
                 if context == 'call-time' and self._conditions else None)
    self.uses.append(Use(node.lineno, name, context, self._function,
                         self._main, call, import_, star, condition,
                         self._fallback if context != 'guarded' else None))

  def _branch(self, statements, test, body):
    """Visits a branch of `test`: its body (`body`) or its else branch."""
    if self._function is None:  # module level: no condition is recorded
      for statement in statements:
        self.visit(statement)
      return
    self._conditions.append((test, body))  # put in words only when used
    for statement in statements:
      self.visit(statement)
    self._conditions.pop()

  # -------------------------------------------------------------- resolving
  def resolve(self, node):
    """The dotted module path an expression stands for, or None."""
    if isinstance(node, ast.Name):
      found, value = self._scope.lookup(node.id)
      if found:
        return value
      return self._star_name(node.id)
    if isinstance(node, ast.Attribute):
      base = self.resolve(node.value)
      return None if base is None else base + '.' + node.attr
    if isinstance(node, ast.Call):
      found = self._resolve_call(node)
      if found is not None:
        return found
      callee = self.resolve(node.func)
      if callee is None:
        return None
      if callee == 'functools.partial' and node.args:
        return self.resolve(node.args[0])  # calling it calls the function
      return callee + '()'
    return None

  def _star_name(self, name):
    if name in _BUILTIN_NAMES:
      return None
    scope = self._scope
    while scope is not None:
      if scope.stars:
        return scope.stars[-1] + '.' + name
      scope = scope.parent
    return None

  def _resolve_call(self, node):
    func = node.func
    # Cheap tests first: this runs for every call of every file.
    if not node.args or not (
        isinstance(func, ast.Name) and func.id in ('getattr', '__import__') or
        isinstance(func, ast.Attribute) and func.attr == 'import_module'):
      return None
    function = dotted(func)
    if function is None:
      return None
    if function == 'getattr' and len(node.args) >= 2:
      base, attr = self.resolve(node.args[0]), _literal(node.args[1])
      if base is not None and attr is not None:
        return base + '.' + attr
      return None
    if function.split('.')[-1] in ('import_module', '__import__'):
      name = _literal(node.args[0])
      if name is not None and (function == '__import__' or
                               self.resolve(node.func) ==
                               'importlib.import_module'):
        return name if function != '__import__' else name.split('.')[0]
    return None

  # --------------------------------------------------------------- binding
  def _bind(self, name, value):
    self._scope.target(name).names[name] = value

  def _bind_target(self, target, value_node):
    """Binds the names of an assignment target to what `value_node` is."""
    if isinstance(target, ast.Name):
      value = None if value_node is None else self.resolve(value_node)
      self._bind(target.id, value)
    elif isinstance(target, (ast.Tuple, ast.List)):
      values = None
      if (isinstance(value_node, (ast.Tuple, ast.List)) and
          len(value_node.elts) == len(target.elts) and
          not any(isinstance(e, ast.Starred) for e in target.elts)):
        values = value_node.elts
      for index, element in enumerate(target.elts):
        self._bind_target(element, values[index] if values else None)
    elif isinstance(target, ast.Starred):
      self._bind_target(target.value, None)
    else:  # a subscript or attribute target: its parts are reads
      if isinstance(target, ast.Attribute) and value_node is not None:
        owner = self.resolve(target.value)
        value = self.resolve(value_node)
        if owner and owner.startswith('~') and owner.endswith('()') and value:
          self.attributes[(owner[1:-2], target.attr)] = value
      self.visit(target)

  # -------------------------------------------------------------- statements
  def visit_Import(self, node):
    for alias in node.names:
      if alias.asname:
        self._bind(alias.asname, alias.name)
      else:
        root = alias.name.split('.')[0]
        self._bind(root, root)
      self.imports.append(LocalImport(node.lineno, alias.name, 0, (),
                                      self._context(), self._function,
                                      self._main))
      if self._interesting(alias.name):
        self._record(node, alias.name, import_=True)

  def visit_ImportFrom(self, node):
    module = node.module or ''
    self.imports.append(LocalImport(
        node.lineno, module, node.level, tuple(a.name for a in node.names),
        self._context(), self._function, self._main))
    for alias in node.names:
      if alias.name == '*':
        if node.level == 0 and self._interesting(module):
          self._record(node, module, import_=True)
          self._scope.stars.append(module)
        else:
          self.other_stars = True
        continue
      local = alias.asname or alias.name
      if node.level:
        self._bind(local, '.' * node.level + (module + '.' if module else '')
                   + alias.name)
        continue
      full = module + '.' + alias.name
      self._bind(local, full)
      if self._interesting(full):
        self._record(node, full, import_=True)

  def visit_Assign(self, node):
    self.visit(node.value)
    for target in node.targets:
      self._bind_target(target, node.value)

  def visit_AnnAssign(self, node):
    if node.value is not None:
      self.visit(node.value)
    self._bind_target(node.target, node.value)

  def visit_AugAssign(self, node):
    self.visit(node.value)
    if isinstance(node.target, ast.Name):
      self.visit(ast.copy_location(ast.Name(node.target.id, ast.Load()),
                                   node.target))
      self._bind(node.target.id, None)
    else:
      self.visit(node.target)

  def visit_NamedExpr(self, node):
    self.visit(node.value)
    self._bind_target(node.target, node.value)

  def visit_For(self, node):
    self.visit(node.iter)
    self._bind_target(node.target, None)
    for statement in node.body + node.orelse:
      self.visit(statement)

  visit_AsyncFor = visit_For

  def visit_With(self, node):
    for item in node.items:
      self.visit(item.context_expr)
      if item.optional_vars is not None:
        # `with tf.Session() as sess`: sess is (usually) the session.
        self._bind_target(item.optional_vars, item.context_expr)
    for statement in node.body:
      self.visit(statement)

  visit_AsyncWith = visit_With

  def visit_Global(self, node):
    self._scope.globals.update(node.names)

  def visit_Nonlocal(self, node):
    pass  # its assignments then stay local: a shadow no wider than the truth

  def visit_Try(self, node):
    guarded = any(_catches(h) for h in node.handlers)
    self._guarded += guarded
    for statement in node.body:
      self.visit(statement)
    self._guarded -= guarded
    tried = _imported_modules(node.body)
    kept = dict(self._scope.names) if tried else None
    for handler in node.handlers:
      if handler.type is not None:
        self.visit(handler.type)
      if handler.name:
        self._bind(handler.name, None)
      saved = self._fallback
      if tried and _catches(handler, _IMPORT_ERRORS):
        self._fallback = tried
      for statement in handler.body:
        self.visit(statement)
      self._fallback = saved
    if kept is not None:
      # `try: import queue / except ImportError: import Queue as queue`:
      # the Python 3 module the try body bound is the one that runs here.
      for name, value in kept.items():
        now = self._scope.names.get(name)
        if (value is not None and now is not None and now != value and
            self._interesting(now) and not self._interesting(value)):
          self._scope.names[name] = value
    for statement in node.orelse + node.finalbody:
      self.visit(statement)

  visit_TryStar = visit_Try

  def visit_If(self, node):
    main = (self._function is None and not self._main and
            _is_main_test(node.test))
    self.visit(node.test)
    if main:
      self.entry_point = True
      self._main = True
    self._branch(node.body, node.test, True)
    self._main = self._main and not main
    self._branch(node.orelse, node.test, False)

  def visit_IfExp(self, node):
    self.visit(node.test)
    self._branch([node.body], node.test, True)
    self._branch([node.orelse], node.test, False)

  def _qualname(self, name):
    scope = self._scope
    if scope.kind == 'module':
      return name
    return '%s.%s' % (scope.qualname, name)

  def visit_FunctionDef(self, node):
    for expression in node.decorator_list + node.args.defaults + [
        d for d in node.args.kw_defaults if d is not None]:
      self.visit(expression)
    scope = _Scope('function', self._scope, self._qualname(node.name))
    # A decorator is taken to hand back the function it wraps (a registry,
    # a layer helper): calling the name calls the body.
    self._bind(node.name, '~' + scope.qualname)
    self.functions.add(scope.qualname)
    self._deferred.append((node, scope, self._main))

  visit_AsyncFunctionDef = visit_FunctionDef

  def visit_Lambda(self, node):
    for default in node.args.defaults + [
        d for d in node.args.kw_defaults if d is not None]:
      self.visit(default)
    # The body runs when called, like a function's.
    body = _LambdaBody(node.args, [ast.Expr(node.body)])
    scope = _Scope('function', self._scope, self._qualname('<lambda>'))
    self._deferred.append((body, scope, self._main))

  def visit_ClassDef(self, node):
    for expression in node.decorator_list + node.bases + [
        k.value for k in node.keywords]:
      self.visit(expression)
    saved = self._scope
    self._scope = _Scope('class', saved, self._qualname(node.name))
    self.classes[self._scope.qualname] = [
        b for b in (self.resolve(base) for base in node.bases) if b]
    for statement in node.body:
      self.visit(statement)
    qualname = self._scope.qualname
    self._scope = saved
    self._bind(node.name, '~' + qualname)

  def _comprehension(self, node, elements):
    saved = self._scope
    self._scope = _Scope('function', saved, saved.qualname)
    self._scope.kind = 'comprehension'
    for generator in node.generators:
      self.visit(generator.iter)
      self._bind_target(generator.target, None)
      for condition in generator.ifs:
        self.visit(condition)
    for element in elements:
      self.visit(element)
    self._scope = saved

  def visit_ListComp(self, node):
    self._comprehension(node, [node.elt])

  visit_SetComp = visit_GeneratorExp = visit_ListComp

  def visit_DictComp(self, node):
    self._comprehension(node, [node.key, node.value])

  # ------------------------------------------------------------- expressions
  def _note_call(self, node, name):
    """Adds the call edge, and what a module-level call says of the file."""
    if name is None and isinstance(node.func, ast.Attribute):
      name = '?.' + node.func.attr  # a method of something not followed
    if name is None:
      return
    condition = (_condition(*self._conditions[-1])
                 if self._function is not None and self._conditions else None)
    self.edges.append(Call(self._function, node.lineno, name, condition))
    if self._function is None and self._scope.kind == 'module':
      if name.endswith(_WORK_CALLS) or name == '~main':
        self.starts_work = True
      if name.startswith(_SCRIPT_SETUP):
        self.script_setup = True

  def visit_Call(self, node):
    name = self.resolve(node.func)
    self._note_call(node, name)
    recorded = name is not None and self._interesting(name)
    if recorded:
      self._record(node, name, call=True)
    elif isinstance(node.func, ast.Name):
      self.calls[self._function].add(node.func.id)
      self.visit(node.func)
    elif (isinstance(node.func, ast.Attribute) and
          node.func.attr in PY2_METHODS and name is None):
      self._record(node, 'dict.' + node.func.attr, call=True)
      self.visit(node.func.value)
    else:
      self.visit(node.func)
    if name in _APP_RUN and self._function is None:
      self.entry_point = True
      main = [k.value for k in node.keywords if k.arg == 'main'] + node.args
      target = dotted(main[0]) if main else 'main'
      self.app_run_targets.add(target)
      found = self.resolve(main[0]) if main else self._scope.lookup(
          'main')[1]
      if found is not None:
        self.edges.append(Call(None, node.lineno, found, None))
    reached = self._resolve_call(node)
    if reached is not None and not recorded and self._interesting(reached):
      # getattr(x, 'z', default) answers the default when z is missing.
      self._record(node, reached,
                   import_=dotted(node.func).split('.')[-1] != 'getattr',
                   guarded=_is_getattr_with_default(node))
    for argument in node.args + [k.value for k in node.keywords]:
      self.visit(argument)

  def visit_Attribute(self, node):
    name = self.resolve(node)
    if name is not None and self._interesting(name):
      self._record(node, name)
      return  # the outermost chain is the use, not each of its prefixes
    self.generic_visit(node)

  def visit_Name(self, node):
    if not isinstance(node.ctx, ast.Load):
      return
    found, value = self._scope.lookup(node.id)
    if found:
      if value is not None and self._interesting(value):
        self._record(node, value)
      return
    if node.id in PY2_BUILTINS:
      self._record(node, 'builtins.' + node.id)
      return
    star = self._star_name(node.id)
    if star is not None and self._interesting(star):
      self._record(node, star, star=True)


def read_module(tree, interesting):
  """A `ModuleReader` that has read the parsed module `tree`."""
  return ModuleReader(interesting).read(tree)
