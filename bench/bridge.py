"""The TF2 bridge against graph mode: resnet_v1_50 training steps.

Rows (added to bench.run's table; the 'raw' column holds slimcompat's own
graph-mode session step of the same model, so slim/raw is bridged / session):

* ``bridge train step``: a `tf.function` training step of a `SlimModule`
  (GradientTape, ``tf.compat.v1.train.MomentumOptimizer``), batch 8;
* ``bridge train step jit_compile``: the same step with ``jit_compile=True``;
* ``bridge first step``: module creation, variable creation, tracing and the
  first step, against graph build + train op + session + init + first step;
* ``bridge SlimLayer fit step``: a step of ``model.fit`` of a ``keras.Model``
  holding the net as a `SlimLayer` (Keras SGD with momentum), against a
  custom-loop step (``tf.function`` + GradientTape + the same optimizer) of
  the same Keras model in the 'raw' column (target <= 1.05x);
* ``bridge SlimLayer first call``: model construction (the build traces the
  net once to create its variables) + compile + the first ``fit`` step,
  against the graph-mode build + train op + session + init + first step
  (target <= 1.3x).  Keras rows only where TensorFlow's Keras is Keras 3.
  Each sample of this row is the first call of a fresh process, for both
  columns, alternating (``python -m bench.bridge first slimlayer|session``):
  a user meets Keras' and TensorFlow's one-time costs on the first call, and
  a process that has already run the other kind would hide some of them.
"""

import os
import subprocess
import sys
import time

import numpy as np
import tensorflow as tf2

tf = tf2.compat.v1

BATCH = 8
IMAGE = 112
STEPS_PER_SAMPLE = 3
# Steps per fit call of the fit-step row: each call is an epoch, and Keras
# sets one up (callbacks, an iterator) at its start; a real epoch holds
# hundreds of steps, so a short one would charge that set-up to the step.
FIT_EPOCH_STEPS = 10
NUM_CLASSES = 1000


def _model_fn(slim):
  from slimcompat.nets import resnet_v1

  def model_fn(images, training=True):
    with slim.arg_scope(resnet_v1.resnet_arg_scope()):
      logits, _ = resnet_v1.resnet_v1_50(images, NUM_CLASSES,
                                         is_training=training)
    return tf.squeeze(logits, [1, 2])
  return model_fn


def _feeds():
  rng = np.random.RandomState(0)
  return (rng.rand(BATCH, IMAGE, IMAGE, 3).astype(np.float32),
          rng.randint(0, NUM_CLASSES, size=[BATCH]).astype(np.int64))


def _session_step(slim, feeds):
  """Graph build .. first step; returns (seconds to first step, step fn)."""
  start = time.perf_counter()
  graph = tf.Graph()
  with graph.as_default():
    images = tf.placeholder(tf.float32, [BATCH, IMAGE, IMAGE, 3])
    labels = tf.placeholder(tf.int64, [BATCH])
    logits = _model_fn(slim)(images)
    tf.losses.sparse_softmax_cross_entropy(labels, logits)
    total = tf.losses.get_total_loss()
    tf.train.get_or_create_global_step()
    train_op = slim.learning.create_train_op(
        total, tf.train.MomentumOptimizer(0.01, 0.9))
    init = tf.global_variables_initializer()
  config = tf.ConfigProto(intra_op_parallelism_threads=2,
                          inter_op_parallelism_threads=2)
  session = tf.Session(graph=graph, config=config)
  session.run(init)
  feed = {images: feeds[0], labels: feeds[1]}
  session.run(train_op, feed)
  first = time.perf_counter() - start
  return first, lambda: session.run(train_op, feed), session


def _bridged_step(slim, feeds, jit_compile=False):
  start = time.perf_counter()
  model = slim.SlimModule(_model_fn(slim), name='resnet_v1_50')
  optimizer = tf.train.MomentumOptimizer(0.01, 0.9)

  def step(images, labels):
    with tf2.GradientTape() as tape:
      logits = model(images, training=True)
      loss = tf2.reduce_mean(
          tf2.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))
      loss += tf2.add_n(model.losses)
    variables = model.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return loss

  step = tf2.function(step, jit_compile=jit_compile)
  images, labels = tf2.constant(feeds[0]), tf2.constant(feeds[1])
  step(images, labels).numpy()
  first = time.perf_counter() - start
  return first, lambda: step(images, labels).numpy()


