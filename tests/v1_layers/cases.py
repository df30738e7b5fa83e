"""The parity cases: each builds a little graph with a TF1 layers module
(`kit.layers`: TensorFlow's own or slimcompat's) and returns its outputs.

One function per behaviour; `CASES` maps case names to them.  A case marked
`build_only` is described without running (channels_first kernels that the
CPU does not implement); one marked `keep_initial_values` runs with the
variables' initial values instead of the harness's.
"""

from slimcompat._compat import tf

CASES = {}


def case(function=None, build_only=False, keep_initial_values=False):
  def register(fn):
    fn.build_only = build_only
    fn.keep_initial_values = keep_initial_values
    CASES[fn.__name__] = fn
    return fn
  return register(function) if function else register


def l2(scale):
  return lambda t: scale * tf.nn.l2_loss(t)


# ------------------------------------------------------------- convolution
@case
def conv2d_default(kit):
  return kit.layers.conv2d(kit.x(2, 7, 7, 3), 4, 3)


@case
def conv2d_full_options(kit):
  return kit.layers.conv2d(
      kit.x(2, 8, 8, 3), 5, [3, 2], strides=2, padding='same',
      activation=tf.nn.relu, kernel_regularizer=l2(0.1),
      bias_regularizer=l2(0.2), activity_regularizer=l2(0.01),
      kernel_constraint=lambda k: tf.clip_by_norm(k, 1.0),
      bias_initializer=tf.constant_initializer(0.3), name='fancy')


@case
def conv2d_dilated_no_bias(kit):
  return kit.layers.conv2d(kit.x(2, 9, 9, 2), 3, 3, dilation_rate=2,
                           use_bias=False, padding='SAME')


@case(build_only=True)
def conv2d_channels_first(kit):
  return kit.layers.conv2d(kit.x(2, 3, 8, 8), 4, 3,
                           data_format='channels_first')


@case
def conv1d_variants(kit):
  layers = kit.layers
  a = layers.conv1d(kit.x(2, 9, 3), 4, 3)
  b = layers.conv1d(kit.x(2, 9, 3), 2, 2, padding='causal', dilation_rate=2)
  c = layers.conv1d(kit.x(2, 9, 3), 2, 3, strides=2, padding='same',
                    activation=tf.tanh)
  return [a, b, c]


@case(build_only=True)
def conv1d_channels_first(kit):
  return kit.layers.conv1d(kit.x(2, 3, 9), 4, 3, data_format='channels_first')


@case
def conv3d_basic(kit):
  return kit.layers.conv3d(kit.x(2, 5, 5, 5, 2), 3, 2, strides=(1, 2, 1),
                           kernel_regularizer=l2(0.5))


@case
def conv2d_transpose_variants(kit):
  layers = kit.layers
  a = layers.conv2d_transpose(kit.x(2, 4, 4, 3), 2, 3, strides=2)
  b = layers.conv2d_transpose(kit.x(2, 4, 5, 3), 2, [3, 2], strides=(2, 1),
                              padding='same', activation=tf.nn.relu)
  return [a, b]


@case
def conv3d_transpose_basic(kit):
  return kit.layers.conv3d_transpose(kit.x(2, 3, 3, 3, 2), 2, 2, strides=2,
                                     padding='same')


@case
def separable_conv2d_variants(kit):
  layers = kit.layers
  a = layers.separable_conv2d(kit.x(2, 8, 8, 3), 4, 3, depth_multiplier=2,
                              depthwise_regularizer=l2(0.1),
                              pointwise_regularizer=l2(0.2))
  b = layers.separable_conv2d(kit.x(2, 9, 9, 3), 2, 3, dilation_rate=2,
                              padding='same', use_bias=False)
  c = layers.separable_conv2d(kit.x(2, 8, 8, 3), 2, 3, strides=2,
                              activation=tf.nn.relu6)
  return [a, b, c]


@case
def separable_conv1d_variants(kit):
  layers = kit.layers
  a = layers.separable_conv1d(kit.x(2, 9, 3), 4, 3, depth_multiplier=2)
  b = layers.separable_conv1d(kit.x(2, 9, 3), 2, 3, padding='same')
  return [a, b]


# -------------------------------------------------------------------- core
@case
def dense_variants(kit):
  layers = kit.layers
  a = layers.dense(kit.x(3, 5), 4, activation=tf.nn.relu,
                   kernel_regularizer=l2(0.1), bias_regularizer=l2(0.3))
  b = layers.dense(kit.x(2, 3, 5), 2, use_bias=False)
  c = layers.dense(kit.x(3, 4), 2, activity_regularizer=l2(0.5),
                   name='logits')
  return [a, b, c]


