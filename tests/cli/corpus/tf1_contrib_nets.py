# TF1 style: a published network from `tensorflow.contrib.slim.nets`.
import tensorflow as tf
from tensorflow.contrib.slim.nets import vgg
from tensorflow.contrib.slim.python.slim.nets import resnet_v1

slim = tf.contrib.slim

images = tf.placeholder(tf.float32, [1, 64, 64, 3])
with slim.arg_scope(resnet_v1.resnet_arg_scope()):
  logits, end_points = resnet_v1.resnet_v1_50(images, num_classes=5)
print('OUT', logits.op.name, sorted(end_points)[:2], callable(vgg.vgg_16))
