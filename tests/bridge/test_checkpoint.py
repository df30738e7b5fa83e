"""Checkpoints of bridged modules: TF1 name-based loading with its report
and errors, TF2 object checkpoints, and SavedModel export."""

import os

import numpy as np
import pytest

import slimcompat as slim
from slimcompat._compat import tf, tf2
from tests.bridge import _harness

IMAGES = np.random.RandomState(0).rand(2, 6, 6, 3).astype(np.float32)


def net(images, training=False, extra=False, width=4):
  net = slim.conv2d(images, width, [3, 3], scope='conv',
                    normalizer_fn=slim.batch_norm,
                    normalizer_params={'is_training': training})
  logits = slim.fully_connected(slim.flatten(net), 2, scope='logits')
  if extra:   # a side branch: the other shapes stay as they are
    logits += tf.reduce_mean(slim.conv2d(images, 2, [1, 1], scope='extra'))
  return logits


@pytest.fixture(name='tf1_checkpoint', scope='module')
def tf1_checkpoint_fixture(tmp_path_factory):
  directory = str(tmp_path_factory.mktemp('tf1'))
  with tf.Graph().as_default():
    net(tf.constant(IMAGES))
    tf.train.get_or_create_global_step()
    with tf.Session() as session:
      session.run(tf.global_variables_initializer())
      tf.train.Saver().save(session, os.path.join(directory, 'model.ckpt'),
                            global_step=3)
  return directory


def test_report_lists_unexpected_names(tf1_checkpoint):
  module = slim.SlimModule(net)
  module(IMAGES)
  report = slim.load_tf1_checkpoint(module, tf1_checkpoint)  # a directory
  assert report.loaded == list(module.variables_by_name)
  assert report.unexpected == ['global_step']
  assert (report.missing, report.mismatched) == ([], [])
  with pytest.raises(ValueError, match='global_step'):
    slim.load_tf1_checkpoint(module, tf1_checkpoint, allow_unexpected=False)


def test_missing_and_mismatched_names_are_errors_and_assign_nothing(
    tf1_checkpoint):
  module = slim.SlimModule(lambda x: net(x, extra=True))
  module(IMAGES)
  before = [v.numpy() for v in module.variables]
  with pytest.raises(ValueError, match=r"missing.*'extra/weights'"):
    slim.load_tf1_checkpoint(module, tf1_checkpoint)
  for var, value in zip(module.variables, before):
    np.testing.assert_array_equal(var.numpy(), value)
  report = slim.load_tf1_checkpoint(module, tf1_checkpoint,
                                    allow_missing=True)
  assert report.missing == ['extra/weights', 'extra/biases']

  wide = slim.SlimModule(lambda x: net(x, width=5))
  wide(IMAGES)
  with pytest.raises(ValueError, match=r'shape mismatches.*conv/weights'):
    slim.load_tf1_checkpoint(wide, tf1_checkpoint)


def test_assignment_map_and_uncalled_module(tf1_checkpoint):
  with pytest.raises(ValueError, match='call it once'):
    slim.load_tf1_checkpoint(slim.SlimModule(net), tf1_checkpoint)

  def renamed(images):
    with tf.variable_scope('tower'):
      return net(images)

  module = slim.SlimModule(renamed)
  module(IMAGES)
  mapping = {name: name[len('tower/'):] for name in module.variables_by_name}
  report = slim.load_tf1_checkpoint(module, tf1_checkpoint,
                                    assignment_map=mapping)
  assert len(report.loaded) == len(module.variables)


def test_object_checkpoint_round_trip(tmp_path):
  source = slim.SlimModule(net)
  source(IMAGES, training=True)          # moving statistics move
  path = tf2.train.Checkpoint(model=source).save(str(tmp_path / 'obj'))
  target = slim.SlimModule(net)
  target(IMAGES)
  tf2.train.Checkpoint(model=target).restore(path).assert_consumed()
  for a, b in zip(source.variables, target.variables):
    assert a.name == b.name
    np.testing.assert_array_equal(a.numpy(), b.numpy())
  np.testing.assert_array_equal(source(IMAGES).numpy(),
                                target(IMAGES).numpy())


def test_saved_model_serving_signature(tmp_path):
  module = slim.SlimModule(net)
  module(IMAGES, training=True)
  serve = tf2.function(lambda images: {'logits': module(images)},
                       input_signature=[tf2.TensorSpec([None, 6, 6, 3])])
  module.serve = serve
  tf2.saved_model.save(module, str(tmp_path), signatures=serve)
  loaded = tf2.saved_model.load(str(tmp_path))
  expected = module(IMAGES).numpy()
  np.testing.assert_allclose(
      loaded.signatures['serving_default'](images=tf2.constant(IMAGES))[
          'logits'].numpy(), expected, rtol=1e-6, atol=1e-6)
  np.testing.assert_allclose(loaded.serve(IMAGES)['logits'].numpy(), expected,
                             rtol=1e-6, atol=1e-6)
  restored = loaded._slim_variables  # pylint: disable=protected-access
  assert [v.name for v in restored] == [v.name for v in module.variables]