@case
def dense_not_trainable(kit):
  return kit.layers.dense(kit.x(3, 5), 4, trainable=False)


@case
def dropout_variants(kit):
  layers = kit.layers
  x = kit.x(4, 6)
  return [layers.dropout(x, 0.5), layers.dropout(x, 0.0, training=True),
          layers.dropout(x, 0.4, training=True, seed=3),
          layers.dropout(x, 0.4, noise_shape=[4, 1], training=True, seed=5),
          layers.dropout(x, 0.3, training=tf.constant(False)),
          layers.dropout(x, 0.3, seed=1,
                         training=tf.placeholder_with_default(True, []))]


@case
def flatten_variants(kit):
  layers = kit.layers
  return [layers.flatten(kit.x(2, 3, 4)), layers.flatten(kit.x(2, 3, 2, 2)),
          layers.flatten(kit.x(2, 3, 2), data_format='channels_first'),
          layers.flatten(tf.placeholder_with_default(kit.value(2, 3, 4),
                                                     [None, 3, None]))]


# ------------------------------------------------------------------ pooling
@case
def pooling_functions(kit):
  layers = kit.layers
  x1, x2, x3 = kit.x(2, 8, 3), kit.x(2, 8, 8, 3), kit.x(2, 4, 4, 4, 2)
  return [layers.max_pooling1d(x1, 2, 2), layers.average_pooling1d(x1, 3, 1),
          layers.max_pooling2d(x2, 3, 2, padding='same'),
          layers.average_pooling2d(x2, [2, 3], [2, 1]),
          layers.max_pooling3d(x3, 2, 2),
          layers.average_pooling3d(x3, 2, 1, padding='same', name='avg3'),
          layers.max_pooling1d(kit.x(2, 3, 8), 2, 2,
                               data_format='channels_first')]


# ----------------------------------------------------------- normalization
@case
def batch_norm_training_fused(kit):
  return kit.layers.batch_normalization(kit.x(4, 3, 3, 2), training=True)


@case
def batch_norm_inference(kit):
  return kit.layers.batch_normalization(kit.x(4, 3, 3, 2))


@case
def batch_norm_training_tensor(kit):
  flag = tf.placeholder_with_default(True, [])
  return [kit.layers.batch_normalization(kit.x(4, 3, 3, 2), training=flag),
          kit.layers.batch_normalization(kit.x(4, 5), training=flag,
                                         momentum=0.9)]


@case
def training_none_uses_learning_phase(kit):
  layers = kit.layers
  x = kit.x(4, 3)
  with tf.variable_scope('s'):
    outs = [layers.dropout(x, 0.5, training=None),
            layers.batch_normalization(x, training=None),
            layers.batch_normalization(kit.x(2, 2, 2, 3), training=None)]
  outs.append(layers.Dropout(0.5)(x))
  outs.append(layers.Dropout(0.5)(x, training=None))
  return outs


@case
def batch_norm_not_fused(kit):
  layers = kit.layers
  return [layers.batch_normalization(kit.x(4, 3, 3, 2), training=True,
                                     fused=False, momentum=0.8,
                                     epsilon=0.01),
          layers.batch_normalization(kit.x(4, 5), training=True,
                                     center=False, scale=False),
          layers.batch_normalization(kit.x(4, 3, 2), axis=1, training=True,
                                     gamma_regularizer=l2(0.1),
                                     beta_regularizer=l2(0.2))]


@case
def batch_norm_renorm(kit):
  return kit.layers.batch_normalization(
      kit.x(6, 4), training=True, renorm=True,
      renorm_clipping={'rmax': 1.5, 'rmin': 0.5, 'dmax': 0.3},
      renorm_momentum=0.9)


@case
def batch_norm_virtual_batch(kit):
  return kit.layers.batch_normalization(kit.x(4, 3, 3, 2), training=True,
                                        virtual_batch_size=2)


@case
def batch_norm_adjustment(kit):
  def adjust(shape):
    del shape
    return tf.constant([1.5, 0.5]), tf.constant([0.1, -0.1])
  return kit.layers.batch_normalization(kit.x(4, 2), training=True,
                                        adjustment=adjust)


@case
def batch_norm_5d_fused_false_training(kit):
  return kit.layers.batch_normalization(kit.x(2, 2, 3, 3, 2), training=False,
                                        fused=False)


