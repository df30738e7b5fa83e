"""Slim nets as Keras 3 layers (issue 27): `SlimLayer` and the migration
guide's decorator on a ``keras.layers.Layer``, against a graph-mode build.

For resnet_v1_50 and inception_v2 (small inputs, 3 classes) in a
``keras.Model``: the trainable / non-trainable weights are the graph's
trainable / other variables (names, shapes); ``summary()`` shows the graph's
parameter count; after `load_tf1_checkpoint` from the graph-mode checkpoint
``predict`` equals the graph's logits and the layer's losses equal the
graph's regularization losses; a ``.keras`` file round-trips the predictions
exactly; ``fit`` lowers the loss and moves the batch-norm moving averages,
which ``evaluate`` and ``predict`` leave alone.  Where TensorFlow's Keras is
Keras 2 (TF 2.12, 2.15) `SlimLayer` refuses with an error naming the TF
version.
"""

import os
import re

import numpy as np
import pytest

import slimcompat as slim
from slimcompat import _compat
from slimcompat._compat import tf, tf2
from slimcompat.nets import inception_v2
from slimcompat.nets import resnet_v1
from tests.bridge import _harness

keras3 = pytest.mark.skipif(
    not _compat.KERAS3_ERA,
    reason='Keras 3 comes with TF 2.16+; test_refused_on_keras2 covers this TF')

# 64x64: at 32x32 resnet_v1_50's last blocks are 1x1, and batch norm over 4
# values makes its gradients huge (a global norm of 1e5), too stiff for a
# test that three plain SGD steps lower the loss.
IMAGES = np.random.RandomState(0).rand(4, 64, 64, 3).astype(np.float32)
LABELS = np.array([0, 1, 2, 1])


def resnet_fn(images, training=False):
  with slim.arg_scope(resnet_v1.resnet_arg_scope(weight_decay=1e-4)):
    logits, _ = resnet_v1.resnet_v1_50(images, 3, is_training=training)
  return tf.squeeze(logits, [1, 2])


def inception_fn(images, training=False):
  with slim.arg_scope(inception_v2.inception_v2_arg_scope()):
    logits, _ = inception_v2.inception_v2(images, 3, is_training=training,
                                          depth_multiplier=0.25)
  return logits


NETS = {'resnet_fn': resnet_fn, 'inception_fn': inception_fn}


def _decorated_layer_class(keras):
  """The migration guide's spelling: a Keras layer whose call carries
  ``tf.compat.v1.keras.utils.track_tf1_style_variables`` (served by
  `slimcompat.install()` on Keras 3)."""
  slim.install()
  try:
    decorator = tf2.compat.v1.keras.utils.track_tf1_style_variables

    @keras.saving.register_keras_serializable(package='slimcompat_tests')
    class GuideLayer(keras.layers.Layer):

      def __init__(self, net, **kwargs):
        super().__init__(**kwargs)
        self.net = net

      @decorator
      def call(self, inputs, training=None):
        return NETS[self.net](inputs, training=bool(training))

      def get_config(self):
        return dict(super().get_config(), net=self.net)
  finally:
    slim.uninstall()
  return GuideLayer


def _make_layer(spelling, net):
  import keras  # pylint: disable=g-import-not-at-top
  if spelling == 'SlimLayer':
    for function in NETS.values():
      keras.saving.register_keras_serializable(package='slimcompat_tests')(
          function)
    return slim.SlimLayer(NETS[net], name='net')
  return _decorated_layer_class(keras)(net, name='net')


def _summary_params(model, layer_name):
  lines = []
  model.summary(print_fn=lambda line, *args, **kwargs: lines.append(line))
  row = [line for line in '\n'.join(lines).splitlines()
         if line.strip('│ ').startswith(layer_name + ' (')]
  assert len(row) == 1, lines
  return int(re.findall(r'([\d,]+)\s*│?\s*$', row[0])[0].replace(',', ''))


@keras3
@pytest.mark.parametrize('spelling,net', [
    ('SlimLayer', 'resnet_fn'), ('SlimLayer', 'inception_fn'),
    ('decorator', 'resnet_fn')])
def test_slim_net_as_keras_layer(spelling, net, tmp_path):
  import keras  # pylint: disable=g-import-not-at-top
  graph = _harness.graph_build(NETS[net], IMAGES, str(tmp_path))
  inputs = keras.Input(IMAGES.shape[1:])
  layer = _make_layer(spelling, net)
  model = keras.Model(inputs, layer(inputs))

  def described(weights):
    return [(w.path, tuple(w.shape), w.dtype, w.trainable) for w in weights]
  assert described(layer.trainable_weights) == [
      d for d in graph.variables if d[3]]
  assert described(layer.non_trainable_weights) == [
      d for d in graph.variables if not d[3]]
  assert any('moving_mean' in d[0] for d in graph.variables)
  assert _summary_params(model, 'net') == sum(
      int(np.prod(d[1])) for d in graph.variables)

  report = slim.load_tf1_checkpoint(layer, graph.checkpoint)
  assert report.missing == [] and report.mismatched == []
  # atol 1e-4 plus float32 rounding of logits in the thousands (an untrained
  # resnet's): oneDNN's kernels round differently inside tf.function.
  np.testing.assert_allclose(model.predict(IMAGES, verbose=0), graph.outputs,
                             rtol=1e-5, atol=1e-4)
  # Eager calls (no more traces of a deep net than needed) for the rest.
  called = model(IMAGES, training=False).numpy()
  assert len(model.losses) == len(graph.losses) > 0
  np.testing.assert_allclose(sorted(float(x) for x in model.losses),
                             sorted(graph.losses), rtol=1e-5)

  path = str(tmp_path / 'model.keras')
  model.save(path)
  loaded = keras.models.load_model(path)
  np.testing.assert_array_equal(loaded(IMAGES, training=False).numpy(),
                                called)

  model.compile(keras.optimizers.SGD(1e-5),
                keras.losses.SparseCategoricalCrossentropy(from_logits=True))
  history = model.fit(IMAGES, LABELS, epochs=3, batch_size=4, verbose=0)
  losses = history.history['loss']
  assert losses[-1] < losses[0], losses