def _keras_model(slim, training_loop, keras_own=False):
  """(seconds to the first step, step fn) for a Keras model holding the net
  as a SlimLayer (or, with `keras_own`, Keras' own ResNet50: the yardstick of
  what fit costs any model), trained by ``fit`` or by a custom loop."""
  import keras  # pylint: disable=g-import-not-at-top
  images, labels = _feeds()
  start = time.perf_counter()
  if keras_own:
    model = keras.applications.ResNet50(
        weights=None, input_shape=images.shape[1:], classes=NUM_CLASSES,
        classifier_activation=None)
  else:
    inputs = keras.Input(images.shape[1:])
    model = keras.Model(inputs, slim.SlimLayer(_model_fn(slim))(inputs))
  optimizer = keras.optimizers.SGD(0.01, momentum=0.9)
  loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
  # Built before the first step: left to the first step, the optimizer makes
  # its slot variables inside tf.function's first trace, which makes it
  # trace the whole step a second time (Keras' behaviour with any model).
  optimizer.build(model.trainable_variables)
  if training_loop == 'fit':
    model.compile(optimizer, loss_fn)
    dataset = tf2.data.Dataset.from_tensors((images, labels)).repeat()
    model.fit(dataset, steps_per_epoch=1, epochs=1, verbose=0)
    first = time.perf_counter() - start

    def run():
      model.fit(dataset, steps_per_epoch=FIT_EPOCH_STEPS, epochs=1,
                verbose=0)
    return first, run, True

  @tf2.function
  def step(x, y):
    with tf2.GradientTape() as tape:
      loss = loss_fn(y, model(x, training=True))
      if model.losses:
        loss += tf2.add_n(model.losses)
    variables = model.trainable_variables
    optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
    return loss
  x, y = tf2.constant(images), tf2.constant(labels)
  step(x, y).numpy()
  first = time.perf_counter() - start
  return first, lambda: step(x, y).numpy(), False


def _bench_keras(table, slim, repeat):
  from slimcompat import _compat  # pylint: disable=g-import-not-at-top
  if not _compat.KERAS3_ERA:
    return
  firsts = _fresh_process_firsts(max(2, repeat))
  runs = {}
  kinds = ('fit', 'loop', 'keras_fit', 'keras_loop')
  for kind in kinds:
    _, runs[kind], whole = _keras_model(slim, kind.replace('keras_', ''),
                                        keras_own=kind.startswith('keras_'))
    runs[kind]()   # warm-up
    runs[kind + '_whole'] = whole
  samples = {kind: [] for kind in kinds}
  for index in range(repeat):
    for kind in kinds[index % 4:] + kinds[:index % 4]:
      seconds = _time(runs[kind])
      # fit runs FIT_EPOCH_STEPS steps per call, the loop one.
      samples[kind].append(seconds / FIT_EPOCH_STEPS if runs[kind + '_whole']
                           else seconds)
  why = 'no Keras-3 reference (tf_keras decorator is Keras 2)'
  table.add('bridge SlimLayer fit step', 's',
            {'slimcompat': samples['fit'], 'reference': why,
             'raw': samples['loop']},
            note='fit in epochs of %d steps; raw = a custom tf.function loop '
            'of the same Keras model ' % FIT_EPOCH_STEPS +
            'and optimizer (Keras SGD, momentum 0.9)')
  table.add('keras own ResNet50 fit step', 's',
            {'slimcompat': samples['keras_fit'],
             'reference': 'yardstick: no slimcompat in this row',
             'raw': samples['keras_loop']},
            note="yardstick: Keras' own ResNet50 (keras.applications, same "
            "batch and images), fit in epochs of %d steps vs its custom loop: "
            'what fit costs any Keras model' % FIT_EPOCH_STEPS)
  table.add('bridge SlimLayer first call', 's',
            {'slimcompat': firsts['slimlayer'], 'reference': why,
             'raw': firsts['session']},
            note='model + build trace + compile + optimizer.build + first fit '
            'step vs graph build + train op + session + init + first step; '
            'each the first call of a fresh process')


