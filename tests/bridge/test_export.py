"""Exporting a bridged slim model (issue 27): ``tf.saved_model.save`` with a
serving signature reloads to equal outputs, and ``tf.lite.TFLiteConverter``
converts it, float and int8 post-training quantization with a representative
data set (what the ``contrib.quantize`` refusal recommends), for the TFLite
interpreter.  Tolerances: float TFLite 1e-5 (same maths, other kernels);
int8 within 8 quantization steps of the output's scale (weights and
activations of three layers each rounded once).

A Keras model holding a `SlimLayer` is exported with Keras 3's own
``model.export``: ``tf.saved_model.save(model)`` of a Keras 3 model reloads
fine, but TFLite converts it to NaNs, for a plain Keras Conv2D +
BatchNormalization model too (TF 2.21, Keras 3.15), so that is not ours to
test."""

import numpy as np
import pytest

import slimcompat as slim
from slimcompat import _compat
from slimcompat._compat import tf, tf2
from tests.bridge import _harness

IMAGES = np.random.RandomState(0).rand(8, 16, 16, 3).astype(np.float32)


def small_net(images, training=False):
  net = slim.conv2d(images, 8, [3, 3], stride=2, scope='conv1',
                    normalizer_fn=slim.batch_norm,
                    normalizer_params={'is_training': training})
  net = slim.max_pool2d(net, [2, 2], scope='pool1')
  net = slim.conv2d(net, 8, [3, 3], scope='conv2')
  net = tf.reduce_mean(net, [1, 2])
  return slim.fully_connected(net, 4, activation_fn=None, scope='logits')


class Exported(tf2.Module):
  """A SlimModule with a serving signature, its statistics made non-trivial
  (from a graph-mode checkpoint) so that inference depends on them."""

  def __init__(self, directory):
    super().__init__()
    graph = _harness.graph_build(small_net, IMAGES, directory)
    self.net = slim.SlimModule(small_net)
    self.net(IMAGES)
    slim.load_tf1_checkpoint(self.net, graph.checkpoint)
    self.expected = graph.outputs

  @tf2.function(input_signature=[tf2.TensorSpec([None, 16, 16, 3])])
  def serve(self, images):
    return {'logits': self.net(images)}


@pytest.fixture(scope='module')
def exported(tmp_path_factory):
  directory = str(tmp_path_factory.mktemp('export'))
  module = Exported(directory)
  path = directory + '/saved_model'
  tf2.saved_model.save(module, path,
                       signatures={'serving_default': module.serve})
  return module, path


def test_saved_model_reloads_to_equal_outputs(exported):
  module, path = exported
  np.testing.assert_allclose(module.serve(IMAGES)['logits'].numpy(),
                             module.expected, rtol=1e-5, atol=1e-5)
  served = tf2.saved_model.load(path).signatures['serving_default']
  np.testing.assert_allclose(served(images=tf2.constant(IMAGES))['logits'],
                             module.serve(IMAGES)['logits'], rtol=1e-6,
                             atol=1e-6)


def _run_tflite(model_content, images):
  interpreter = tf2.lite.Interpreter(model_content=model_content)
  interpreter.resize_tensor_input(
      interpreter.get_input_details()[0]['index'], list(images.shape))
  interpreter.allocate_tensors()
  inp = interpreter.get_input_details()[0]
  out = interpreter.get_output_details()[0]
  if inp['dtype'] == np.int8:
    scale, zero = inp['quantization']
    images = np.round(images / scale + zero).astype(np.int8)
  interpreter.set_tensor(inp['index'], images)
  interpreter.invoke()
  result = interpreter.get_tensor(out['index'])
  if out['dtype'] == np.int8:
    scale, zero = out['quantization']
    return (result.astype(np.float32) - zero) * scale, scale
  return result, 0.0


def test_tflite_float(exported):
  module, path = exported
  converter = tf2.lite.TFLiteConverter.from_saved_model(path)
  result, _ = _run_tflite(converter.convert(), IMAGES)
  np.testing.assert_allclose(result, module.expected, rtol=1e-5, atol=1e-5)


def test_tflite_int8_post_training_quantization(exported):
  module, path = exported
  converter = tf2.lite.TFLiteConverter.from_saved_model(path)
  converter.optimizations = [tf2.lite.Optimize.DEFAULT]
  converter.representative_dataset = lambda: ([IMAGES[i:i + 1]]
                                              for i in range(len(IMAGES)))
  converter.target_spec.supported_ops = [
      tf2.lite.OpsSet.TFLITE_BUILTINS_INT8]
  converter.inference_input_type = tf2.int8
  converter.inference_output_type = tf2.int8
  content = converter.convert()
  interpreter = tf2.lite.Interpreter(model_content=content)
  assert interpreter.get_input_details()[0]['dtype'] == np.int8
  result, scale = _run_tflite(content, IMAGES)
  assert scale > 0
  np.testing.assert_allclose(result, module.expected, atol=8 * scale)


@pytest.mark.skipif(not _compat.KERAS3_ERA,
                    reason='SlimLayer is Keras 3 (TF 2.16+)')
def test_slim_layer_model_saved_model(tmp_path):
  import keras  # pylint: disable=g-import-not-at-top
  inputs = keras.Input(IMAGES.shape[1:])
  model = keras.Model(inputs, slim.SlimLayer(small_net)(inputs))
  expected = model.predict(IMAGES, verbose=0)
  path = str(tmp_path / 'saved_model')
  model.export(path)   # Keras 3's SavedModel export (serving signature)
  served = tf2.saved_model.load(path).signatures['serving_default']
  (result,) = served(tf2.constant(IMAGES)).values()
  np.testing.assert_allclose(result.numpy(), expected, rtol=1e-5, atol=1e-6)
  converter = tf2.lite.TFLiteConverter.from_saved_model(path)
  tflite, _ = _run_tflite(converter.convert(), IMAGES)
  np.testing.assert_allclose(tflite, expected, rtol=1e-5, atol=1e-5)
