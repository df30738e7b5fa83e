"""Helpers of the data tests: build Example / SequenceExample protos, write
them to TFRecord files, and drain queue-runner pipelines in a session."""

import os

import numpy as np

from slimcompat._compat import tf


def encode(image, image_format):
  """Encodes the uint8 array `image` as 'png' or 'jpeg' bytes (own graph)."""
  encoders = {'png': tf.image.encode_png, 'jpeg': tf.image.encode_jpeg}
  with tf.Graph().as_default(), tf.Session() as sess:
    return sess.run(encoders[image_format.lower()](
        tf.constant(image, dtype=tf.uint8)))


def smooth_image(shape, dtype=np.uint8):
  """A deterministic image of `shape` with gentle gradients (JPEG-friendly)."""
  height, width, channels = shape
  rows = np.arange(height)[:, None, None] * 9
  cols = np.arange(width)[None, :, None] * 5
  chans = np.arange(channels)[None, None, :] * 40
  return ((rows + cols + chans + 30) % 256).astype(dtype)


def random_image(shape, dtype, seed):
  """A random image: integers spread over the dtype's range, or floats."""
  rng = np.random.RandomState(seed)
  if np.issubdtype(dtype, np.integer):
    info = np.iinfo(dtype)
    return rng.randint(info.min, int(info.max) + 1, size=shape,
                       dtype=np.int64).astype(dtype)
  return (rng.randn(*shape) * 100).astype(dtype)


def bytes_feature(values):
  if not isinstance(values, (list, tuple)):
    values = [values]
  values = [v.encode('utf-8') if isinstance(v, str) else v for v in values]
  return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))


def int64_feature(values):
  values = np.asarray(values).flatten().tolist()
  return tf.train.Feature(int64_list=tf.train.Int64List(value=values))


def float_feature(values):
  values = np.asarray(values, dtype=np.float32).flatten().tolist()
  return tf.train.Feature(float_list=tf.train.FloatList(value=values))


def example(**features):
  """A serialized tf.train.Example; keyword `a__b` names feature `a/b`."""
  feature = {k.replace('__', '/'): v for k, v in features.items()}
  return tf.train.Example(
      features=tf.train.Features(feature=feature)).SerializeToString()


def float_rows(rows):
  """A FeatureList with one float feature per row (rows may be ragged)."""
  feature_list = tf.train.FeatureList()
  for row in rows:
    feature_list.feature.add().float_list.value.extend(
        [float(v) for v in row])
  return feature_list


def sequence_example(context=None, **feature_lists):
  """A serialized tf.train.SequenceExample; `a__b` names list `a/b`."""
  proto = tf.train.SequenceExample(
      context=tf.train.Features(feature=context or {}),
      feature_lists=tf.train.FeatureLists(feature_list={
          k.replace('__', '/'): v for k, v in feature_lists.items()}))
  return proto.SerializeToString()


def write_records(path, records):
  """Writes the byte strings `records` to the TFRecord file `path`."""
  with tf.io.TFRecordWriter(str(path)) as writer:
    for record in records:
      writer.write(record)
  return str(path)


def labelled_image_record(index, image_format='png', shape=(4, 5, 3)):
  """An Example with an image made from `index` and label `index`."""
  image = smooth_image(shape)
  image = ((image.astype(np.int64) + index * 7) % 256).astype(np.uint8)
  return image, example(image__encoded=bytes_feature(encode(image,
                                                            image_format)),
                        image__format=bytes_feature(image_format),
                        image__class__label=int64_feature([index]))


def write_labelled_files(directory, num_files, per_file, image_format='png'):
  """Writes files ``data-<i>-of-<n>`` whose record j of file i has label
  i * per_file + j; returns (paths, {label: image})."""
  paths, images = [], {}
  for i in range(num_files):
    records = []
    for j in range(per_file):
      label = i * per_file + j
      images[label], record = labelled_image_record(label, image_format)
      records.append(record)
    paths.append(write_records(
        os.path.join(str(directory), 'data-%d-of-%d' % (i, num_files)),
        records))
  return paths, images


def drain(fetches, graph=None, max_steps=1000, init_local=True):
  """Runs `fetches` until tf.errors.OutOfRangeError; returns the results.

  Queue runners of the graph are started with a coordinator and stopped and
  joined before returning.  Raises AssertionError after `max_steps` results
  (a pipeline that never ends).
  """
  graph = graph or tf.get_default_graph()
  with graph.as_default(), tf.Session(graph=graph) as sess:
    sess.run(tf.global_variables_initializer())
    if init_local:
      sess.run(tf.local_variables_initializer())
    sess.run(tf.tables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    results = []
    try:
      while True:
        assert len(results) < max_steps, 'the pipeline did not end'
        results.append(sess.run(fetches))
    except tf.errors.OutOfRangeError:
      pass
    finally:
      coord.request_stop()
      coord.join(threads, stop_grace_period_secs=30)
  return results


def take(fetches, steps, graph=None):
  """Runs `fetches` `steps` times with the graph's queue runners started."""
  graph = graph or tf.get_default_graph()
  with graph.as_default(), tf.Session(graph=graph) as sess:
    sess.run([tf.global_variables_initializer(),
              tf.local_variables_initializer(), tf.tables_initializer()])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
      return [sess.run(fetches) for _ in range(steps)]
    finally:
      # Each queue runner closes its queue (cancelling blocked enqueues)
      # when the coordinator asks to stop.
      coord.request_stop()
      coord.join(threads, stop_grace_period_secs=30)


def evaluate(fetches, graph=None):
  """Evaluates `fetches` once (tables and variables initialised)."""
  graph = graph or tf.get_default_graph()
  with graph.as_default(), tf.Session(graph=graph) as sess:
    sess.run([tf.global_variables_initializer(),
              tf.local_variables_initializer(), tf.tables_initializer()])
    return sess.run(fetches)
