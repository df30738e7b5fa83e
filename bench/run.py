"""slimcompat against the reference tf-slim 1.1.0 and the raw tf.compat.v1 limit.

Run from the repository root (not part of the test run)::

    python -m bench.run [--repeat N] [--quick] [--markdown]
                         [--only build,import,train,size,argscope,v1layers,bridge,cli,rnn]

Every figure is measured side by side in one process run, interleaved per
repeat: slimcompat, the reference (repaired by `tests/_repair.py`; where it
cannot build a net it says why), and the raw limit (`bench/raw_builders.py`,
the same variables and ops with plain `get_variable` / `tf.nn`). Ratios are
given as min / median / max over the repeats.  The "tf.layers" rows time a
ResNet-50-shaped net written with the TF1 layers API (`bench/v1_layers_net.py`):
slimcompat.v1_layers against TensorFlow's own (Keras 2's legacy layers, where
they run) and the raw twin.  The "rnn" rows (`bench/rnn.py`) time a training
step of dynamic_rnn over an LSTMCell(256): slimcompat's cell against
TensorFlow's own, and contrib.rnn's LSTMBlockCell against slimcompat's
LSTMCell.
"""

import argparse
import gc
import importlib
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
  sys.path.insert(0, REPO)

import warnings
warnings.filterwarnings('ignore')

import tensorflow as tf2

from bench import raw_builders
from bench import v1_layers_net

tf = tf2.compat.v1

IMPLS = ('slimcompat', 'reference', 'raw')

# net -> (module in <lib>.nets, function, arg_scope function, image size)
NETS = {
    'resnet_v1_50': ('resnet_v1', 'resnet_v1_50', 'resnet_arg_scope', 224),
    'resnet_v1_152': ('resnet_v1', 'resnet_v1_152', 'resnet_arg_scope', 224),
    'vgg_16': ('vgg', 'vgg_16', 'vgg_arg_scope', 224),
    'inception_v3': ('inception_v3', 'inception_v3', 'inception_v3_arg_scope',
                     299),
}

BATCH = 8
TRAIN_IMAGE = 112
TRAIN_STEPS_PER_SAMPLE = 3  # one sample = mean time of this many steps


# ------------------------------------------------------------------ helpers
def _libs():
  """Returns {'slimcompat': module or error, 'reference': module or error}."""
  libs = {}
  import slimcompat
  libs['slimcompat'] = slimcompat
  try:
    from tests import _repair
    _repair.apply()
    libs['reference'] = importlib.import_module('tf_slim')
  except Exception as e:
    libs['reference'] = '%s: %s' % (type(e).__name__, e)
  return libs


def _short(error):
  return '%s: %s' % (type(error).__name__, str(error).splitlines()[0][:70])


def _slim_builder(lib, net):
  """A function images -> logits building `net` with `lib` under its training
  arg_scope, or a string saying why there is none."""
  if isinstance(lib, str):
    return lib
  module_name, fn_name, scope_name, _ = NETS[net]
  try:
    module = importlib.import_module(lib.__name__ + '.nets.' + module_name)
    fn, scope_fn = getattr(module, fn_name), getattr(module, scope_name)
  except (ImportError, AttributeError) as e:
    return 'not present: ' + _short(e)

  def build(images):
    with lib.arg_scope(scope_fn()):
      logits, _ = fn(images, 1000, is_training=True)
    return logits
  return build


def _raw_builder(net):
  fn = raw_builders.BUILDERS.get(net)
  if fn is None:
    return 'no raw builder'
  return lambda images: fn(images, 1000)


def _builders(libs, net):
  return {'slimcompat': _slim_builder(libs['slimcompat'], net),
          'reference': _slim_builder(libs['reference'], net),
          'raw': _raw_builder(net)}


def _build_once(build, size, batch=BATCH):
  graph = tf.Graph()
  gc.collect()
  start = time.perf_counter()
  with graph.as_default():
    images = tf.placeholder(tf.float32, [batch, size, size, 3])
    build(images)
  return time.perf_counter() - start, graph


def _rotated(index):
  """IMPLS in a different order on each repeat, so that none of them always
  runs right after the same neighbour (caches, CPU frequency)."""
  shift = index % len(IMPLS)
  return IMPLS[shift:] + IMPLS[:shift]


def _stats(values):
  return min(values), statistics.median(values), max(values)