# ------------------------------------------------- scopes, reuse, classes
@case
def default_names_uniquified(kit):
  layers = kit.layers
  x = kit.x(2, 6, 6, 2)
  outs = [layers.conv2d(x, 2, 1), layers.conv2d(x, 2, 1)]
  with tf.variable_scope('tower'):
    outs.append(layers.conv2d(x, 2, 1))
    outs.append(layers.max_pooling2d(x, 2, 2))
  outs.append(layers.max_pooling2d(x, 2, 2))
  outs.append(layers.dense(layers.flatten(x), 3))
  return outs


@case
def named_reuse_true(kit):
  layers = kit.layers
  x = kit.x(2, 5)
  a = layers.dense(x, 3, name='fc')
  b = layers.dense(x * 2.0, 3, name='fc', reuse=True)
  return [a, b]


@case
def auto_reuse_scope(kit):
  layers = kit.layers
  outs = []
  for i in range(2):
    with tf.variable_scope('shared', reuse=tf.AUTO_REUSE):
      outs.append(layers.conv2d(kit.x(2, 4, 4, 2), 3, 2, name='conv'))
      outs.append(layers.batch_normalization(outs[-1], training=True,
                                              name='bn'))
    del i
  return outs


@case
def reuse_scope_default_name(kit):
  layers = kit.layers
  x = kit.x(2, 5)
  with tf.variable_scope('net'):
    a = layers.dense(x, 3)
  with tf.variable_scope('net', reuse=True):
    b = layers.dense(x, 3)
  return [a, b]


@case
def class_called_twice(kit):
  layers = kit.layers
  conv = layers.Conv2D(3, 2, padding='same', kernel_regularizer=l2(0.1))
  a = conv(kit.x(2, 4, 4, 2))
  b = conv(kit.x(2, 4, 4, 2))
  kit.record(conv)
  dense = layers.Dense(2, name='head')
  c = dense.apply(layers.Flatten()(b))
  kit.record(dense, 'dense')
  return [a, b, c]


@case
def class_batch_norm_attributes(kit):
  layers = kit.layers
  bn = layers.BatchNormalization(axis=1, momentum=0.5, fused=False)
  out = bn(kit.x(4, 3), training=True)
  kit.record(bn)
  frozen = layers.BatchNormalization(trainable=False)
  out2 = frozen(kit.x(4, 3), training=False)
  kit.record(frozen, 'frozen')
  return [out, out2]


@case
def class_every_layer_names(kit):
  layers = kit.layers
  x2, x1, x3 = kit.x(2, 6, 6, 2), kit.x(2, 6, 2), kit.x(2, 4, 4, 4, 2)
  made = [
      (layers.Conv1D(2, 2), x1), (layers.Conv2D(2, 2), x2),
      (layers.Conv3D(2, 2), x3), (layers.Conv2DTranspose(2, 2), x2),
      (layers.Conv3DTranspose(2, 2), x3), (layers.SeparableConv1D(2, 2), x1),
      (layers.SeparableConv2D(2, 2), x2), (layers.Dense(2), x1),
      (layers.Dropout(0.5), x1), (layers.Flatten(), x2),
      (layers.BatchNormalization(), x2), (layers.MaxPooling1D(2, 1), x1),
      (layers.MaxPooling2D(2, 1), x2), (layers.MaxPooling3D(2, 1), x3),
      (layers.AveragePooling1D(2, 1), x1),
      (layers.AveragePooling2D(2, 1), x2),
      (layers.AveragePooling3D(2, 1), x3)]
  outs = []
  for index, (layer, inputs) in enumerate(made):
    outs.append(layer(inputs))
    kit.record(layer, 'layer%02d' % index)
  return outs


@case
def subclassed_layer(kit):
  layers = kit.layers

  class Scaled(layers.Layer):
    """A user layer: weight-standardised kernel through add_variable."""

    def build(self, input_shape):
      self.w = self.add_variable('w', [int(input_shape[-1]), 2],
                                 regularizer=l2(0.5))
      self.s = self.add_weight('s', [], initializer=tf.ones_initializer(),
                               trainable=False)
      self.input_spec = layers.InputSpec(ndim=2)
      super(Scaled, self).build(input_shape)

    def call(self, inputs):
      kernel = self.w - tf.reduce_mean(self.w)
      self.add_update(tf.assign_add(self.s, 1.0))
      return tf.matmul(inputs, kernel) * self.s

  layer = Scaled(name='scaled')
  out = layer(kit.x(3, 4))
  kit.record(layer)
  return out


