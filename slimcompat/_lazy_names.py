"""Names that ``tf_slim`` re-exports at top level from its layers package.

slimcompat resolves them on first access (see ``slimcompat.__getattr__``) so
that ``import slimcompat`` does not build the layers package up front.
"""

LAYER_NAMES = frozenset("""
xavier_initializer xavier_initializer_conv2d variance_scaling_initializer
avg_pool2d avg_pool3d batch_norm bias_add conv1d conv2d conv3d conv2d_in_plane
conv2d_transpose conv3d_transpose convolution convolution1d convolution2d
convolution2d_in_plane convolution2d_transpose convolution3d
convolution3d_transpose dense_to_sparse dropout elu flatten fully_connected GDN
gdn images_to_sequence layer_norm linear pool max_pool2d max_pool3d
one_hot_encoding relu relu6 repeat scale_gradient separable_conv2d
separable_convolution2d sequence_to_images softmax spatial_softmax stack
unit_norm legacy_fully_connected legacy_linear legacy_relu maxout
group_norm instance_norm
l1_regularizer l2_regularizer l1_l2_regularizer sum_regularizer
apply_regularization
rev_block RevBlock recompute_grad
summarize_tensor summarize_activation summarize_tensors summarize_collection
summarize_variables summarize_weights summarize_biases summarize_activations
optimize_loss adaptive_clipping_fn OPTIMIZER_CLS_NAMES OPTIMIZER_SUMMARIES
bucketize
""".split())
