"""tf_slim.data.test_utils: small TFRecord files of random images for tests.

`generate_image` and `create_tfrecord_files` encode their images with
TensorFlow ops, evaluated in the default session (or a throwaway one when
there is none).
"""

import os

import numpy as np

from slimcompat._compat import tf


def _evaluate(tensor):
  if tf.executing_eagerly():
    return tensor.numpy()
  session = tf.get_default_session()
  if session is not None:
    return session.run(tensor)
  with tf.Session(graph=tensor.graph) as throwaway:
    return throwaway.run(tensor)


def _encoded_int64_feature(ndarray):
  return tf.train.Feature(
      int64_list=tf.train.Int64List(value=ndarray.flatten().tolist()))


def _encoded_bytes_feature(tf_encoded):
  return tf.train.Feature(
      bytes_list=tf.train.BytesList(value=[_evaluate(tf_encoded)]))


def _string_feature(value):
  return tf.train.Feature(
      bytes_list=tf.train.BytesList(value=[value.encode('utf-8')]))


def _encoder(image, image_format):
  encoders = {'jpeg': tf.image.encode_jpeg, 'png': tf.image.encode_png}
  if image_format not in encoders:
    # AssertionError, as in tf_slim, where this check is an assert.
    raise AssertionError('image_format must be \'jpeg\' or \'png\', got %r.'
                         % (image_format,))
  return encoders[image_format](tf.constant(image, dtype=tf.uint8))


def generate_image(image_shape, image_format='jpeg', label=0):
  """Makes a random uint8 image and a serialized Example holding it.

  Args:
    image_shape: [height, width, channels] of the image.
    image_format: 'jpeg' or 'png'.
    label: the int64 label(s) stored under 'image/class/label'.

  Returns:
    (image, serialized_example): the image as an integer array with values in
    [0, 255], and the Example with features 'image/encoded', 'image/format'
    and 'image/class/label'.
  """
  image = np.random.randint(0, 256, size=image_shape)
  example = tf.train.Example(features=tf.train.Features(feature={
      'image/encoded': _encoded_bytes_feature(_encoder(image, image_format)),
      'image/format': _string_feature(image_format),
      'image/class/label': _encoded_int64_feature(np.array(label)),
  }))
  return image, example.SerializeToString()


def create_tfrecord_files(output_dir, num_files=3, num_records_per_file=10):
  """Writes `num_files` TFRecord files of random 10x10x3 JPEG Examples.

  The files are named ``flowers.tfrecord-<i>-of-<num_files>``.

  Args:
    output_dir: directory to write to.
    num_files: how many files to write.
    num_records_per_file: Examples per file.

  Returns:
    The list of the written paths.
  """
  names = ['flowers.tfrecord-%d-of-%s' % (i, num_files)
           for i in range(num_files)]
  paths = [os.path.join(output_dir, name) for name in names]
  for path in paths:
    _write_random_images(path, num_records_per_file)
  return paths


def _write_random_images(path, count):
  """Writes `count` random 10x10x3 JPEG Examples to the TFRecord file `path`."""
  with tf.io.TFRecordWriter(path) as writer:
    for _ in range(count):
      writer.write(generate_image(image_shape=(10, 10, 3))[1])