@case
def scope_argument_on_call(kit):
  layer = kit.layers.Dense(2)
  out = layer(kit.x(2, 3), scope='given')
  kit.record(layer)
  return out


@case(keep_initial_values=True)
def scope_initializer_dtype_and_getter(kit):
  layers = kit.layers
  seen = []

  def getter(next_getter, name, *args, **kwargs):
    seen.append(name)
    return next_getter(name, *args, **kwargs)
  with tf.variable_scope('init', initializer=tf.constant_initializer(0.25),
                         custom_getter=getter):
    a = layers.dense(kit.x(2, 3), 2)
    b = layers.conv2d(tf.cast(kit.x(2, 4, 4, 2), tf.float64), 2, 2)
  kit.attrs['getter_saw'] = seen
  return [a, b]


@case
def partitioned_dense(kit):
  with tf.variable_scope('part',
                         partitioner=tf.fixed_size_partitioner(2)):
    out = kit.layers.dense(kit.x(3, 4), 6, kernel_regularizer=l2(0.1))
    bn = kit.layers.batch_normalization(out, training=True)
  return [out, bn]


@case
def constraints_and_not_trainable_scope(kit):
  layers = kit.layers
  layer = layers.Dense(3, kernel_constraint=lambda k: k * 0.5,
                       bias_constraint=tf.abs, trainable=False)
  out = layer(kit.x(2, 4))
  kit.attrs['constraints'] = [layer.kernel.constraint is not None,
                              layer.bias.constraint is not None]
  kit.record(layer)
  return out


# ---------------------------------------------------------------- errors
@case
def error_bad_padding(kit):
  return kit.layers.conv2d(kit.x(2, 4, 4, 2), 2, 2, padding='full')


@case
def error_bad_data_format(kit):
  return kit.layers.conv2d(kit.x(2, 4, 4, 2), 2, 2, data_format='NHWC')


@case
def error_kernel_size_length(kit):
  return kit.layers.conv2d(kit.x(2, 4, 4, 2), 2, [2, 2, 2])


@case
def error_negative_filters(kit):
  return kit.layers.conv2d(kit.x(2, 4, 4, 2), -1, 2)


@case
def error_wrong_rank(kit):
  return kit.layers.conv2d(kit.x(2, 4), 2, 2)


@case
def error_dense_unknown_last_dim(kit):
  return kit.layers.dense(tf.placeholder(tf.float32, [2, None]), 2)


@case
def error_dropout_rate(kit):
  return kit.layers.dropout(kit.x(2, 3), 1.5, training=True)


@case
def error_pool_size(kit):
  return kit.layers.max_pooling2d(kit.x(2, 4, 4, 2), [2, 2, 2], 1)


@case
def error_batch_norm_axis(kit):
  return kit.layers.batch_normalization(kit.x(2, 4), axis=3)


@case
def error_renorm_clipping_key(kit):
  return kit.layers.batch_normalization(kit.x(2, 4), renorm=True,
                                        renorm_clipping={'rmaxx': 2.0})


@case
def error_variable_exists(kit):
  x = kit.x(2, 3)
  kit.layers.dense(x, 2, name='fc')
  return kit.layers.dense(x, 2, name='fc')


@case
def error_unknown_keyword(kit):
  return kit.layers.Dense(2, bogus=1)(kit.x(2, 3))


@case
def error_input_spec_after_build(kit):
  layer = kit.layers.Dense(2)
  layer(kit.x(2, 3))
  return layer(kit.x(2, 4))


@case
def error_scope_name_before_call(kit):
  layer = kit.layers.Dense(2)
  return layer.scope_name


@case
def error_add_weight_unknown_keyword(kit):
  layers = kit.layers

  class Odd(layers.Layer):

    def build(self, input_shape):
      self.add_weight('w', [2], colour='red')

  return Odd()(kit.x(2, 2))


@case
def error_on_read_trainable(kit):
  layers = kit.layers

  class Odd(layers.Layer):

    def build(self, input_shape):
      self.add_weight('w', [2], trainable=True,
                      synchronization=tf.VariableSynchronization.ON_READ)

  return Odd()(kit.x(2, 2))


@case
def error_call_returns_none(kit):
  layers = kit.layers

  class Nothing(layers.Layer):

    def call(self, inputs):
      del inputs

  return Nothing()(kit.x(2, 2))