def _cell(value, unit):
  if value is None or isinstance(value, str):
    return 'n/a'
  if unit == 's':
    return '%.3f' % value
  if unit in ('ms', 'ns'):
    return '%.1f' % value
  return '%d' % value


def _ratio(triple):
  return '%.2f/%.2f/%.2f' % triple if triple else 'n/a'


class Table(object):
  """Collects rows: figure, unit, the three medians, the two ratio triples."""

  def __init__(self):
    self.rows = []
    self.notes = []
    self.reasons = {}  # (impl, why) -> figures it applies to

  def add(self, figure, unit, samples, note=''):
    """samples: impl -> list of per-repeat values (or a str: why none)."""
    med = {}
    for impl in IMPLS:
      s = samples.get(impl)
      med[impl] = s if isinstance(s, str) or s is None else _stats(s)[1]
    ratios = {}
    for other in ('raw', 'reference'):
      a, b = samples.get('slimcompat'), samples.get(other)
      if isinstance(a, list) and isinstance(b, list) and a and b:
        ratios[other] = _stats([x / y for x, y in zip(a, b) if y])
    self.rows.append((figure, unit, med, ratios))
    for impl in IMPLS:
      if isinstance(samples.get(impl), str):
        self.reasons.setdefault((impl, samples[impl]), []).append(figure)
    if note:
      self.notes.append('%s: %s' % (figure, note))

  def cells(self):
    """One tuple of printable cells per row (figure, unit, three medians,
    two ratio triples)."""
    return [(figure, unit) + tuple(_cell(med[i], unit) for i in IMPLS) +
            (_ratio(ratios.get('raw')), _ratio(ratios.get('reference')))
            for figure, unit, med, ratios in self.rows]

  def markdown(self):
    """The rows as a Markdown table body (the README's format)."""
    return '\n'.join(
        '| %s (%s) | %s | %s | %s | %s | %s |' % row for row in self.cells())

  def render(self):
    head = ('figure', 'unit', 'slimcompat', 'reference', 'raw',
            'slim/raw min/med/max', 'slim/ref min/med/max')
    lines = [head] + self.cells()
    widths = [max(len(str(l[c])) for l in lines) for c in range(len(head))]
    out = []
    for n, l in enumerate(lines):
      out.append('  '.join(str(v).ljust(w) for v, w in zip(l, widths)))
      if n == 0:
        out.append('  '.join('-' * w for w in widths))
    notes = ['%s %s: %s' % (impl, why, ', '.join(figures))
             for (impl, why), figures in self.reasons.items()] + self.notes
    if notes:
      out.append('')
      out.extend('note: ' + n for n in notes)
    return '\n'.join(out)


# ------------------------------------------------------------------ figures
def bench_build(table, libs, repeat, sizes):
  """Graph build time per net; also records GraphDef size into `sizes`."""
  for net in NETS:
    size = NETS[net][3]
    builders = _builders(libs, net)
    samples, graphs = {}, {}
    for impl, build in builders.items():
      if isinstance(build, str):
        samples[impl] = build
        continue
      try:  # warm-up: first-use imports and op registrations
        _, graphs[impl] = _build_once(build, size)
        samples[impl] = []
      except Exception as e:
        samples[impl] = 'cannot build: ' + _short(e)
    for index in range(repeat):
      for impl in _rotated(index):
        if isinstance(samples[impl], list):
          seconds, graphs[impl] = _build_once(builders[impl], size)
          samples[impl].append(seconds)
    table.add('build %s' % net, 's', samples)
    sizes[net] = {}
    for impl in IMPLS:
      if impl in graphs:
        g = graphs[impl]
        sizes[net][impl] = (len(g.as_graph_def().node),
                            g.as_graph_def().ByteSize(),
                            len(g.get_collection('variables')))
      else:
        sizes[net][impl] = samples[impl]


def bench_size(table, sizes):
  for net, per in sizes.items():
    for index, (what, unit) in enumerate((('nodes', 'n'), ('bytes', 'B'))):
      samples = {i: ([v[index]] if isinstance(v, tuple) else v)
                 for i, v in per.items()}
      table.add('graphdef %s %s' % (what, net), unit, samples)


_IMPORT_SNIPPET = r'''
import os, sys, time, warnings
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
warnings.filterwarnings('ignore')
sys.path.insert(0, %(repo)r)
import tensorflow
if %(ref)r:
  from tests import _repair
  _repair.apply()
start = time.perf_counter()
import %(module)s
print('BENCH', time.perf_counter() - start)
'''


