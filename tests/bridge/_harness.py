"""Helpers shared by the bridge tests: a graph-mode build of a model function
(the reference for names, losses and outputs) and its bridged counterpart."""

import collections
import contextlib
import os

import numpy as np

from slimcompat._compat import tf, tf2

GraphBuild = collections.namedtuple(
    'GraphBuild', ['variables', 'losses', 'outputs', 'checkpoint',
                   'update_ops'])


def first(result):
  """A net returns (logits, end_points); a layer returns its output."""
  return result[0] if isinstance(result, tuple) else result


def describe(var, name=None):
  return (name or var.name.split(':')[0], tuple(var.shape.as_list()),
          var.dtype.base_dtype.name, bool(var.trainable))


def randomize_statistics(variables, seed=0):
  """Ops giving moving means / variances values other than 0 / 1, so that
  inference outputs depend on them."""
  rng = np.random.RandomState(seed)
  assigns = []
  for var in variables:
    name = var.op.name
    shape = var.shape.as_list()
    if name.endswith('moving_mean'):
      assigns.append(tf.assign(var, rng.normal(0, 0.1, shape)))
    elif name.endswith('moving_variance'):
      assigns.append(tf.assign(var, rng.uniform(0.5, 1.5, shape)))
  return assigns


def graph_variables(model_fn, inputs):
  """Descriptions of the variables and the number of regularization losses
  of `model_fn(inputs)` built in a fresh graph (nothing is run)."""
  with tf.Graph().as_default():
    model_fn(tf.constant(inputs))
    return ([describe(v) for v in tf.global_variables()],
            len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)))


def _plain_session_config():
  """A session that runs the graph as built: Grappler's rewrites (op fusions,
  constant folding) are the session's business, not the reference's, and
  take half of a deep net's session time (2.7 of 5.6 s for a ResNet-200)."""
  config = tf.ConfigProto()
  config.graph_options.rewrite_options.disable_meta_optimizer = True
  return config


def graph_build(model_fn, inputs, directory):
  """Builds `model_fn(inputs)` in a fresh graph (TF1 graph mode), runs it
  once and saves a TF1 checkpoint of every global variable."""
  with tf.Graph().as_default():
    tf.set_random_seed(0)
    outputs = first(model_fn(tf.constant(inputs)))
    variables = tf.global_variables()
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    saver = tf.train.Saver(variables)
    assigns = randomize_statistics(variables)
    with tf.Session(config=_plain_session_config()) as session:
      session.run(tf.global_variables_initializer())
      session.run(assigns)
      loss_values, output_values = session.run([losses, outputs])
      path = saver.save(session, os.path.join(directory, 'model.ckpt'),
                        write_meta_graph=False)
  return GraphBuild([describe(v) for v in variables], loss_values,
                    output_values, path, len(updates))


@contextlib.contextmanager
def count_creations():
  """Counts variables created inside the block (a list holding the count)."""
  count = [0]

  def creator(next_creator, **kwargs):
    count[0] += 1
    return next_creator(**kwargs)

  with tf2.variable_creator_scope(creator):
    yield count


def collection_sizes():
  graph = tf.get_default_graph()
  return {key: len(graph.get_collection(key))
          for key in graph.get_all_collection_keys()
          if len(graph.get_collection(key))}


def bridged_description(module):
  return [describe(var, name) for name, var in
          module.variables_by_name.items()]
