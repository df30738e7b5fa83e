"""The TF2 bridge against graph mode: resnet_v1_50 training steps.

Rows (added to bench.run's table; the 'raw' column holds slimcompat's own
graph-mode session step of the same model, so slim/raw is bridged / session):

* ``bridge train step``: a `tf.function` training step of a `SlimModule`
  (GradientTape, ``tf.compat.v1.train.MomentumOptimizer``), batch 8;
* ``bridge train step jit_compile``: the same step with ``jit_compile=True``;
* ``bridge first step``: module creation, variable creation, tracing and the
  first step, against graph build + train op + session + init + first step.
"""

import time

import numpy as np
import tensorflow as tf2

tf = tf2.compat.v1

BATCH = 8
IMAGE = 112
STEPS_PER_SAMPLE = 3
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