def _import_time(module, ref):
  code = _IMPORT_SNIPPET % {'repo': REPO, 'ref': ref, 'module': module}
  out = subprocess.run([sys.executable, '-c', code], capture_output=True,
                       text=True, cwd=REPO, check=False)
  for line in out.stdout.splitlines():
    if line.startswith('BENCH '):
      return float(line.split()[1]) * 1000
  raise RuntimeError(out.stderr.strip().splitlines()[-1:])


def bench_import(table, repeat):
  """Time `import X` adds after `import tensorflow` (fresh processes)."""
  _import_row(table, repeat, 'import overhead over tensorflow', '')
  _import_row(table, repeat, 'import incl. nets.resnet_v1', '.nets.resnet_v1')


def _import_row(table, repeat, figure, suffix):
  samples = {'slimcompat': [], 'reference': []}
  for _ in range(repeat):
    for impl, module, ref in (('slimcompat', 'slimcompat' + suffix, False),
                              ('reference', 'tf_slim' + suffix, True)):
      if isinstance(samples[impl], str):
        continue
      try:
        samples[impl].append(_import_time(module, ref))
      except RuntimeError as e:
        samples[impl] = 'cannot import: %s' % e
  samples['raw'] = 'is plain tensorflow (0 ms by definition)'
  table.add(figure, 'ms', samples,
            note='fresh subprocess each, after `import tensorflow`; the '
            'reference after its repair table')


def _command_time(argv):
  """Seconds a fresh `python ARGV` takes, start to exit."""
  env = dict(os.environ, PYTHONPATH=REPO)
  start = time.perf_counter()
  subprocess.run([sys.executable] + argv, capture_output=True, cwd=REPO,
                 env=env, check=True)
  return time.perf_counter() - start


def bench_cli(table, repeat):
  """`slimcompat --help` (must not import TensorFlow) against a bare Python
  start; tf-slim has no command."""
  samples = {'slimcompat': [], 'raw': [],
             'reference': 'has no command line'}
  for _ in range(repeat):
    samples['slimcompat'].append(
        _command_time(['-m', 'slimcompat', '--help']))
    samples['raw'].append(_command_time(['-c', 'pass']))
  table.add('slimcompat --help', 's', samples,
            note='fresh process each (python -m slimcompat --help); raw is '
            '`python -c pass`')


def _train_graph(impl, lib, build):
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(0)
    images = tf.placeholder(tf.float32, [BATCH, TRAIN_IMAGE, TRAIN_IMAGE, 3])
    labels = tf.placeholder(tf.int64, [BATCH])
    logits = build(images)
    if logits.shape.ndims == 4:  # resnet_v1 keeps the 1x1 spatial dims
      logits = tf.squeeze(logits, [1, 2])
    tf.losses.sparse_softmax_cross_entropy(labels, logits)
    total = tf.losses.get_total_loss()
    optimizer = tf.train.MomentumOptimizer(0.01, 0.9)
    if impl == 'raw':
      step = tf.train.get_or_create_global_step()
      with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        minimize = optimizer.minimize(total, global_step=step)
      with tf.control_dependencies([minimize]):
        train_op = tf.identity(total)
    else:
      tf.train.get_or_create_global_step()
      train_op = lib.learning.create_train_op(total, optimizer)
    init = tf.global_variables_initializer()
  config = tf.ConfigProto(intra_op_parallelism_threads=2,
                          inter_op_parallelism_threads=2)
  session = tf.Session(graph=graph, config=config)
  session.run(init)
  return session, train_op, images, labels


