"""How long `slimcompat scan` takes on a generated 1,000-file legacy tree.

Run from the repository root (not part of the test run)::

    python -m bench.scan [--files 1000] [--repeat 3] [--only generated|root|cycle]

The tree (written to a temporary directory) mixes what real TF1-era slim code
bases hold: nets modules with slim layers and arg_scopes, TF1 names through
``import tensorflow as tf``, contrib imports (served and not), guarded
imports, local imports between files, training scripts with ``tf.app.run``, a
few Python 2 files and idioms.  Everything runs pinned to one CPU core.
Figures: the whole command in a fresh process (TensorFlow import included),
and the scan inside a process that already has TensorFlow (parsing, name
tracking, checks, verdicts, JSON).  Target: the whole command under 5 s.

Two more trees (issue 25): this repository's root (target: the whole command
under 30 s on 2 cores) and a synthetic package of 30 modules that all import
each other and call each other's functions (target: under 5 s; before the
verdicts were memoised, 10 such modules took over 100 s).  Each row also
gives the time per 1,000 files.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
  sys.path.insert(0, REPO)

NET = '''\
"""Generated net module {index}."""
import tensorflow as tf
import tf_slim as slim
from tensorflow.contrib import layers as contrib_layers
from nets import common_{peer}

try:
  from tensorflow.contrib import quantize
except ImportError:
  quantize = None


def net_arg_scope(weight_decay=0.0004):
  with slim.arg_scope([slim.conv2d, slim.fully_connected],
                      weights_regularizer=slim.l2_regularizer(weight_decay),
                      weights_initializer=contrib_layers.xavier_initializer()):
    with slim.arg_scope([slim.conv2d], padding='SAME') as scope:
      return scope


def block_{index}(net, depth, scope=None):
  with tf.variable_scope(scope, 'block', [net]):
    for i in range(3):
      net = slim.conv2d(net, depth, [3, 3], scope='conv%d' % i)
      net = slim.batch_norm(net, is_training=True)
    net = slim.max_pool2d(net, [2, 2])
  return net


def net_{index}(images, num_classes=10, is_training=True, scope='net'):
  end_points = {{}}
  with tf.variable_scope(scope, 'net', [images]) as sc:
    net = images
    for depth in (32, 64, 128):
      net = block_{index}(net, depth)
      end_points['block%d' % depth] = net
    net = slim.flatten(net)
    net = slim.dropout(net, 0.5, is_training=is_training)
    logits = slim.fully_connected(net, num_classes, activation_fn=None)
    overrides = {{}}
    overrides[(slim.conv2d, slim.separable_conv2d)] = sc.name
    end_points['predictions'] = tf.nn.softmax(logits)
  return logits, end_points
''' + '\n'.join(
    'def helper_%d(x):\n  return tf.reduce_mean(tf.square(x)) * %d\n' % (i, i)
    for i in range(20))

COMMON = '''\
import tensorflow as tf
import tf_slim as slim


def preprocess(image, size=224):
  image = tf.image.resize_images(image, [size, size])
  return tf.subtract(image, 0.5)
'''

TRAIN = '''\
import tensorflow as tf
from tensorflow.contrib import slim
from nets import net_{index}

tf.app.flags.DEFINE_integer('steps', 10, 'training steps')
FLAGS = tf.app.flags.FLAGS


def main(_):
  images = tf.placeholder(tf.float32, [None, 32, 32, 3])
  logits, _ = net_{index}.net_{index}(images)
  loss = tf.losses.softmax_cross_entropy(tf.one_hot([0], 10), logits)
  train_op = slim.learning.create_train_op(loss, tf.train.AdamOptimizer())
  for step in xrange(FLAGS.steps):
    print(step, train_op)


if __name__ == '__main__':
  tf.app.run()
'''

PY2 = 'import tensorflow as tf\nprint "ops", len(tf.get_default_graph().get_operations())\n'


def make_tree(root, files):
  """Writes a tree of `files` Python files under `root`."""
  nets = os.path.join(root, 'nets')
  os.makedirs(nets)
  open(os.path.join(nets, '__init__.py'), 'w').close()
  written = 1
  commons = 20
  for index in range(commons):
    with open(os.path.join(nets, 'common_%d.py' % index), 'w') as out:
      out.write(COMMON)
  written += commons
  index = 0
  while written < files:
    kind = index % 10
    if kind == 9:
      path, text = os.path.join(root, 'legacy_%d.py' % index), PY2
    elif kind in (7, 8):
      path = os.path.join(root, 'train_%d.py' % index)
      text = TRAIN.format(index=index - kind)
    else:
      path = os.path.join(nets, 'net_%d.py' % index)
      text = NET.format(index=index, peer=index % commons)
    with open(path, 'w') as out:
      out.write(text)
    written += 1
    index += 1
  return written


CYCLE = '''\
"""Generated module {index} of a package whose modules import each other."""
import tensorflow as tf
{imports}


class Layer{index}(object):

  def __init__(self):
    self.peer = m{peer}.Layer{peer}

  def build(self, x, depth=0):
    if depth > 3:
      return tf.identity(x)
    return m{peer}.forward_{peer}(x, depth + 1)


def forward_{index}(x, depth=0):
  return Layer{index}().build(x, depth)
'''


def make_cycle(root, modules=30):
  """Writes `modules` modules, each importing all the others at load time."""
  package = os.path.join(root, 'cyc')
  os.makedirs(package)
  with open(os.path.join(package, '__init__.py'), 'w') as out:
    out.write(''.join('from cyc import m%d\n' % i for i in range(modules)))
  for index in range(modules):
    imports = ''.join('from cyc import m%d\n' % j for j in range(modules)
                      if j != index)
    with open(os.path.join(package, 'm%d.py' % index), 'w') as out:
      out.write(CYCLE.format(index=index, peer=(index + 1) % modules,
                             imports=imports))
  with open(os.path.join(root, 'train.py'), 'w') as out:
    out.write('from cyc import m0\n\nif __name__ == "__main__":\n'
              '  m0.forward_0(1.0)\n')
  return modules + 2


def _pin():
  os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def whole_command(root):
  """(wall seconds, CPU seconds, exit status) of `slimcompat scan --json`."""
  env = dict(os.environ, PYTHONPATH=REPO)
  env.pop('TF_CPP_MIN_LOG_LEVEL', None)
  before = resource.getrusage(resource.RUSAGE_CHILDREN)
  start = time.perf_counter()
  result = subprocess.run(
      [sys.executable, '-m', 'slimcompat.cli', 'scan', '--json', root],
      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
      preexec_fn=_pin, check=False)
  wall = time.perf_counter() - start
  after = resource.getrusage(resource.RUSAGE_CHILDREN)
  cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
  return wall, cpu, result.returncode


def in_process(root):
  """Seconds for the scan and its JSON, TensorFlow already imported."""
  from slimcompat import _scan
  from slimcompat._scan import _installed, _report
  installed = _installed.Installed()
  installed.tf_name('constant', v1=False)  # the import, outside the timing
  start, cpu = time.perf_counter(), time.process_time()
  report = _scan.scan([root], installed=_installed.Installed())
  _report.to_json(report)
  return (time.perf_counter() - start, time.process_time() - cpu), report


def import_cpu():
  """CPU seconds of a fresh `import slimcompat` (TensorFlow included)."""
  env = dict(os.environ, PYTHONPATH=REPO, TF_CPP_MIN_LOG_LEVEL='3')
  before = resource.getrusage(resource.RUSAGE_CHILDREN)
  subprocess.run([sys.executable, '-c', 'import slimcompat'],
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                 env=env, preexec_fn=_pin, check=False)
  after = resource.getrusage(resource.RUSAGE_CHILDREN)
  return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _count(root):
  from slimcompat import _scan  # pylint: disable=import-outside-toplevel
  return sum(1 for _ in _scan.python_files([root]))


def tree_rows(title, root, repeat, target):
  """Prints the rows of one tree: whole command and in-process scan."""
  files = _count(root)
  commands = [whole_command(root) for _ in range(repeat)]
  inside = [in_process(root)[0] for _ in range(repeat)]
  walls = [c[0] for c in commands]
  print('%s: %d files, exit status %s' % (title, files,
                                           sorted({c[2] for c in commands})))
  print('| figure | min | median | max | per 1,000 files (median) |')
  print('|---|---|---|---|---|')
  for name, values in (('whole command, wall s', walls),
                       ('whole command, CPU s', [c[1] for c in commands]),
                       ('scan with TF loaded, wall s', [i[0] for i in inside]),
                       ('scan with TF loaded, CPU s', [i[1] for i in inside])):
    median = statistics.median(values)
    print('| %s | %.2f | %.2f | %.2f | %.2f |' % (
        name, min(values), median, max(values), median * 1000.0 / files))
  cpus = [c[1] for c in commands]
  print('target: whole command < %d s (CPU s: the machine may be shared): %s'
        % (target, 'met' if statistics.median(cpus) < target else 'NOT met'))


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument('--files', type=int, default=1000)
  parser.add_argument('--repeat', type=int, default=3)
  parser.add_argument('--only', choices=('generated', 'root', 'cycle'))
  args = parser.parse_args(argv)
  if args.only in (None, 'root'):
    tree_rows('this repository\'s root', REPO, args.repeat, 30)
  if args.only in (None, 'cycle'):
    with tempfile.TemporaryDirectory(prefix='slimcompat-bench-cyc-') as root:
      make_cycle(root, 30)
      tree_rows('30 mutually importing modules', root, args.repeat, 5)
  if args.only not in (None, 'generated'):
    return
  _pin()
  with tempfile.TemporaryDirectory(prefix='slimcompat-bench-scan-') as root:
    count = make_tree(root, args.files)
    lines = sum(open(os.path.join(d, f)).read().count('\n')
                for d, _, names in os.walk(root) for f in names)
    commands = [whole_command(root) for _ in range(args.repeat)]
    inside = [in_process(root) for _ in range(args.repeat)]
    report = inside[-1][1]
  walls = [c[0] for c in commands]
  cpus = [c[1] for c in commands]
  scans = [i[0][0] for i in inside]
  scan_cpus = [i[0][1] for i in inside]
  imports = [import_cpu() for _ in range(args.repeat)]
  statuses = {c[2] for c in commands}
  verdicts = {}
  for verdict in report.verdicts.values():
    verdicts[verdict.status] = verdicts.get(verdict.status, 0) + 1
  print('slimcompat scan on a generated tree: %d files, %d lines, one core, '
        'TensorFlow %s, Python %s' % (count, lines, report.tf_version,
                                      sys.version.split()[0]))
  print('verdicts: %s; exit status %s' % (
      ', '.join('%s %d' % kv for kv in sorted(verdicts.items())),
      sorted(statuses)))
  print('| figure | min | median | max |')
  print('|---|---|---|---|')
  for name, values in (('whole command, wall s', walls),
                       ('whole command, CPU s', cpus),
                       ('`import slimcompat` alone (TF), CPU s', imports),
                       ('scan in a process with TF loaded, wall s', scans),
                       ('scan in a process with TF loaded, CPU s',
                        scan_cpus)):
    print('| %s | %.2f | %.2f | %.2f |' % (name, min(values),
                                           statistics.median(values),
                                           max(values)))
  print('target: whole command < 5 s on one core (CPU s, the machine may be '
        'shared): %s' % ('met' if statistics.median(cpus) < 5 else 'NOT met'))


if __name__ == '__main__':
  main()