@pytest.mark.skipif(_compat.KERAS3_ERA,
                    reason='Keras-2 TF only; the layer tests cover Keras 3')
def test_refused_on_keras2():
  version = '.'.join(str(n) for n in _compat.TF_VERSION)
  with pytest.raises(RuntimeError, match=re.escape(version)):
    slim.SlimLayer(resnet_fn)


@keras3
def test_model_fn_must_be_callable():
  with pytest.raises(TypeError, match='callable model_fn'):
    slim.SlimLayer('resnet_v1_50')


def tiny(images, training=False):
  with slim.arg_scope([slim.fully_connected],
                      weights_regularizer=slim.l2_regularizer(10.0)):
    return slim.fully_connected(slim.flatten(images), 3,
                                activation_fn=None, scope='logits')


def tiny_bn(images, training=False):
  net = slim.batch_norm(slim.flatten(images), is_training=training,
                        scale=True)
  return slim.fully_connected(net, 3, activation_fn=None, scope='logits')


@keras3
def test_moving_averages_move_in_fit_only():
  import keras  # pylint: disable=g-import-not-at-top
  inputs = keras.Input(IMAGES.shape[1:])
  layer = slim.SlimLayer(tiny_bn)
  model = keras.Model(inputs, layer(inputs))
  model.compile('sgd', keras.losses.SparseCategoricalCrossentropy(
      from_logits=True))
  assert [w.path for w in layer.non_trainable_weights] == [
      'BatchNorm/moving_mean', 'BatchNorm/moving_variance']
  assert layer.supports_jit is False   # graph-mode slim never ran under XLA
  mean = layer.non_trainable_weights[0]
  model.evaluate(IMAGES, LABELS, verbose=0)
  model.predict(IMAGES, verbose=0)
  np.testing.assert_array_equal(mean.numpy(), 0.0)
  model.fit(IMAGES, LABELS, epochs=1, batch_size=4, verbose=0)
  # One update with slim's default decay 0.999 from 0: 0.001 * batch mean.
  np.testing.assert_allclose(
      mean.numpy(), 0.001 * IMAGES.reshape(4, -1).mean(axis=0), rtol=1e-4)
  after_fit = mean.numpy().copy()
  model.evaluate(IMAGES, LABELS, verbose=0)
  model.predict(IMAGES, verbose=0)
  np.testing.assert_array_equal(mean.numpy(), after_fit)


@keras3
def test_weights_h5_round_trip_and_regularizer_losses_count_in_fit(tmp_path):
  import keras  # pylint: disable=g-import-not-at-top
  models = []
  for _ in range(2):
    inputs = keras.Input(IMAGES.shape[1:])
    models.append(keras.Model(inputs, slim.SlimLayer(tiny)(inputs)))
  models[0].save_weights(str(tmp_path / 'w.weights.h5'))
  models[1].load_weights(str(tmp_path / 'w.weights.h5'))
  np.testing.assert_array_equal(models[0].predict(IMAGES, verbose=0),
                                models[1].predict(IMAGES, verbose=0))
  model = models[0]
  model.compile('sgd', keras.losses.SparseCategoricalCrossentropy(
      from_logits=True))
  weights = model.trainable_weights[0].numpy()
  logits = IMAGES.reshape(4, -1) @ weights + model.trainable_weights[1].numpy()
  logits -= logits.max(axis=1, keepdims=True)
  cross_entropy = np.mean(np.log(np.exp(logits).sum(axis=1)) -
                          logits[np.arange(4), LABELS])
  expected = cross_entropy + 10.0 * 0.5 * np.sum(weights ** 2)
  np.testing.assert_allclose(model.evaluate(IMAGES, LABELS, verbose=0),
                             expected, rtol=1e-4)


@keras3
def test_decorator_keeps_the_layers_own_build_and_weights():
  import keras  # pylint: disable=g-import-not-at-top

  class Scaled(keras.layers.Layer):

    def build(self, input_shape):
      self.scale = self.add_weight(shape=(), initializer='ones', name='scale')

    @slim.track_tf1_style_variables
    def call(self, inputs, training=None):
      return tiny(inputs) * self.scale

  layer = Scaled()
  inputs = keras.Input(IMAGES.shape[1:])
  model = keras.Model(inputs, layer(inputs))
  assert [w.path for w in layer.trainable_weights] == [
      'scaled/scale', 'logits/weights', 'logits/biases']
  layer.scale.assign(2.0)
  weights, biases = (w.numpy() for w in layer.trainable_weights[1:])
  np.testing.assert_allclose(
      model(IMAGES).numpy(), 2.0 * (IMAGES.reshape(4, -1) @ weights + biases),
      rtol=1e-5, atol=1e-5)