def bench_train(table, libs, repeat):
  """One training step of resnet_v1_50, batch 8, CPU."""
  import numpy as np
  rng = np.random.RandomState(0)
  feeds = (rng.rand(BATCH, TRAIN_IMAGE, TRAIN_IMAGE, 3).astype(np.float32),
           rng.randint(0, 1000, size=[BATCH]).astype(np.int64))
  builders = _builders(libs, 'resnet_v1_50')
  samples, runs = {}, {}
  for impl, build in builders.items():
    if isinstance(build, str):
      samples[impl] = build
      continue
    try:
      session, op, x, y = _train_graph(impl, libs.get(impl), build)
      for _ in range(2):  # warm-up
        session.run(op, {x: feeds[0], y: feeds[1]})
      runs[impl] = (session, op, {x: feeds[0], y: feeds[1]})
      samples[impl] = []
    except Exception as e:
      samples[impl] = 'cannot train: ' + _short(e)
  for index in range(repeat):
    for impl in _rotated(index):
      if impl in runs:
        session, op, feed = runs[impl]
        start = time.perf_counter()
        for _ in range(TRAIN_STEPS_PER_SAMPLE):
          session.run(op, feed)
        samples[impl].append(
            (time.perf_counter() - start) / TRAIN_STEPS_PER_SAMPLE)
  for session, _, _ in runs.values():
    session.close()
  table.add('train step resnet_v1_50', 's', samples,
            note='batch %d, %dx%d images, CPU, momentum SGD, mean of %d steps per '
            'sample; slim libs use '
            'learning.create_train_op, raw uses minimize under UPDATE_OPS'
            % (BATCH, TRAIN_IMAGE, TRAIN_IMAGE, TRAIN_STEPS_PER_SAMPLE))


def _plain(x, a=1, b=2):
  del a, b
  return x


def bench_argscope(table, libs, repeat):
  """Per-call cost (ns) of an add_arg_scope-decorated function."""
  number = 100000
  for label, in_scope in (('call outside arg_scope', False),
                          ('call inside arg_scope', True)):
    samples = {'raw': []}
    decorated = {}
    for impl in ('slimcompat', 'reference'):
      lib = libs[impl]
      if isinstance(lib, str):
        samples[impl] = lib
        continue
      def fn(x, a=1, b=2):
        del a, b
        return x
      decorated[impl] = (lib, lib.add_arg_scope(fn))
      samples[impl] = []
    for _ in range(repeat):
      samples['raw'].append(
          timeit.timeit(lambda: _plain(1), number=number) / number * 1e9)
      for impl, (lib, fn) in decorated.items():
        call = lambda fn=fn: fn(1)
        if in_scope:
          with lib.arg_scope([fn], a=3):
            t = timeit.timeit(call, number=number)
        else:
          t = timeit.timeit(call, number=number)
        samples[impl].append(t / number * 1e9)
    table.add('arg_scope %s' % label, 'ns', samples,
              note='raw = the undecorated function')


def bench_v1_layers(table, repeat):
  """Graph build of the TF1-layers ResNet: slimcompat.v1_layers vs
  TensorFlow's own TF1 layers vs the raw twin; and GraphDef node counts."""
  import slimcompat.v1_layers
  builders = {
      'slimcompat': lambda x: v1_layers_net.build(slimcompat.v1_layers, x),
      'raw': v1_layers_net.build_raw,
  }
  reference = v1_layers_net.tensorflow_layers()
  if isinstance(reference, str):
    builders['reference'] = reference
  else:
    builders['reference'] = lambda x: v1_layers_net.build(reference, x)
  samples, graphs = {}, {}
  for impl, build in builders.items():
    if isinstance(build, str):
      samples[impl] = build
      continue
    try:  # warm-up
      _, graphs[impl] = _build_once(build, 224)
      samples[impl] = []
    except Exception as e:
      samples[impl] = 'cannot build: ' + _short(e)
  for index in range(repeat):
    for impl in _rotated(index):
      if isinstance(samples.get(impl), list):
        seconds, graphs[impl] = _build_once(builders[impl], 224)
        samples[impl].append(seconds)
  table.add('build tf.layers resnet50', 's', samples,
            note='ResNet-50-shaped net from the TF1 layers API; reference = '
            "TensorFlow's own TF1 layers (Keras 2 legacy layers)")
  nodes = {impl: ([len(g.as_graph_def().node)] if impl in graphs else
                  samples[impl]) for impl, g in
           [(i, graphs.get(i)) for i in IMPLS]}
  table.add('graphdef nodes tf.layers resnet50', 'n', nodes)


