# Issue 25, pattern 3: public names that look private or Python 2 -- none of
# them blocks: tf.python_io (not tensorflow.python), the public protobuf
# modules under tensorflow.core, and a Python 2 fallback that never runs.
# expect: runs
import tensorflow as tf
from tensorflow.core.framework import graph_pb2
from tensorflow.core.protobuf import saver_pb2

try:
  import queue
except ImportError:
  import Queue as queue

WRITER = tf.python_io.TFRecordWriter
OPTIONS = tf.io.TFRecordOptions


def main(_):
  graph = graph_pb2.GraphDef()
  print('OUT', type(graph).__name__, saver_pb2.SaverDef.V2, queue.Queue(1),
        WRITER.__name__, OPTIONS.__name__)


if __name__ == '__main__':
  tf.app.run()