def _fresh_process_firsts(samples):
  """{'slimlayer': [s, ...], 'session': [s, ...]}: seconds to the first step,
  each in a new process (alternating kinds), TensorFlow and Keras imported
  before the clock starts."""
  root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
  env = dict(os.environ, PYTHONPATH=root, TF_CPP_MIN_LOG_LEVEL='2')
  firsts = {'slimlayer': [], 'session': []}
  for index in range(samples):
    order = ('slimlayer', 'session') if index % 2 == 0 else ('session',
                                                             'slimlayer')
    for kind in order:
      output = subprocess.run(
          [sys.executable, '-m', 'bench.bridge', 'first', kind], cwd=root,
          env=env, capture_output=True, text=True, check=True).stdout
      firsts[kind].append(float(output.split()[-1]))
  return firsts


def _first_in_this_process(kind):
  # Both kinds import Keras before the clock starts (its import is no part
  # of a first call).
  import keras  # noqa: F401  # pylint: disable=g-import-not-at-top,unused-import
  import slimcompat as slim  # pylint: disable=g-import-not-at-top
  tf2.config.threading.set_intra_op_parallelism_threads(2)
  tf2.config.threading.set_inter_op_parallelism_threads(2)
  if kind == 'slimlayer':
    return _keras_model(slim, 'fit')[0]
  return _session_step(slim, _feeds())[0]


def _time(step):
  start = time.perf_counter()
  for _ in range(STEPS_PER_SAMPLE):
    step()
  return (time.perf_counter() - start) / STEPS_PER_SAMPLE


def bench_bridge(table, libs, repeat):
  """Adds the bridge rows to `table` (a bench.run.Table)."""
  slim = libs['slimcompat']
  tf2.config.threading.set_intra_op_parallelism_threads(2)
  tf2.config.threading.set_inter_op_parallelism_threads(2)
  feeds = _feeds()
  why = 'no bridged reference (tf_keras decorator not measured)'
  firsts = {'bridged': [], 'session': []}
  steps = {}
  for index in range(max(1, min(repeat, 2))):
    order = ('bridged', 'session') if index % 2 == 0 else ('session',
                                                           'bridged')
    for kind in order:
      if kind == 'bridged':
        first, run = _bridged_step(slim, feeds)
      else:
        first, run, session = _session_step(slim, feeds)
        steps.setdefault('session_handle', []).append(session)
      firsts[kind].append(first)
      steps[kind] = run
  jit_first, steps['jit'] = _bridged_step(slim, feeds, jit_compile=True)
  for run in (steps['bridged'], steps['session'], steps['jit']):
    run()   # warm-up
  samples = {'bridged': [], 'session': [], 'jit': []}
  kinds = ('bridged', 'session', 'jit')
  for index in range(repeat):
    for kind in kinds[index % 3:] + kinds[:index % 3]:
      samples[kind].append(_time(steps[kind]))
  for session in steps.get('session_handle', []):
    session.close()
  note = ('batch %d, %dx%d images, momentum SGD (tf.compat.v1.train); raw = '
          "slimcompat's graph-mode session step of the same model" %
          (BATCH, IMAGE, IMAGE))
  table.add('bridge train step resnet_v1_50', 's',
            {'slimcompat': samples['bridged'], 'reference': why,
             'raw': samples['session']}, note=note)
  table.add('bridge train step jit_compile', 's',
            {'slimcompat': samples['jit'], 'reference': why,
             'raw': samples['session']},
            note='tf.function(jit_compile=True); off by default')
  table.add('bridge first step resnet_v1_50', 's',
            {'slimcompat': firsts['bridged'], 'reference': why,
             'raw': firsts['session']},
            note='module + variables + trace + first step vs graph build + '
            'train op + session + init + first step (jit first step: %.1f s)'
            % jit_first)
  _bench_keras(table, slim, repeat)


if __name__ == '__main__':
  if sys.argv[1:2] != ['first'] or sys.argv[2:] not in (['slimlayer'],
                                                         ['session']):
    sys.exit('usage: python -m bench.bridge first slimlayer|session')
  print('%.4f' % _first_in_this_process(sys.argv[2]))