# --------------------------------------------------------------------- main
def _targets(table):
  lines = []
  for figure, _, med, ratios in table.rows:
    if figure.startswith('build tf.layers') and 'reference' in ratios:
      r = ratios['reference'][1]
      lines.append('%-28s slim/ref %.2f <= 1.0: %s' %
                   (figure, r, 'MET' if r <= 1.0 else 'MISSED'))
    elif figure.startswith('build ') and 'raw' in ratios:
      r = ratios['raw'][1]
      lines.append('%-28s slim/raw %.2f <= 1.15: %s' %
                   (figure, r, 'MET' if r <= 1.15 else 'MISSED'))
    elif figure == 'slimcompat --help' and isinstance(med['slimcompat'],
                                                      float):
      v = med['slimcompat']
      lines.append('%-28s %.2f s <= 0.5 s: %s' %
                   (figure, v, 'MET' if v <= 0.5 else 'MISSED'))
    elif figure.startswith('import overhead') and isinstance(med['slimcompat'], float):
      v = med['slimcompat']
      lines.append('%-28s %.1f ms <= 50 ms: %s' %
                   (figure, v, 'MET' if v <= 50 else 'MISSED'))
    elif figure == 'bridge train step resnet_v1_50' and 'raw' in ratios:
      r = ratios['raw'][1]
      lines.append('%-28s bridged/session %.2f <= 1.03: %s' %
                   (figure, r, 'MET' if r <= 1.03 else 'MISSED'))
    elif figure == 'bridge SlimLayer fit step' and 'raw' in ratios:
      r = ratios['raw'][1]
      yardstick = [rt for f, _, _, rt in table.rows
                   if f == 'keras own ResNet50 fit step' and 'raw' in rt]
      lines.append('%-28s fit/custom loop %.2f <= 1.05: %s%s' %
                   (figure, r, 'MET' if r <= 1.05 else 'MISSED',
                    " (Keras' own ResNet50: %.2f)" % yardstick[0]['raw'][1]
                    if yardstick else ''))
    elif figure.startswith('bridge ') and 'first' in figure and 'raw' in ratios:
      r = ratios['raw'][1]
      lines.append('%-28s first call/graph build %.2f <= 1.3: %s' %
                   (figure, r, 'MET' if r <= 1.3 else 'MISSED'))
    elif figure.startswith('train step lstm') and 'reference' in ratios:
      r = ratios['reference'][1]
      lines.append('%-28s slim/ref %.2f <= 1.05: %s' %
                   (figure, r, 'MET' if r <= 1.05 else 'MISSED'))
    elif figure.startswith('train') and 'reference' in ratios:
      r = ratios['reference'][1]
      lines.append('%-28s slim/ref %.2f <= 1.0: %s' %
                   (figure, r, 'MET' if r <= 1.0 else 'MISSED'))
    elif figure.startswith('graphdef nodes') and 'reference' in ratios:
      r = ratios['reference'][1]
      lines.append('%-28s slim/ref %.2f <= 1.0: %s' %
                   (figure, r, 'MET' if r <= 1.0 else 'MISSED'))
  return lines


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--repeat', type=int, default=None)
  parser.add_argument('--quick', action='store_true', help='3 repeats')
  parser.add_argument('--only',
                      default='build,size,import,train,argscope,v1layers,'
                      'bridge,cli')
  parser.add_argument('--markdown', action='store_true',
                      help='also print the rows as a Markdown table body')
  args = parser.parse_args(argv)
  repeat = args.repeat or (3 if args.quick else 5)
  only = set(args.only.split(','))

  libs = _libs()
  table = Table()
  sizes = {}
  if only & {'build', 'size'}:
    bench_build(table, libs, repeat, sizes)
  if 'size' in only:
    bench_size(table, sizes)
  if 'import' in only:
    bench_import(table, repeat)
  if 'train' in only:
    bench_train(table, libs, repeat)
  if 'argscope' in only:
    bench_argscope(table, libs, repeat)
  if 'v1layers' in only:
    bench_v1_layers(table, repeat)
  if 'cli' in only:
    bench_cli(table, repeat)
  if 'bridge' in only:
    from bench import bridge
    bridge.bench_bridge(table, libs, repeat)
  if 'rnn' in only:
    from bench import rnn  # pylint: disable=g-import-not-at-top
    rnn.bench_rnn(table, repeat, _rotated)

  print('machine: %s, %d CPUs, Python %s, TensorFlow %s; repeats %d' % (
      platform.machine(), os.cpu_count(), platform.python_version(),
      tf2.__version__, repeat))
  print(table.render())
  print('')
  print('targets:')
  for line in _targets(table) or ['(no figures to judge)']:
    print('  ' + line)
  if args.markdown:
    print('')
    print(table.markdown())


if __name__ == '__main__':
  main()
